/// One scripted answer of FakeAnthropicServer to a Messages API request.
public enum AnthropicReply: Sendable {
    /// An assistant text message (stop_reason "end_turn").
    case text(String, usage: Usage = Usage(prompt: 10, completion: 5, cached: 0))
    /// One or more tool_use blocks, optionally preceded by a text block (stop_reason "tool_use").
    case toolUses([ScriptedToolCall], text: String? = nil, usage: Usage = Usage(prompt: 10, completion: 5, cached: 0))
    /// An error status with Anthropic's `{"type":"error","error":{type,message},"request_id"}` body
    /// (or `body` verbatim) and, when given, a `retry-after` header. 529 is "overloaded_error".
    case status(Int, retryAfterSeconds: Int? = nil, body: String? = nil)
    /// A 200 stream that fails after message_start with `event: error` (e.g. "overloaded_error");
    /// non-streaming requests get the matching HTTP error status instead.
    case streamError(type: String, message: String)
    /// Streams only the first `events` SSE events of `then`, then cuts the connection (no terminator).
    indirect case cutAfter(events: Int, then: AnthropicReply)
    /// Waits before sending any byte (not even the status line), then answers with `then`.
    indirect case stallBeforeFirstByte(milliseconds: Int, then: AnthropicReply)
    /// `then`, opened by a signed thinking block holding `text` ("" as with the API's
    /// default display, which omits it). A later request must send the block back,
    /// unmodified, with the tool_use blocks it came with, or the fake answers 400.
    indirect case thinking(String, then: AnthropicReply)
}

extension AnthropicReply {
    /// Separates stall/cut wrappers from the content reply; nested cuts keep the smallest count.
    var deliveryPlan: DeliveryPlan<AnthropicReply> {
        switch self {
        case .cutAfter(let events, let then):
            return then.deliveryPlan.cut(after: events)
        case .stallBeforeFirstByte(let milliseconds, let then):
            return then.deliveryPlan.stalled(by: milliseconds)
        case .thinking(let text, let then):
            var plan = then.deliveryPlan
            plan.thinking = text
            return plan
        case .text, .toolUses, .status, .streamError:
            return DeliveryPlan(base: self)
        }
    }
}
