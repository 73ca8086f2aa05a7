import AgentCore
import HTTP

/// Reassembles a streamed Messages response: content blocks by index (text, thinking with
/// its signature, redacted thinking, tool input JSON fragments), stop reason and usage, up
/// to `message_stop`.
struct AnthropicStreamAssembler: StreamAssembler {
    private struct Block {
        var type: String
        var text = ""
        var id = ""
        var name = ""
        var json = ""
        var signature = ""
        /// A redacted_thinking block's opaque data.
        var data = ""
    }

    private var message: JSONObject = [:]
    private var blocks: [Int: Block] = [:]
    private var stopReason = "end_turn"
    private var inputTokens = 0
    private var cacheRead = 0
    private var cacheCreation = 0
    private var outputTokens = 0

    mutating func consume(_ event: SSEEvent) throws -> Bool {
        guard !event.data.isEmpty else { return false }
        let data: JSONValue
        do { data = try JSONValue.parse(event.data) } catch {
            throw ProviderStreamError(type: "bad_event", message: "unreadable stream event: \(event.data.prefix(200))")
        }
        switch event.event ?? data["type"]?.stringValue ?? "" {
        case "message_start":
            message = data["message"]?.objectValue ?? [:]
            readUsage(data["message"]?["usage"])
        case "content_block_start":
            let index = data["index"]?.intValue ?? blocks.count
            let block = data["content_block"] ?? .null
            blocks[index] = Block(
                type: block["type"]?.stringValue ?? "text", text: block["text"]?.stringValue ?? block["thinking"]?.stringValue ?? "",
                id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? "",
                signature: block["signature"]?.stringValue ?? "", data: block["data"]?.stringValue ?? "")
        case "content_block_delta":
            let index = data["index"]?.intValue ?? 0
            let delta = data["delta"] ?? .null
            var block = blocks[index] ?? Block(type: "text")
            if let t = delta["text"]?.stringValue { block.text += t }
            if let t = delta["thinking"]?.stringValue { block.text += t }
            if let j = delta["partial_json"]?.stringValue { block.json += j }
            if let v = delta["signature"]?.stringValue { block.signature += v }
            blocks[index] = block
        case "message_delta":
            if let reason = data["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            readUsage(data["usage"])
        case "message_stop":
            return true
        case "error":
            throw ProviderStreamError(
                type: data["error"]?["type"]?.stringValue ?? "error", message: data["error"]?["message"]?.stringValue ?? event.data)
        default:
            break  // ping, content_block_stop, and event types added later
        }
        return false
    }

    private mutating func readUsage(_ usage: JSONValue?) {
        guard let usage else { return }
        if let v = usage["input_tokens"]?.intValue { inputTokens = v }
        if let v = usage["cache_read_input_tokens"]?.intValue { cacheRead = v }
        if let v = usage["cache_creation_input_tokens"]?.intValue { cacheCreation = v }
        if let v = usage["output_tokens"]?.intValue { outputTokens = v }
    }

    func turn() throws -> ModelTurn {
        var text = ""
        var calls: [ToolCall] = []
        var content: [JSONValue] = []
        var thinking: [JSONValue] = []
        for index in blocks.keys.sorted() {
            guard let b = blocks[index] else { continue }
            if b.type == "thinking" {
                thinking.append(["type": "thinking", "thinking": .string(b.text), "signature": .string(b.signature)])
            } else if b.type == "redacted_thinking" {
                thinking.append(["type": "redacted_thinking", "data": .string(b.data)])
            } else if b.type == "tool_use" {
                let arguments = b.json.isEmpty ? "{}" : b.json
                calls.append(ToolCall(id: b.id, name: b.name, arguments: arguments))
                content.append([
                    "type": "tool_use", "id": .string(b.id), "name": .string(b.name),
                    "input": (try? JSONValue.parse(arguments)) ?? .string(arguments),
                ])
            } else if b.type == "text" {
                text += b.text
                content.append(["type": "text", "text": .string(b.text)])
            }
        }
        var raw = message
        raw["content"] = .array(content)
        raw["stop_reason"] = .string(stopReason)
        raw["usage"] = [
            "input_tokens": .int(inputTokens), "cache_read_input_tokens": .int(cacheRead),
            "cache_creation_input_tokens": .int(cacheCreation), "output_tokens": .int(outputTokens),
        ]
        // The API counts cached and cache-written tokens apart from input_tokens.
        let usage = TokenUsage(
            input: inputTokens + cacheRead + cacheCreation, output: outputTokens, cached: cacheRead, cacheWrite: cacheCreation)
        // raw's content keeps text and tool_use only: the thinking blocks, which can be
        // long, are recorded once, in the turn's own field.
        return ModelTurn(text: text, toolCalls: calls, usage: usage, finishReason: stopReason, raw: .object(raw), thinking: thinking)
    }
}
