/// One line of a transcript: something that happened in a run, in order.
public struct Event: Sendable, Hashable {
    /// The transcript format version written: 2 writes requests after a run's first as
    /// deltas, 3 lets a delta name a run of the previous request's messages and refer to
    /// texts earlier lines hold, 4 leaves out fields that are false, empty or null. Readers
    /// take 1 to 4.
    public static let formatVersion = 4

    /// The versions a reader takes.
    public static let readableVersions = 1...4

    /// The run's id (a UUID).
    public var run: String
    /// The event's position in the run, from 0.
    public var seq: Int
    /// When it happened.
    public var ts: Instant
    /// What happened.
    public var payload: EventPayload

    /// An event.
    public init(run: String, seq: Int, ts: Instant, payload: EventPayload) {
        self.run = run
        self.seq = seq
        self.ts = ts
        self.payload = payload
    }

    /// The event's type name as the transcript spells it ("llm.request", ...).
    public var type: String { payload.type }
}

/// What an event says; one case per transcript type of DESIGN.md.
public enum EventPayload: Sendable, Hashable {
    case runStart(RunStart)
    case llmRequest(LLMRequestRecord)
    case llmResponse(LLMResponseRecord)
    case toolCall(ToolCallRecord)
    case toolResult(ToolResultRecord)
    case scratchpad(ScratchpadRecord)
    case memoryRead(MemoryReadRecord)
    case memoryWrite(MemoryWriteRecord)
    case memoryForget(MemoryForgetRecord)
    case budget(BudgetRecord)
    case error(ErrorRecord)
    case runEnd(RunEndRecord)

    /// The transcript type name.
    public var type: String {
        switch self {
        case .runStart: return "run.start"
        case .llmRequest: return "llm.request"
        case .llmResponse: return "llm.response"
        case .toolCall: return "tool.call"
        case .toolResult: return "tool.result"
        case .scratchpad: return "scratchpad"
        case .memoryRead: return "memory.read"
        case .memoryWrite: return "memory.write"
        case .memoryForget: return "memory.forget"
        case .budget: return "budget"
        case .error: return "error"
        case .runEnd: return "run.end"
        }
    }
}
