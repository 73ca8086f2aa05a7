/// Builds Chat Completions wire objects in the shape api.openai.com sends them
/// (field order taken from recorded gpt-4o traffic).
struct OpenAIWireFormat: Sendable {
    /// Completion id shared by every chunk, e.g. "chatcmpl-fake1".
    var id: String
    /// Unix timestamp shared by every chunk.
    var created: Int
    /// Model echoed from the request.
    var model: String
    /// Whether the request asked for `stream_options.include_usage`.
    var includeUsage: Bool

    /// The system_fingerprint the fake reports.
    static let fingerprint = "fp_fakeagent01"

    /// Every `data:` event of a streamed reply, ending with `data: [DONE]`.
    func streamEvents(text: String?, toolCalls: [ScriptedToolCall], usage: Usage, reasoningTokens: Int = 0, finishReason: String? = nil)
        -> [[UInt8]]
    {
        var chunks: [WireJSON] = []
        if let text {
            chunks.append(chunk(delta: .object(["role": "assistant", "content": "", "refusal": nil])))
            for piece in TextSplitter.deltas(text) {
                chunks.append(chunk(delta: .object(["content": .string(piece)])))
            }
        } else {
            chunks.append(chunk(delta: .object(["role": "assistant", "content": nil])))
        }
        for (index, call) in toolCalls.enumerated() {
            let opening: WireJSON = .object([
                "index": .int(index), "id": .string(call.id), "type": "function",
                "function": .object(["name": .string(call.name), "arguments": ""]),
            ])
            chunks.append(chunk(delta: .object(["tool_calls": .array([opening])])))
            for fragment in TextSplitter.fragments(call.arguments) {
                let part: WireJSON = .object(["index": .int(index), "function": .object(["arguments": .string(fragment)])])
                chunks.append(chunk(delta: .object(["tool_calls": .array([part])])))
            }
        }
        chunks.append(chunk(delta: .object([:]), finishReason: finishReason ?? (toolCalls.isEmpty ? "stop" : "tool_calls")))
        if includeUsage {
            chunks.append(.members(header() + [("choices", .array([])), ("usage", Self.usage(usage, reasoningTokens: reasoningTokens))]))
        }
        return chunks.map { Array("data: \($0.serialized)\n\n".utf8) } + [Array("data: [DONE]\n\n".utf8)]
    }

    /// The non-streaming `chat.completion` object.
    func completion(text: String?, toolCalls: [ScriptedToolCall], usage: Usage, reasoningTokens: Int = 0, finishReason: String? = nil)
        -> WireJSON
    {
        var message: [(String, WireJSON)] = [("role", "assistant"), ("content", .optional(text))]
        if !toolCalls.isEmpty {
            message.append(
                (
                    "tool_calls",
                    .array(
                        toolCalls.map { call in
                            .object([
                                "id": .string(call.id), "type": "function",
                                "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                            ])
                        })
                ))
        }
        message += [("refusal", .null), ("annotations", .array([]))]
        let choice: WireJSON = .object([
            "index": 0, "message": .members(message), "logprobs": nil,
            "finish_reason": .string(finishReason ?? (toolCalls.isEmpty ? "stop" : "tool_calls")),
        ])
        return .members([
            ("id", .string(id)), ("object", "chat.completion"), ("created", .int(created)), ("model", .string(model)),
            ("choices", .array([choice])), ("usage", Self.usage(usage, reasoningTokens: reasoningTokens)),
            ("service_tier", "default"), ("system_fingerprint", .string(Self.fingerprint)),
        ])
    }

    /// The usage object, including the detail objects the real API always sends.
    static func usage(_ usage: Usage, reasoningTokens: Int = 0) -> WireJSON {
        .object([
            "prompt_tokens": .int(usage.prompt),
            "completion_tokens": .int(usage.completion),
            "total_tokens": .int(usage.prompt + usage.completion),
            "prompt_tokens_details": .object(["cached_tokens": .int(usage.cached), "audio_tokens": 0]),
            "completion_tokens_details": .object([
                "reasoning_tokens": .int(reasoningTokens), "audio_tokens": 0,
                "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
            ]),
        ])
    }

    /// OpenAI's error envelope.
    static func error(message: String, type: String, param: String? = nil, code: String? = nil) -> WireJSON {
        .object([
            "error": .object([
                "message": .string(message), "type": .string(type), "param": .optional(param), "code": .optional(code),
            ])
        ])
    }

    /// The error body the real API sends for a status code.
    static func defaultError(status: Int, model: String) -> WireJSON {
        switch status {
        case 400:
            return error(message: "Invalid request.", type: "invalid_request_error")
        case 401:
            return error(
                message: "Incorrect API key provided: sk-fake. You can find your API key at https://platform.openai.com/account/api-keys.",
                type: "invalid_request_error", code: "invalid_api_key")
        case 403:
            return error(message: "You are not allowed to sample from this model", type: "invalid_request_error")
        case 404:
            return error(
                message: "The model `\(model)` does not exist or you do not have access to it.",
                type: "invalid_request_error", code: "model_not_found")
        case 429:
            return error(
                message:
                    "Rate limit reached for \(model) in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.",
                type: "requests", code: "rate_limit_exceeded")
        case 503:
            return error(message: "The engine is currently overloaded, please try again later", type: "server_error")
        case 500...:
            return error(message: "The server had an error while processing your request. Sorry about that!", type: "server_error")
        default:
            return error(message: "Request failed with status \(status).", type: "invalid_request_error")
        }
    }

    /// The leading fields every chunk carries.
    private func header() -> [(String, WireJSON)] {
        [
            ("id", .string(id)), ("object", "chat.completion.chunk"), ("created", .int(created)),
            ("model", .string(model)), ("service_tier", "default"), ("system_fingerprint", .string(Self.fingerprint)),
        ]
    }

    /// One `chat.completion.chunk`; `usage: null` appears on every chunk only when include_usage is set.
    private func chunk(delta: WireJSON, finishReason: String? = nil) -> WireJSON {
        let choice: WireJSON = .object([
            "index": 0, "delta": delta, "logprobs": nil, "finish_reason": .optional(finishReason),
        ])
        var members = header() + [("choices", .array([choice]))]
        if includeUsage { members.append(("usage", .null)) }
        return .members(members)
    }
}
