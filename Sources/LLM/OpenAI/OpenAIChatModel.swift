import AgentCore
import HTTP
import Logging

/// The `openai` provider: Chat Completions with streaming and native tool calls.
///
/// Works against OpenAI and any server that speaks its API (Ollama, vLLM, llama.cpp's
/// server, LM Studio): only the base URL and the key differ.
public struct OpenAIChatModel: LanguageModel {
    /// The provider's name, as transcripts record it.
    public let provider: String
    /// The model's name.
    public var model: String { settings.model }
    let settings: ProviderSettings
    let call: EventStreamCall
    let messageCache: MessageEncodingCache
    let encoder: CanonicalEncoder
    /// The field that caps the reply: reasoning models take only `max_completion_tokens`.
    let replyCapField: String
    /// The `reasoning_effort` the catalog says the model needs, if any.
    let reasoningEffort: String?

    /// A Chat Completions model; `provider` names it in transcripts ("openai", "local").
    public init(settings: ProviderSettings, client: HTTPClient, logger: Logger, provider: String = "openai") {
        self.provider = provider
        self.settings = settings
        call = EventStreamCall(client: client, settings: settings, logger: logger, provider: provider)
        messageCache = MessageEncodingCache()
        encoder = CanonicalEncoder()
        (replyCapField, reasoningEffort) = Self.wireSettings(settings.model)
    }

    /// The same model at another address, keeping `other`'s encoding caches (the local
    /// provider learns its server's port only when the server starts).
    init(settings: ProviderSettings, client: HTTPClient, logger: Logger, provider: String, sharing other: OpenAIChatModel) {
        self.provider = provider
        self.settings = settings
        call = EventStreamCall(client: client, settings: settings, logger: logger, provider: provider)
        messageCache = other.messageCache
        encoder = other.encoder
        (replyCapField, reasoningEffort) = (other.replyCapField, other.reasoningEffort)
    }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue {
        let messages = messageCache.encode(
            request.messages, leading: [["role": "system", "content": .string(request.system)]], Self.encode)
        var body: JSONObject = [
            "model": .string(model), "messages": .array(messages), "stream": true,
            "stream_options": ["include_usage": true],
        ]
        body[replyCapField] = .int(request.maxOutputTokens)
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map {
                    [
                        "type": "function",
                        "function": ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters],
                    ]
                })
            body["tool_choice"] = .string(request.toolChoice.rawValue)
        }
        if let reasoningEffort { body["reasoning_effort"] = .string(reasoningEffort) }
        if !request.stop.isEmpty { body["stop"] = .array(request.stop.map(JSONValue.string)) }
        if let t = request.temperature { body["temperature"] = .number(t) }
        // llama.cpp's own field; only runs on the local provider set it.
        if let grammar = request.grammar { body["grammar"] = .string(grammar) }
        return .object(body)
    }

    static func encode(_ message: PromptMessage) -> JSONValue {
        switch message {
        case .user(let text):
            return ["role": "user", "content": .string(text)]
        case .assistant(let text, let calls), .reasoned(let text, let calls, _):
            // Empty content rather than null: some compatible servers reject null.
            var m: JSONObject = ["role": "assistant", "content": .string(text)]
            if !calls.isEmpty {
                m["tool_calls"] = .array(
                    calls.map {
                        [
                            "id": .string($0.id), "type": "function",
                            "function": ["name": .string($0.name), "arguments": .string($0.arguments)],
                        ]
                    })
            }
            return .object(m)
        case .toolResult(let id, _, let content, _):
            return ["role": "tool", "tool_call_id": .string(id), "content": .string(content)]
        }
    }

    /// What the catalog decides for `model`'s requests, once per model rather than per step:
    /// the reply-cap field (OpenAI's reasoning models refuse `max_tokens`; everything else,
    /// compatible servers included, takes it) and the reasoning effort it needs.
    static func wireSettings(_ model: String) -> (replyCapField: String, reasoningEffort: String?) {
        guard let entry = ModelCatalog.entry(for: model), entry.provider == .openai else {
            // A name the catalog does not list yet: OpenAI's reasoning families, dotted
            // versions (gpt-5.7-luna, gpt-6.1-sol) included.
            let reasons = ["o1", "o3", "o4", "gpt-5", "gpt-6"].contains {
                model == $0 || model.hasPrefix($0 + "-") || model.hasPrefix($0 + ".")
            }
            return (reasons ? "max_completion_tokens" : "max_tokens", nil)
        }
        return (entry.reasoning == .none ? "max_tokens" : "max_completion_tokens", entry.chatReasoningEffort)
    }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        var headers: [HTTPHeader] = []
        if let key = settings.apiKey, !key.isEmpty { headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(key)")) }
        return try await call.run(url: settings.baseURL + "/chat/completions", headers: headers, body: encoder.encode(body)) {
            OpenAIStreamAssembler()
        }
    }
}
