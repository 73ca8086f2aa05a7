/// A scripted reply with its transport effects (stall, cut) separated from its content.
struct DeliveryPlan<Base: Sendable>: Sendable {
    /// Milliseconds to wait before the first byte of the response.
    var stallMilliseconds = 0
    /// When set, only this many SSE events are written before the connection is cut.
    var cutAfterEvents: Int?
    /// The content reply (text, tool calls, status, stream error).
    var base: Base
    /// Anthropic: the text of a thinking block that opens the reply.
    var thinking: String?
    /// OpenAI: reasoning tokens the model spends before its reply.
    var reasoningTokens = 0
}
