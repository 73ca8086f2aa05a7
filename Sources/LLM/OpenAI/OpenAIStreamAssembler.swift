import AgentCore
import HTTP

/// Reassembles a streamed chat completion: content deltas, tool-call fragments by index,
/// the finish reason and the usage chunk, up to `data: [DONE]`.
struct OpenAIStreamAssembler: StreamAssembler {
    private var id = ""
    private var model = ""
    private var text = ""
    private var calls: [Int: (id: String, name: String, arguments: String)] = [:]
    private var finishReason = "stop"
    private var usage = TokenUsage()
    private var usageJSON: JSONValue = .null

    mutating func consume(_ event: SSEEvent) throws -> Bool {
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" { return true }
        if data.isEmpty { return false }
        let chunk: JSONValue
        do { chunk = try JSONValue.parse(data) } catch {
            throw ProviderStreamError(type: "bad_chunk", message: "unreadable stream chunk: \(data.prefix(200))")
        }
        if let error = chunk["error"] {
            throw ProviderStreamError(
                type: error["type"]?.stringValue ?? error["code"]?.stringValue ?? "error",
                message: error["message"]?.stringValue ?? error.canonicalText)
        }
        if let v = chunk["id"]?.stringValue { id = v }
        if let v = chunk["model"]?.stringValue { model = v }
        if let u = chunk["usage"], case .object = u {
            usageJSON = u
            usage = TokenUsage(
                input: u["prompt_tokens"]?.intValue ?? 0, output: u["completion_tokens"]?.intValue ?? 0,
                cached: u["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0)
        }
        for choice in chunk["choices"]?.arrayValue ?? [] {
            let delta = choice["delta"] ?? .null
            if let content = delta["content"]?.stringValue { text += content }
            for call in delta["tool_calls"]?.arrayValue ?? [] {
                let index = call["index"]?.intValue ?? calls.count
                var entry = calls[index] ?? ("", "", "")
                if let v = call["id"]?.stringValue, !v.isEmpty { entry.id = v }
                if let v = call["function"]?["name"]?.stringValue, !v.isEmpty { entry.name += v }
                if let v = call["function"]?["arguments"]?.stringValue { entry.arguments += v }
                calls[index] = entry
            }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        }
        return false
    }

    func turn() throws -> ModelTurn {
        let toolCalls = calls.keys.sorted().compactMap { i -> ToolCall? in
            guard let c = calls[i] else { return nil }
            return ToolCall(id: c.id.isEmpty ? "call_\(i)" : c.id, name: c.name, arguments: c.arguments.isEmpty ? "{}" : c.arguments)
        }
        var message: JSONObject = ["role": "assistant", "content": .string(text)]
        if !toolCalls.isEmpty {
            message["tool_calls"] = .array(
                toolCalls.map {
                    ["id": .string($0.id), "type": "function", "function": ["name": .string($0.name), "arguments": .string($0.arguments)]]
                })
        }
        let raw: JSONValue = [
            "id": .string(id), "object": "chat.completion", "model": .string(model),
            "choices": [["index": 0, "message": .object(message), "finish_reason": .string(finishReason)]], "usage": usageJSON,
        ]
        return ModelTurn(text: text, toolCalls: toolCalls, usage: usage, finishReason: finishReason, raw: raw)
    }
}
