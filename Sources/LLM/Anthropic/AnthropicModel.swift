import AgentCore
import HTTP
import Logging

/// The `anthropic` provider: the Messages API with streaming, tool_use / tool_result
/// blocks and prompt caching.
public struct AnthropicModel: LanguageModel {
    /// The provider's name, as transcripts record it.
    public var provider: String { "anthropic" }
    /// The model's name.
    public var model: String { settings.model }
    let settings: ProviderSettings
    let call: EventStreamCall
    let turnCache = AnthropicTurns()
    let encoder = CanonicalEncoder()

    /// The API version header every request carries.
    static let apiVersion = "2023-06-01"

    /// A Messages API model.
    public init(settings: ProviderSettings, client: HTTPClient, logger: Logger) {
        self.settings = settings
        call = EventStreamCall(client: client, settings: settings, logger: logger, provider: "anthropic")
    }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue {
        // Consecutive messages of one role are merged into one turn, and the newest block
        // carries a cache breakpoint (`AnthropicTurns`).
        let turns = turnCache.turns(of: request.messages, encode: Self.encode)
        var body: JSONObject = [
            "model": .string(model), "max_tokens": .int(request.maxOutputTokens), "stream": true,
            "system": [["type": "text", "text": .string(request.system), "cache_control": ["type": "ephemeral"]]],
            "messages": .array(turns),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map {
                    ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.parameters]
                })
            // "auto" is the API's default and is left out, as requests always did.
            if request.toolChoice == .none { body["tool_choice"] = ["type": "none"] }
        }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSONValue.string)) }
        if let t = request.temperature { body["temperature"] = .number(t) }
        return .object(body)
    }

    static func encode(_ message: PromptMessage) -> JSONValue {
        switch message {
        case .user(let text):
            return ["role": "user", "content": [["type": "text", "text": .string(text)]]]
        case .assistant(let text, let calls):
            return encodeTurn(text, calls, thinking: [])
        case .reasoned(let text, let calls, let thinking):
            return encodeTurn(text, calls, thinking: thinking)
        case .toolResult(let id, _, let content, let isError):
            return [
                "role": "user",
                "content": [["type": "tool_result", "tool_use_id": .string(id), "content": .string(content), "is_error": .bool(isError)]],
            ]
        }
    }

    /// One model turn: thinking blocks lead, exactly as the model sent them (the API checks
    /// their signatures and refuses a tool-use turn that lost them), then text and calls.
    private static func encodeTurn(_ text: String, _ calls: [ToolCall], thinking: [JSONValue]) -> JSONValue {
        var blocks: [JSONValue] = thinking
        if !text.isEmpty { blocks.append(["type": "text", "text": .string(text)]) }
        for c in calls {
            let input = (try? JSONValue.parse(c.arguments)).flatMap { $0.objectValue.map(JSONValue.object) } ?? [:]
            blocks.append(["type": "tool_use", "id": .string(c.id), "name": .string(c.name), "input": input])
        }
        return ["role": "assistant", "content": .array(blocks.isEmpty ? [["type": "text", "text": "…"]] : blocks)]
    }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        let headers = [
            HTTPHeader(name: "x-api-key", value: settings.apiKey ?? ""),
            HTTPHeader(name: "anthropic-version", value: Self.apiVersion),
        ]
        return try await call.run(url: settings.baseURL + "/v1/messages", headers: headers, body: encoder.encode(body)) {
            AnthropicStreamAssembler()
        }
    }
}
