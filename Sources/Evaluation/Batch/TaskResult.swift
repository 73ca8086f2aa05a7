import AgentCore

/// One line of results.jsonl: how one task ended in one epoch.
public struct TaskResult: Sendable, Equatable {
    /// Calls of one tool in the run, and how many returned an error.
    public struct ToolUse: Sendable, Equatable {
        /// Calls made.
        public var calls: Int
        /// Calls whose result was an error.
        public var errors: Int

        /// A count.
        public init(calls: Int = 0, errors: Int = 0) {
            self.calls = calls
            self.errors = errors
        }
    }

    /// The task's id.
    public var id: String
    /// The epoch, from 1.
    public var epoch: Int
    /// How the run ended.
    public var status: RunStatus
    /// The answer (the best available when the run did not finish).
    public var answer: String
    /// The sources the answer cites, in order.
    public var sources: [NumberedSource]
    /// Model calls made.
    public var steps: Int
    /// Prompt tokens.
    public var inputTokens: Int
    /// Generated tokens.
    public var outputTokens: Int
    /// Prompt tokens served from the provider's cache.
    public var cachedTokens: Int
    /// Dollars spent; nil when the price is unknown.
    public var costUSD: Double?
    /// Wall-clock seconds from start to end.
    public var latencySeconds: Double
    /// Tool calls by tool.
    public var tools: [String: ToolUse]
    /// Why the run failed or stopped, in words.
    public var error: String?
    /// The transcript, relative to the batch directory.
    public var transcript: String
    /// The transcript's SHA-256 when the run ended.
    public var transcriptSHA256: String

    /// A result.
    public init(
        id: String, epoch: Int, status: RunStatus, answer: String, sources: [NumberedSource], steps: Int, inputTokens: Int,
        outputTokens: Int, cachedTokens: Int, costUSD: Double?, latencySeconds: Double, tools: [String: ToolUse], error: String?,
        transcript: String, transcriptSHA256: String
    ) {
        self.id = id
        self.epoch = epoch
        self.status = status
        self.answer = answer
        self.sources = sources
        self.steps = steps
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedTokens = cachedTokens
        self.costUSD = costUSD
        self.latencySeconds = latencySeconds
        self.tools = tools
        self.error = error
        self.transcript = transcript
        self.transcriptSHA256 = transcriptSHA256
    }

    /// The key that identifies a task's run in a batch.
    public var key: TaskKey { TaskKey(id: id, epoch: epoch) }

    /// The line as JSON (docs/BATCH.md).
    public var json: JSONValue {
        let sourceList: [JSONValue] = sources.map { numbered in
            [
                "n": .int(numbered.number), "kind": .string(numbered.source.kind.rawValue), "ref": .string(numbered.source.ref),
                "title": .optional(numbered.source.title),
            ]
        }
        let toolObject = JSONObject(
            pairs: tools.keys.sorted().map { name in
                (name, ["calls": .int(tools[name]?.calls ?? 0), "errors": .int(tools[name]?.errors ?? 0)] as JSONValue)
            })
        return .object(
            JSONObject(pairs: [
                ("id", .string(id)), ("epoch", .int(epoch)), ("status", .string(status.rawValue)), ("answer", .string(answer)),
                ("sources", .array(sourceList)), ("steps", .int(steps)),
                ("usage", ["input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens), "cached_tokens": .int(cachedTokens)]),
                ("cost_usd", .optional(costUSD)), ("latency_s", .number(latencySeconds)), ("tool_calls", .object(toolObject)),
                ("error", .optional(error)), ("transcript", .string(transcript)), ("transcript_sha256", .string(transcriptSHA256)),
            ]))
    }

    /// The result a results.jsonl line holds, or nil when the line is not one (a line cut
    /// off by a crash).
    public init?(json value: JSONValue) {
        guard let id = value["id"]?.stringValue, let epoch = value["epoch"]?.intValue,
            let status = value["status"]?.stringValue.flatMap(RunStatus.init(rawValue:)), let answer = value["answer"]?.stringValue,
            let transcript = value["transcript"]?.stringValue
        else { return nil }
        if let cost = value["cost_usd"], !cost.isNull, !(cost.doubleValue.map { $0 >= 0 && $0.isFinite } ?? false) { return nil }
        var tools: [String: ToolUse] = [:]
        for (name, use) in value["tool_calls"]?.objectValue ?? JSONObject() {
            tools[name] = ToolUse(calls: use["calls"]?.intValue ?? 0, errors: use["errors"]?.intValue ?? 0)
        }
        let sources: [NumberedSource] = (value["sources"]?.arrayValue ?? []).compactMap { item in
            guard let n = item["n"]?.intValue, let ref = item["ref"]?.stringValue else { return nil }
            let kind = item["kind"]?.stringValue.flatMap(Source.Kind.init(rawValue:)) ?? .url
            return NumberedSource(number: n, source: Source(kind: kind, ref: ref, title: item["title"]?.stringValue))
        }
        let usage = value["usage"]
        self.init(
            id: id, epoch: epoch, status: status, answer: answer, sources: sources, steps: value["steps"]?.intValue ?? 0,
            inputTokens: usage?["input_tokens"]?.intValue ?? 0, outputTokens: usage?["output_tokens"]?.intValue ?? 0,
            cachedTokens: usage?["cached_tokens"]?.intValue ?? 0, costUSD: value["cost_usd"]?.doubleValue,
            latencySeconds: value["latency_s"]?.doubleValue ?? 0, tools: tools, error: value["error"]?.stringValue, transcript: transcript,
            transcriptSHA256: value["transcript_sha256"]?.stringValue ?? "")
    }
}

/// A task's run in a batch: its id and epoch.
public struct TaskKey: Sendable, Hashable, Comparable {
    /// The task's id.
    public var id: String
    /// The epoch, from 1.
    public var epoch: Int

    /// A key.
    public init(id: String, epoch: Int) {
        self.id = id
        self.epoch = epoch
    }

    /// By id, then epoch.
    public static func < (a: TaskKey, b: TaskKey) -> Bool { (a.id, a.epoch) < (b.id, b.epoch) }

    /// The transcript's file name in the batch's transcripts/: the id made safe for a
    /// file name, and the epoch.
    public var transcriptName: String {
        let safe = String(id.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }.prefix(80))
        // Two ids that differ only in unsafe characters must not share a file.
        let tag = String(FNV1a.hash(Array(id.utf8)) % 0xFF_FFFF, radix: 16)
        return "\(safe)-\(tag)-e\(epoch).jsonl"
    }
}
