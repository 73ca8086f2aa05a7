/// One message of a conversation, in a form every provider can translate.
public enum PromptMessage: Sendable, Hashable {
    /// Text from the user's side: the task, an observation in ReAct text mode, notes.
    case user(String)
    /// A model turn: its text and the tool calls it made.
    case assistant(text: String, toolCalls: [ToolCall])
    /// A model turn that came with the provider's reasoning blocks (Anthropic's thinking),
    /// which go back to the provider exactly as they came. A case apart from `assistant`
    /// because every step compares each message with the previous request's, and a
    /// third field in the common case measured 20% slower at a 32k window.
    case reasoned(text: String, toolCalls: [ToolCall], thinking: [JSONValue])
    /// The result of one native tool call.
    case toolResult(callID: String, name: String, content: String, isError: Bool)
}

extension PromptMessage {
    /// A model turn: `reasoned` when it carries thinking blocks, else `assistant`.
    public static func turn(text: String, toolCalls: [ToolCall], thinking: [JSONValue]) -> PromptMessage {
        thinking.isEmpty ? .assistant(text: text, toolCalls: toolCalls) : .reasoned(text: text, toolCalls: toolCalls, thinking: thinking)
    }
}

/// A tool call as the model made it: arguments are kept as the raw text it produced.
public struct ToolCall: Sendable, Hashable {
    /// The provider's call id (ReAct mode makes one up from the step number).
    public var id: String
    /// The tool's name.
    public var name: String
    /// The arguments as JSON text, exactly as the model wrote them.
    public var arguments: String

    /// A tool call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What a tool looks like to a model: name, description and JSON Schema of its arguments.
public struct ToolSchema: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// What it does, for the model.
    public var description: String
    /// A JSON Schema (type object) for its arguments.
    public var parameters: JSONValue

    /// A tool schema.
    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether the model may call the tools a request offers.
public enum ToolChoice: String, Sendable, Hashable {
    /// The model decides.
    case auto
    /// The tools are listed but may not be called: the last step keeps them so that the
    /// request's prefix (and the provider's prompt cache) stays the same, and so that a
    /// conversation holding tool calls still declares its tools, as the APIs require.
    case none
}

/// Everything a provider needs for one call, independent of its wire format.
public struct ModelRequest: Sendable, Hashable {
    /// The system prompt.
    public var system: String
    /// The conversation so far.
    public var messages: [PromptMessage]
    /// Tools offered natively; empty when none are offered (ReAct mode).
    public var tools: [ToolSchema]
    /// Whether the model may call `tools`.
    public var toolChoice: ToolChoice
    /// The most tokens the reply may have.
    public var maxOutputTokens: Int
    /// Sequences that end generation (ReAct mode stops before "Observation:").
    public var stop: [String]
    /// Sampling temperature, when set.
    public var temperature: Double?
    /// A GBNF grammar the reply must match (llama.cpp's server takes it); nil for none.
    public var grammar: String?
    /// The most seconds the call may take: what is left of the run's time budget (nil
    /// without one). A limit on waiting, not part of the body sent.
    public var timeLimitSeconds: Double?

    /// A model request.
    public init(
        system: String, messages: [PromptMessage], tools: [ToolSchema], toolChoice: ToolChoice = .auto, maxOutputTokens: Int,
        stop: [String] = [], temperature: Double? = nil, grammar: String? = nil, timeLimitSeconds: Double? = nil
    ) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.maxOutputTokens = maxOutputTokens
        self.stop = stop
        self.temperature = temperature
        self.grammar = grammar
        self.timeLimitSeconds = timeLimitSeconds
    }
}

/// Tokens one call used, as the provider reported them.
public struct TokenUsage: Sendable, Hashable {
    /// Prompt tokens, cached ones included.
    public var input: Int
    /// Generated tokens.
    public var output: Int
    /// Prompt tokens served from the provider's cache.
    public var cached: Int
    /// Prompt tokens written to the provider's cache (priced apart by Anthropic).
    public var cacheWrite: Int

    /// Token counts.
    public init(input: Int = 0, output: Int = 0, cached: Int = 0, cacheWrite: Int = 0) {
        self.input = input
        self.output = output
        self.cached = cached
        self.cacheWrite = cacheWrite
    }
}

/// One complete model turn.
public struct ModelTurn: Sendable, Hashable {
    /// The text the model wrote (thoughts, or the answer).
    public var text: String
    /// Native tool calls, in order.
    public var toolCalls: [ToolCall]
    /// Tokens used.
    public var usage: TokenUsage
    /// Why generation stopped, as the provider said it ("stop", "tool_calls", "end_turn", ...).
    public var finishReason: String
    /// The provider's response, reassembled as its non-streaming body.
    public var raw: JSONValue
    /// The provider's reasoning blocks (Anthropic's `thinking` and `redacted_thinking`),
    /// kept whole because the provider requires them back, unmodified, with the turn.
    public var thinking: [JSONValue]

    /// A model turn.
    public init(
        text: String, toolCalls: [ToolCall] = [], usage: TokenUsage = TokenUsage(), finishReason: String = "stop",
        raw: JSONValue = .null, thinking: [JSONValue] = []
    ) {
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
        self.finishReason = finishReason
        self.raw = raw
        self.thinking = thinking
    }
}

extension ModelTurn {
    /// Whether generation stopped at the reply cap (OpenAI says "length", Anthropic
    /// "max_tokens"): the text may end mid-sentence.
    public var hitReplyCap: Bool { ["length", "max_tokens"].contains(finishReason) }
}
