/// One scripted answer of FakeOpenAIServer to a chat-completions request.
public enum OpenAIReply: Sendable {
    /// An assistant text message (finish_reason "stop").
    case text(String, usage: Usage = Usage(prompt: 10, completion: 5, cached: 0))
    /// One or more (parallel) tool calls, optionally preceded by text (finish_reason "tool_calls").
    case toolCalls([ScriptedToolCall], text: String? = nil, usage: Usage = Usage(prompt: 10, completion: 5, cached: 0))
    /// An error status with OpenAI's `{"error":{message,type,param,code}}` body (or `body` verbatim)
    /// and, when given, a `Retry-After` header.
    case status(Int, retryAfterSeconds: Int? = nil, body: String? = nil)
    /// Streams only the first `events` SSE events of `then`, then cuts the connection (no terminator).
    indirect case cutAfter(events: Int, then: OpenAIReply)
    /// Waits before sending any byte (not even the status line), then answers with `then`.
    indirect case stallBeforeFirstByte(milliseconds: Int, then: OpenAIReply)
    /// A reasoning model's `then`, after `tokens` of hidden reasoning that count against
    /// the reply cap: when the cap cannot hold them and the reply, the turn ends with
    /// finish_reason "length" and neither text nor a call, as the real API's does.
    indirect case reasoning(tokens: Int, then: OpenAIReply)
}

extension OpenAIReply {
    /// Separates stall/cut wrappers from the content reply; nested cuts keep the smallest count.
    var deliveryPlan: DeliveryPlan<OpenAIReply> {
        switch self {
        case .cutAfter(let events, let then):
            return then.deliveryPlan.cut(after: events)
        case .stallBeforeFirstByte(let milliseconds, let then):
            return then.deliveryPlan.stalled(by: milliseconds)
        case .reasoning(let tokens, let then):
            var plan = then.deliveryPlan
            plan.reasoningTokens += max(0, tokens)
            return plan
        case .text, .toolCalls, .status:
            return DeliveryPlan(base: self)
        }
    }
}
