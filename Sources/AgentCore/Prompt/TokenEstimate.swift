/// A provider-independent estimate of prompt size, used to keep requests inside the
/// context window and the token budget before the provider has counted anything.
public enum TokenEstimate {
    /// Roughly four bytes of UTF-8 per token, plus a little per message for its framing.
    public static func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }

    /// The estimate for one message.
    public static func tokens(_ message: PromptMessage) -> Int {
        switch message {
        case .user(let text): return tokens(text) + 4
        case .assistant(let text, let calls):
            return tokens(text) + 4 + calls.reduce(0) { $0 + tokens($1.name) + tokens($1.arguments) + 8 }
        case .reasoned(let text, let calls, let thinking):
            return tokens(.assistant(text: text, toolCalls: calls)) + thinking.reduce(0) { $0 + tokens($1.canonicalText) }
        case .toolResult(let id, _, let content, _): return tokens(content) + tokens(id) + 6
        }
    }

    /// The estimate for a tool schema as sent to the provider.
    public static func tokens(_ schema: ToolSchema) -> Int {
        tokens(schema.name) + tokens(schema.description) + tokens(schema.parameters.canonicalText) + 8
    }
}
