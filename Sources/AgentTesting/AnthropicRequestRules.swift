import AgentCore
import Foundation
import LLM
import Synchronization

/// What the real Messages API refuses before any model work, refused the same way here,
/// so that a client that sends such a request fails a test instead of a user's run.
final class AnthropicRequestRules: Sendable {
    /// A refusal: status, error type and the API's message.
    struct Refusal {
        var status: Int
        var type: String
        var message: String
    }

    /// The thinking blocks each tool_use id was sent with: the API wants them back, unmodified.
    private let issued = Mutex<[String: [JSONValue]]>([:])
    /// For a model with preserved thinking, what came before each block (by signature):
    /// system, tools and the messages of the request it answered.
    private let prefixes = Mutex<[String: JSONValue]>([:])

    /// Remembers the thinking blocks of a reply to `request` that made `toolUseIDs`.
    func issue(_ blocks: [JSONValue], for toolUseIDs: [String], request: [UInt8]) {
        guard !blocks.isEmpty else { return }
        issued.withLock { map in
            for id in toolUseIDs { map[id] = blocks }
        }
        guard let json = try? JSONValue.parse(Data(request)), let model = json["model"]?.stringValue,
            ModelCatalog.entry(for: model)?.preservedThinking == true
        else { return }
        let prefix = Self.prefix(json, messages: json["messages"]?.arrayValue ?? [])
        prefixes.withLock { map in
            for block in blocks { if let signature = block["signature"]?.stringValue { map[signature] = prefix } }
        }
    }

    /// What the prefix check compares: system, tools and the messages before a block,
    /// without cache_control markers, which move from request to request by design.
    private static func prefix(_ json: JSONValue, messages: [JSONValue]) -> JSONValue {
        ["system": stripped(json["system"] ?? .null), "tools": stripped(json["tools"] ?? .null), "messages": stripped(.array(messages))]
    }

    private static func stripped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var object):
            object["cache_control"] = nil
            return .object(JSONObject(pairs: object.map { ($0.key, stripped($0.value)) }))
        case .array(let items):
            return .array(items.map(stripped))
        default:
            return value
        }
    }

    /// The refusal the API would give `body`, or nil when it would take it.
    func refusal(_ body: [UInt8], today: String = ModelCatalog.day(Date())) -> Refusal? {
        guard let json = try? JSONValue.parse(Data(body)) else { return nil }
        let model = json["model"]?.stringValue ?? ""
        let entry = ModelCatalog.entry(for: model)
        if let entry, entry.hasRetired(on: today) {
            return Refusal(status: 404, type: "not_found_error", message: "model: \(model)")
        }
        if let entry, !entry.acceptsTemperature, let t = json["temperature"]?.doubleValue, t != 1 {
            return Refusal(status: 400, type: "invalid_request_error", message: "temperature is deprecated for this model.")
        }
        let messages = json["messages"]?.arrayValue ?? []
        let hasTools = !(json["tools"]?.arrayValue ?? []).isEmpty
        let toolBlocks = messages.contains { message in
            (message["content"]?.arrayValue ?? []).contains { ["tool_use", "tool_result"].contains($0["type"]?.stringValue ?? "") }
        }
        if toolBlocks && !hasTools {
            return Refusal(
                status: 400, type: "invalid_request_error",
                message: "Requests which include `tool_use` or `tool_result` blocks must define tools.")
        }
        for (index, message) in messages.enumerated() where message["role"]?.stringValue == "assistant" {
            if let problem = thinkingProblem(message["content"]?.arrayValue ?? [], at: index) { return problem }
            if let problem = prefixProblem(json, messages: messages, at: index) { return problem }
        }
        return nil
    }

    /// A thinking block whose prefix changed since it was made is refused (the prefix
    /// check of models with preserved thinking).
    private func prefixProblem(_ json: JSONValue, messages: [JSONValue], at index: Int) -> Refusal? {
        let content = messages[index]["content"]?.arrayValue ?? []
        let known = prefixes.withLock { $0 }
        for block in content {
            guard let signature = block["signature"]?.stringValue, let expected = known[signature] else { continue }
            if Self.prefix(json, messages: Array(messages[..<index])) != expected {
                return Refusal(
                    status: 400, type: "invalid_request_error",
                    message: "messages.\(index).content.0: Invalid `signature` in `thinking` block. The block is bound to a different "
                        + "conversation. Remove the block, or set `thinking.block_binding.prefix_mismatch_behavior` to \"drop_block\".")
            }
        }
        return nil
    }

    /// A tool-use turn whose thinking was issued must open with exactly those blocks.
    private func thinkingProblem(_ content: [JSONValue], at index: Int) -> Refusal? {
        let ids = content.filter { $0["type"]?.stringValue == "tool_use" }.compactMap { $0["id"]?.stringValue }
        let known = issued.withLock { $0 }
        guard let expected = ids.compactMap({ known[$0] }).first else { return nil }
        let leading = Array(content.prefix { ["thinking", "redacted_thinking"].contains($0["type"]?.stringValue ?? "") })
        if leading.isEmpty {
            let found = content.first?["type"]?.stringValue ?? "nothing"
            return Refusal(
                status: 400, type: "invalid_request_error",
                message: "messages.\(index).content.0.type: Expected `thinking` or `redacted_thinking`, but found `\(found)`. "
                    + "When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the "
                    + "lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns.")
        }
        if leading != expected {
            return Refusal(
                status: 400, type: "invalid_request_error", message: "messages.\(index).content.0: Invalid `signature` in `thinking` block")
        }
        return nil
    }
}
