import AgentCore

/// Builds Messages API wire objects in the shape api.anthropic.com sends them
/// (field order taken from recorded claude-sonnet-4 traffic).
struct AnthropicWireFormat: Sendable {
    /// Message id, e.g. "msg_fake1".
    var id: String
    /// Model echoed from the request.
    var model: String

    /// A signed thinking block of a reply.
    struct ThinkingBlock {
        /// The thinking text ("" when the display omits it).
        var text: String
        /// The opaque signature the API checks when the block comes back.
        var signature: String
    }

    /// A signature unique to this reply and text, standing in for the API's opaque one.
    func signature(for text: String) -> String {
        "EqQBCkgIARABGAIiQ" + String(FNV1a.hash((id + "\u{0}" + text).utf8), radix: 16)
    }

    /// Every event of a streamed reply: message_start, blocks (with one ping after the first
    /// content_block_start), message_delta, message_stop.
    func streamEvents(thinking: ThinkingBlock? = nil, text: String?, toolUses: [ScriptedToolCall], usage: Usage) -> [[UInt8]] {
        var events = [messageStart(usage)]
        var index = 0
        if let thinking {
            events.append(
                event(
                    "content_block_start",
                    .object([
                        "type": "content_block_start", "index": 0,
                        "content_block": .object(["type": "thinking", "thinking": "", "signature": ""]),
                    ])))
            events.append(Self.ping)
            for piece in thinking.text.isEmpty ? [] : TextSplitter.deltas(thinking.text) {
                events.append(blockDelta(0, .object(["type": "thinking_delta", "thinking": .string(piece)])))
            }
            events.append(blockDelta(0, .object(["type": "signature_delta", "signature": .string(thinking.signature)])))
            events.append(blockStop(0))
            index = 1
        }
        if let text {
            events.append(
                event(
                    "content_block_start",
                    .object([
                        "type": "content_block_start", "index": .int(index),
                        "content_block": .object(["type": "text", "text": ""]),
                    ])))
            if index == 0 { events.append(Self.ping) }
            for piece in TextSplitter.deltas(text) {
                events.append(blockDelta(index, .object(["type": "text_delta", "text": .string(piece)])))
            }
            events.append(blockStop(index))
            index += 1
        }
        for call in toolUses {
            events.append(
                event(
                    "content_block_start",
                    .object([
                        "type": "content_block_start", "index": .int(index),
                        "content_block": .object([
                            "type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": .object([:]),
                        ]),
                    ])))
            if index == 0 { events.append(Self.ping) }
            // The API opens every tool_use block with an empty partial_json.
            for fragment in [""] + TextSplitter.fragments(call.arguments) {
                events.append(blockDelta(index, .object(["type": "input_json_delta", "partial_json": .string(fragment)])))
            }
            events.append(blockStop(index))
            index += 1
        }
        events.append(
            event(
                "message_delta",
                .object([
                    "type": "message_delta",
                    "delta": .object(["stop_reason": .string(toolUses.isEmpty ? "end_turn" : "tool_use"), "stop_sequence": nil]),
                    "usage": usageObject(usage, outputTokens: usage.completion),
                ])))
        events.append(event("message_stop", .object(["type": "message_stop"])))
        return events
    }

    /// A stream that fails right after message_start, as during an overload.
    func errorStreamEvents(type: String, message: String) -> [[UInt8]] {
        [
            messageStart(Usage(prompt: 10, completion: 0, cached: 0)), Self.ping,
            event("error", .object(["type": "error", "error": .object(["type": .string(type), "message": .string(message)])])),
        ]
    }

    /// The non-streaming Message object.
    func message(thinking: ThinkingBlock? = nil, text: String?, toolUses: [ScriptedToolCall], usage: Usage) -> WireJSON {
        var content: [WireJSON] = []
        if let thinking {
            content.append(.object(["type": "thinking", "thinking": .string(thinking.text), "signature": .string(thinking.signature)]))
        }
        if let text { content.append(.object(["type": "text", "text": .string(text)])) }
        for call in toolUses {
            let input = call.arguments.allSatisfy(\.isWhitespace) ? "{}" : call.arguments
            content.append(.object(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": .raw(input)]))
        }
        return .object([
            "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
            "content": .array(content), "stop_reason": .string(toolUses.isEmpty ? "end_turn" : "tool_use"),
            "stop_sequence": nil, "usage": usageObject(usage, outputTokens: usage.completion),
        ])
    }

    /// Anthropic's error envelope.
    static func error(type: String, message: String, requestID: String) -> WireJSON {
        .object([
            "type": "error", "error": .object(["type": .string(type), "message": .string(message)]),
            "request_id": .string(requestID),
        ])
    }

    /// Error type and message the real API uses for a status code.
    static func defaultError(status: Int) -> (type: String, message: String) {
        switch status {
        case 400: ("invalid_request_error", "There was an issue with the format or content of your request.")
        case 401: ("authentication_error", "invalid x-api-key")
        case 402: ("billing_error", "There was an issue with your billing or payment information.")
        case 403: ("permission_error", "Your API key does not have permission to use the specified resource.")
        case 404: ("not_found_error", "The requested resource could not be found.")
        case 413: ("request_too_large", "Request exceeds the maximum allowed number of bytes.")
        case 429: ("rate_limit_error", "Your account has hit a rate limit.")
        case 504: ("timeout_error", "Request timed out while processing.")
        case 529: ("overloaded_error", "Overloaded")
        case 500...: ("api_error", "Internal server error")
        default: ("invalid_request_error", "Request failed with status \(status).")
        }
    }

    /// The HTTP status a non-streaming request gets for a scripted stream error type.
    static func status(forErrorType type: String) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "timeout_error": 504
        case "overloaded_error": 529
        default: 500
        }
    }

    /// The ping event, byte-for-byte as the API sends it (note the space after the colon).
    private static let ping = Array("event: ping\ndata: {\"type\": \"ping\"}\n\n".utf8)

    /// message_start carrying an empty message; output_tokens starts at 1 as in real streams.
    private func messageStart(_ usage: Usage) -> [UInt8] {
        event(
            "message_start",
            .object([
                "type": "message_start",
                "message": .object([
                    "id": .string(id), "type": "message", "role": "assistant", "model": .string(model),
                    "content": .array([]), "stop_reason": nil, "stop_sequence": nil,
                    "usage": usageObject(usage, outputTokens: 1),
                ]),
            ]))
    }

    /// The usage object with cache fields.
    private func usageObject(_ usage: Usage, outputTokens: Int) -> WireJSON {
        .object([
            "input_tokens": .int(usage.prompt), "cache_creation_input_tokens": .int(usage.cacheCreation),
            "cache_read_input_tokens": .int(usage.cached), "output_tokens": .int(outputTokens),
        ])
    }

    /// content_block_delta for one block.
    private func blockDelta(_ index: Int, _ delta: WireJSON) -> [UInt8] {
        event("content_block_delta", .object(["type": "content_block_delta", "index": .int(index), "delta": delta]))
    }

    /// content_block_stop for one block.
    private func blockStop(_ index: Int) -> [UInt8] {
        event("content_block_stop", .object(["type": "content_block_stop", "index": .int(index)]))
    }

    /// One SSE event with both an `event:` and a `data:` line.
    private func event(_ name: String, _ data: WireJSON) -> [UInt8] {
        Array("event: \(name)\ndata: \(data.serialized)\n\n".utf8)
    }
}
