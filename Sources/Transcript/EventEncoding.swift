import AgentCore

/// Turns events into transcript lines (format 3, docs/TRANSCRIPT.md).
public enum EventEncoding {
    /// The event as one JSON object: the common fields, then its payload's fields.
    public static func json(_ event: Event) -> JSONValue {
        .object(payloadFields(event.payload).merging(common(event)) { _, common in common })
    }

    /// The event as one transcript line, without the newline.
    public static func line(_ event: Event) -> String { String(decoding: lineBytes(event), as: UTF8.self) }

    /// The line's bytes. A request body is serialised once and both hashed and written:
    /// "body" sorts before every other key of llm.request, so the canonical line is the
    /// body's bytes followed by the rest of the object.
    /// - Parameter cache: the run's cache, which reuses what earlier requests of the run
    ///   already serialised and hashed.
    public static func lineBytes(_ event: Event, cache: RequestLineCache? = nil) -> [UInt8] {
        defer { if let cache, cache.bodies != nil { cache.recent.withLock { $0.note(event) } } }
        guard case .llmRequest(let r) = event.payload else { return json(event).canonicalBytes }
        guard let cache else { return requestLine(event, r, cache: nil) }
        return cache.line.withLock { _ in requestLine(event, r, cache: cache) }
    }

    private static func requestLine(_ event: Event, _ r: LLMRequestRecord, cache: RequestLineCache?) -> [UInt8] {
        let bodyBytes = cache?.body.encode(r.body) ?? r.body.canonicalBytes
        var rest = common(event)
        rest["step"] = .int(r.step)
        rest["provider"] = .string(r.provider)
        rest["model"] = .string(r.model)
        rest["sha256"] = .string(cache.map { $0.hash.hex(bodyBytes, unchanged: $0.body.unchangedBytes) } ?? Digest.sha256(bodyBytes))
        // The encoder just compared this body's messages with the last one's: how it made
        // them of those saves the delta comparing them again.
        if let cache, let delta = cache.bodies?.delta(to: r.body, splice: cache.body.splice("messages")) {
            // The whole body was still serialised: its hash is of the whole body.
            let recent = cache.recent.withLock { $0 }
            rest["delta"] = delta.objectValue.map { .object(TextReferences.cut($0, recent: recent, secrets: cache.secrets)) } ?? delta
            return JSONValue.object(rest).canonicalBytes
        }
        var out: [UInt8] = Array(#"{"body":"#.utf8)
        out.reserveCapacity(bodyBytes.count + 256)
        out.append(contentsOf: bodyBytes)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: JSONValue.object(rest).canonicalBytes.dropFirst())
        return out
    }

    static func common(_ event: Event) -> JSONObject {
        [
            "v": .int(Event.formatVersion), "run": .string(event.run), "seq": .int(event.seq),
            "ts": .string(event.ts.rfc3339), "type": .string(event.type),
        ]
    }

    static func payloadFields(_ payload: EventPayload) -> JSONObject {
        switch payload {
        case .runStart(let r):
            var fields: JSONObject = [
                "task": .string(r.task), "config": r.config.json, "model": .string(r.config.model),
                "provider": .string(r.config.provider),
                "tools": .array(r.tools.map(json)),
                "version": .string(r.version), "seed": .string(String(r.seed)),
            ]
            // Absent for a run on its own, so such lines read as before sessions existed.
            fields["session"] = r.session.map(json)
            fields["fork"] = r.fork.map(json)
            return fields
        case .llmRequest(let r):
            return [
                "step": .int(r.step), "provider": .string(r.provider), "model": .string(r.model), "body": r.body,
                "sha256": .string(Digest.sha256(r.body)),
            ]
        case .llmResponse(let r):
            var usage: JSONObject = [
                "input": .int(r.turn.usage.input), "output": .int(r.turn.usage.output), "cached": .int(r.turn.usage.cached),
            ]
            // Absent when zero, as in lines written before cache writes were counted apart.
            if r.turn.usage.cacheWrite > 0 { usage["cache_write"] = .int(r.turn.usage.cacheWrite) }
            var fields: JSONObject = [
                "step": .int(r.step), "text": .string(r.turn.text), "tool_calls": .array(r.turn.toolCalls.map(json)),
                "usage": .object(usage), "latency_ms": .number(Double(r.latencyMS)), "finish_reason": .string(r.turn.finishReason),
            ]
            // Absent rather than null (format 4): a line holds what the step says.
            fields["cost_usd"] = r.costUSD.map(JSONValue.number)
            if !r.turn.raw.isNull { fields["raw"] = r.turn.raw }
            if !r.turn.thinking.isEmpty { fields["thinking"] = .array(r.turn.thinking) }
            return fields
        case .toolCall(let r):
            return ["step": .int(r.step), "id": .string(r.id), "name": .string(r.name), "arguments": r.arguments]
        case .toolResult(let r):
            var fields: JSONObject = [
                "step": .int(r.step), "id": .string(r.id), "output": .string(r.output), "latency_ms": .number(Double(r.latencyMS)),
            ]
            // Absent when false or empty (format 4).
            if r.isError { fields["is_error"] = true }
            if r.truncated { fields["truncated"] = true }
            if r.tainted { fields["tainted"] = true }
            if !r.sources.isEmpty { fields["sources"] = .array(r.sources.map(json)) }
            // Absent for built-in tools, so their lines read as before MCP tools existed.
            fields["server"] = r.server.map(json)
            return fields
        case .scratchpad(let r):
            return ["step": .int(r.step), "op": .string(r.op), "key": .string(r.key), "value": .optional(r.value)]
        case .memoryRead(let r):
            return [
                "step": .int(r.step), "query": .string(r.query),
                "items": .array(r.items.map(json)),
            ]
        case .memoryWrite(let r):
            return [
                "step": .int(r.step), "id": .string(r.id), "kind": .string(r.kind), "text": .string(r.text),
                "sources": .array(r.sources.map(json)),
            ]
        case .memoryForget(let r):
            return ["id": .string(r.id)]
        case .budget(let r):
            return ["step": .int(r.step), "spent": json(r.spent), "left": json(r.left)]
        case .error(let r):
            return ["step": .int(r.step), "kind": .string(r.kind), "message": .string(r.message), "retriable": .bool(r.retriable)]
        case .runEnd(let r):
            return [
                "status": .string(r.status.rawValue), "reason": .optional(r.reason), "answer": .string(r.answer),
                "citations": .array(r.citations.map(json)), "totals": json(r.totals),
            ]
        }
    }

    static func json(_ item: RecalledMemory) -> JSONValue {
        var fields: JSONObject = [
            "id": .string(item.id), "text": .string(item.text), "source": .string(item.source), "score": .number(item.score),
        ]
        // Optional: absent when unknown, so older lines read the same.
        fields["date"] = item.date.map(JSONValue.string)
        if !item.moreSources.isEmpty { fields["more_sources"] = .array(item.moreSources.map(JSONValue.string)) }
        return .object(fields)
    }

    static func json(_ call: ToolCall) -> JSONValue {
        ["id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments)]
    }

    static func json(_ digest: ToolDigest) -> JSONValue {
        var fields: JSONObject = ["name": .string(digest.name), "schema_sha256": .string(digest.schemaSHA256)]
        fields["server"] = digest.server.map(json)
        if let schema = digest.schema {
            fields["description"] = .string(schema.description)
            fields["parameters"] = schema.parameters
        }
        return .object(fields)
    }

    static func json(_ server: ToolServer) -> JSONValue { ["name": .string(server.name), "version": .string(server.version)] }

    static func json(_ source: Source) -> JSONValue {
        ["kind": .string(source.kind.rawValue), "ref": .string(source.ref), "title": .optional(source.title)]
    }

    static func json(_ source: NumberedSource) -> JSONValue {
        var fields = json(source.source).objectValue ?? [:]
        fields["n"] = .int(source.number)
        return .object(fields)
    }

    static func json(_ session: SessionContext) -> JSONValue {
        [
            "id": .string(session.id), "previous_run": .optional(session.previousRun),
            "turns": .array(session.turns.map { ["question": .string($0.question), "answer": .string($0.answer)] }),
            "condensed": .array(session.condensed.map(JSONValue.string)), "sources": .array(session.sources.map(json)),
        ]
    }

    static func json(_ fork: ForkOrigin) -> JSONValue {
        [
            "parent_run": .string(fork.parentRun), "parent_path": .string(fork.parentPath),
            "parent_sha256": .string(fork.parentSHA256), "step": .int(fork.step),
            "injections": .array(
                fork.injections.sorted { $0.key < $1.key }.map { ["step": .int($0.key), "text": .string($0.value)] }),
            "edited_results": .object(JSONObject(fork.editedResults.mapValues(JSONValue.string))),
            "changes": .array(fork.changes.map(JSONValue.string)),
        ]
    }

    /// What a run spent; `cost_usd` is absent when the price is unknown (format 4).
    static func json(_ spend: Spend) -> JSONValue {
        var fields: JSONObject = [
            "steps": .int(spend.steps), "input_tokens": .int(spend.inputTokens), "output_tokens": .int(spend.outputTokens),
            "cached_tokens": .int(spend.cachedTokens), "tool_calls": .int(spend.toolCalls),
            "elapsed_ms": .number(Double(spend.elapsedMS)),
        ]
        fields["cost_usd"] = spend.costUSD.map(JSONValue.number)
        return .object(fields)
    }

    /// What a budget leaves; a limit the run does not have is absent (format 4).
    static func json(_ left: BudgetLeft) -> JSONValue {
        var fields: JSONObject = ["steps": .int(left.steps)]
        fields["input_tokens"] = left.inputTokens.map(JSONValue.int)
        fields["output_tokens"] = left.outputTokens.map(JSONValue.int)
        fields["cost_usd"] = left.costUSD.map(JSONValue.number)
        fields["seconds"] = left.seconds.map(JSONValue.number)
        fields["tool_calls"] = left.toolCalls.map(JSONValue.int)
        return .object(fields)
    }
}
