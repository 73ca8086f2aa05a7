/// A tool call the fake model makes: OpenAI `tool_calls[]` entry or Anthropic `tool_use` block.
public struct ScriptedToolCall: Sendable, Equatable {
    /// Call id, e.g. "call_abc" (OpenAI) or "toolu_abc" (Anthropic); sent verbatim.
    public var id: String
    /// Function / tool name.
    public var name: String
    /// Raw JSON text of the arguments, streamed in fragments exactly as given.
    public var arguments: String

    /// Creates a scripted tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
