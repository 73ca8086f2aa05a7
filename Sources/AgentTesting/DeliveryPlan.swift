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

    /// This plan with its stream cut after `events` SSE events; nested cuts keep the smallest count.
    func cut(after events: Int) -> DeliveryPlan {
        var plan = self
        plan.cutAfterEvents = min(plan.cutAfterEvents ?? events, events)
        return plan
    }

    /// This plan waiting `milliseconds` more before its first byte.
    func stalled(by milliseconds: Int) -> DeliveryPlan {
        var plan = self
        plan.stallMilliseconds += max(0, milliseconds)
        return plan
    }
}
