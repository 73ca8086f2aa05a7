import AgentCore

/// Reads transcript lines back into events, naming the first field that is wrong.
public enum EventDecoding {
    /// The event a transcript object describes.
    /// - Parameters:
    ///   - previousBody: the body of the run's request before this line, which a request
    ///     written as a delta is rebuilt from.
    ///   - recent: the texts of the run's lines since that request, which a delta may refer to.
    public static func event(_ json: JSONValue, previousBody: JSONValue? = nil, recent: RecentTexts = RecentTexts()) throws(FieldError)
        -> Event
    {
        let f = Fields(json, "")
        let version = try f.int("v")
        guard Event.readableVersions.contains(version) else {
            throw FieldError(field: "v (version \(version) is not supported; this build reads \(Event.readableVersions))")
        }
        guard let ts = Instant(rfc3339: try f.string("ts")) else { throw FieldError(field: "ts") }
        return Event(
            run: try f.string("run"), seq: try f.int("seq"), ts: ts, payload: try payload(f, previousBody: previousBody, recent: recent))
    }

    private static func payload(_ f: Fields, previousBody: JSONValue?, recent: RecentTexts) throws(FieldError) -> EventPayload {
        let type = try f.string("type")
        switch type {
        case "run.start":
            let config: RunConfig
            do { config = try RunConfig(json: try f.value("config")) } catch { throw FieldError(field: "config.\(error.field)") }
            let tools = try f.array("tools").map { t throws(FieldError) in
                let name = try t.string("name")
                let server = t.optional("server") == nil ? nil : try toolServer(try t.object("server"))
                let schema: ToolSchema? =
                    t.optional("parameters") == nil
                    ? nil : ToolSchema(name: name, description: try t.string("description"), parameters: try t.value("parameters"))
                return ToolDigest(name: name, schemaSHA256: try t.string("schema_sha256"), server: server, schema: schema)
            }
            guard let seed = UInt64(try f.string("seed")) else { throw FieldError(field: "seed") }
            let session: SessionContext? = f.optional("session") == nil ? nil : try self.session(try f.object("session"))
            let fork: ForkOrigin? = f.optional("fork") == nil ? nil : try self.fork(try f.object("fork"))
            return .runStart(
                RunStart(
                    task: try f.string("task"), config: config, tools: tools, version: try f.string("version"), seed: seed,
                    session: session, fork: fork))
        case "llm.request":
            let body: JSONValue
            if let delta = f.optional("delta") {
                guard let previousBody else { throw FieldError(field: "delta (no request before it to rebuild the body from)") }
                body = try RequestDelta.apply(delta, to: previousBody, recent: recent)
            } else {
                body = try f.value("body")
            }
            return .llmRequest(
                LLMRequestRecord(step: try f.int("step"), provider: try f.string("provider"), model: try f.string("model"), body: body))
        case "llm.response":
            let usage = try f.object("usage")
            let calls = try f.array("tool_calls").map { c throws(FieldError) in
                ToolCall(id: try c.string("id"), name: try c.string("name"), arguments: try c.string("arguments"))
            }
            let turn = ModelTurn(
                text: try f.string("text"), toolCalls: calls,
                usage: TokenUsage(
                    input: try usage.int("input"), output: try usage.int("output"), cached: try usage.int("cached"),
                    cacheWrite: usage.optional("cache_write")?.intValue ?? 0),
                finishReason: try f.string("finish_reason"), raw: f.optional("raw") ?? .null,
                thinking: f.optional("thinking")?.arrayValue ?? [])
            return .llmResponse(
                LLMResponseRecord(
                    step: try f.int("step"), turn: turn, costUSD: f.optional("cost_usd")?.doubleValue,
                    latencyMS: Int64(try f.int("latency_ms"))))
        case "tool.call":
            return .toolCall(
                ToolCallRecord(
                    step: try f.int("step"), id: try f.string("id"), name: try f.string("name"), arguments: try f.value("arguments")))
        case "tool.result":
            return .toolResult(
                ToolResultRecord(
                    step: try f.int("step"), id: try f.string("id"), output: try f.string("output"), isError: try f.flag("is_error"),
                    latencyMS: Int64(try f.int("latency_ms")), truncated: try f.flag("truncated"), tainted: try f.flag("tainted"),
                    sources: try f.list("sources").map(numberedSource),
                    server: f.optional("server") == nil ? nil : try toolServer(try f.object("server"))))
        case "scratchpad":
            return .scratchpad(
                ScratchpadRecord(
                    step: try f.int("step"), op: try f.string("op"), key: try f.string("key"), value: f.optional("value")?.stringValue))
        case "memory.read":
            let items = try f.array("items").map { i throws(FieldError) in
                RecalledMemory(
                    id: try i.string("id"), text: try i.string("text"), source: try i.string("source"), score: try i.double("score"),
                    date: i.optional("date")?.stringValue,
                    moreSources: i.optional("more_sources")?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            return .memoryRead(MemoryReadRecord(step: try f.int("step"), query: try f.string("query"), items: items))
        case "memory.write":
            return .memoryWrite(
                MemoryWriteRecord(
                    step: try f.int("step"), id: try f.string("id"), kind: try f.string("kind"), text: try f.string("text"),
                    sources: try f.array("sources").map(source)))
        case "memory.forget":
            return .memoryForget(MemoryForgetRecord(id: try f.string("id")))
        case "budget":
            let left = try f.object("left")
            return .budget(
                BudgetRecord(
                    step: try f.int("step"), spent: try spend(try f.object("spent")),
                    left: BudgetLeft(
                        steps: try left.int("steps"), inputTokens: left.optional("input_tokens")?.intValue,
                        outputTokens: left.optional("output_tokens")?.intValue, costUSD: left.optional("cost_usd")?.doubleValue,
                        seconds: left.optional("seconds")?.doubleValue, toolCalls: left.optional("tool_calls")?.intValue)))
        case "error":
            return .error(
                ErrorRecord(
                    step: try f.int("step"), kind: try f.string("kind"), message: try f.string("message"),
                    retriable: try f.bool("retriable")))
        case "run.end":
            guard let status = RunStatus(rawValue: try f.string("status")) else { throw FieldError(field: "status") }
            return .runEnd(
                RunEndRecord(
                    status: status, reason: f.optional("reason")?.stringValue, answer: try f.string("answer"),
                    citations: try f.array("citations").map(numberedSource), totals: try spend(try f.object("totals"))))
        default:
            throw FieldError(field: "type (unknown type '\(type)')")
        }
    }

    private static func source(_ f: Fields) throws(FieldError) -> Source {
        guard let kind = Source.Kind(rawValue: try f.string("kind")) else { throw FieldError(field: f.path("kind")) }
        return Source(kind: kind, ref: try f.string("ref"), title: f.optional("title")?.stringValue)
    }

    private static func fork(_ f: Fields) throws(FieldError) -> ForkOrigin {
        var edited: [String: String] = [:]
        for (id, text) in try f.object("edited_results").json.objectValue ?? [:] {
            guard let text = text.stringValue else { throw FieldError(field: f.path("edited_results.\(id)")) }
            edited[id] = text
        }
        var injections: [Int: String] = [:]
        for item in try f.array("injections") { injections[try item.int("step")] = try item.string("text") }
        return ForkOrigin(
            parentRun: try f.string("parent_run"), parentPath: try f.string("parent_path"), parentSHA256: try f.string("parent_sha256"),
            step: try f.int("step"), injections: injections, editedResults: edited,
            changes: try f.array("changes").map { c throws(FieldError) in
                guard let line = c.json.stringValue else { throw FieldError(field: c.prefix) }
                return line
            })
    }

    private static func session(_ f: Fields) throws(FieldError) -> SessionContext {
        SessionContext(
            id: try f.string("id"), previousRun: f.optional("previous_run")?.stringValue,
            turns: try f.array("turns").map { t throws(FieldError) in
                SessionTurn(question: try t.string("question"), answer: try t.string("answer"))
            },
            condensed: try f.array("condensed").map { c throws(FieldError) in
                guard let line = c.json.stringValue else { throw FieldError(field: c.prefix) }
                return line
            },
            sources: try f.array("sources").map(numberedSource))
    }

    private static func toolServer(_ f: Fields) throws(FieldError) -> ToolServer {
        ToolServer(name: try f.string("name"), version: try f.string("version"))
    }

    private static func numberedSource(_ f: Fields) throws(FieldError) -> NumberedSource {
        NumberedSource(number: try f.int("n"), source: try source(f))
    }

    private static func spend(_ f: Fields) throws(FieldError) -> Spend {
        var s = Spend()
        s.steps = try f.int("steps")
        s.inputTokens = try f.int("input_tokens")
        s.outputTokens = try f.int("output_tokens")
        s.cachedTokens = try f.int("cached_tokens")
        s.costUSD = f.optional("cost_usd")?.doubleValue
        s.toolCalls = try f.int("tool_calls")
        s.elapsedMS = Int64(try f.int("elapsed_ms"))
        return s
    }
}

/// Typed access to an object's fields, with errors that name the field's path.
struct Fields {
    let json: JSONValue
    let prefix: String

    init(_ json: JSONValue, _ prefix: String) {
        self.json = json
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func optional(_ key: String) -> JSONValue? {
        guard let v = json[key], !v.isNull else { return nil }
        return v
    }

    func value(_ key: String) throws(FieldError) -> JSONValue {
        guard let v = json[key] else { throw FieldError(field: path(key)) }
        return v
    }

    func string(_ key: String) throws(FieldError) -> String {
        guard let v = json[key]?.stringValue else { throw FieldError(field: path(key)) }
        return v
    }

    func int(_ key: String) throws(FieldError) -> Int {
        guard let v = json[key]?.intValue else { throw FieldError(field: path(key)) }
        return v
    }

    func double(_ key: String) throws(FieldError) -> Double {
        guard let v = json[key]?.doubleValue else { throw FieldError(field: path(key)) }
        return v
    }

    func bool(_ key: String) throws(FieldError) -> Bool {
        guard let v = json[key]?.boolValue else { throw FieldError(field: path(key)) }
        return v
    }

    /// A boolean that format 4 leaves out when false.
    func flag(_ key: String) throws(FieldError) -> Bool {
        guard let v = json[key] else { return false }
        guard let b = v.boolValue else { throw FieldError(field: path(key)) }
        return b
    }

    /// An array that format 4 leaves out when empty.
    func list(_ key: String) throws(FieldError) -> [Fields] {
        json[key] == nil ? [] : try array(key)
    }

    func object(_ key: String) throws(FieldError) -> Fields {
        guard let v = json[key], case .object = v else { throw FieldError(field: path(key)) }
        return Fields(v, path(key))
    }

    func array(_ key: String) throws(FieldError) -> [Fields] {
        guard let items = json[key]?.arrayValue else { throw FieldError(field: path(key)) }
        return items.enumerated().map { Fields($1, "\(path(key))[\($0)]") }
    }
}
