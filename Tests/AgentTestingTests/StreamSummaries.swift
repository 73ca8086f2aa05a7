import Foundation

/// Reduces parsed streams to short labels so tests can compare exact event sequences.
enum StreamSummaries {
    /// Labels for OpenAI chunks: "role", "content", "tool_call[i] start name", "tool_call[i] args",
    /// "finish:reason", "usage", "[DONE]".
    static func openAI(_ events: [SSEEvent]) -> [String] {
        events.map { event in
            guard event.data != "[DONE]" else { return "[DONE]" }
            guard let json = event.json, let choices = json["choices"] as? [[String: Any]] else { return "unparsable" }
            guard let choice = choices.first else { return json["usage"] is [String: Any] ? "usage" : "empty" }
            let delta = choice["delta"] as? [String: Any] ?? [:]
            var labels: [String] = []
            if delta["role"] is String { labels.append("role") }
            if let content = delta["content"] as? String, !content.isEmpty { labels.append("content") }
            for call in delta["tool_calls"] as? [[String: Any]] ?? [] {
                let index = call["index"] as? Int ?? -1
                let function = call["function"] as? [String: Any] ?? [:]
                if let name = function["name"] as? String {
                    labels.append("tool_call[\(index)] start \(name)")
                } else {
                    labels.append("tool_call[\(index)] args")
                }
            }
            if let reason = choice["finish_reason"] as? String { labels.append("finish:\(reason)") }
            return labels.joined(separator: "+")
        }
    }

    /// Concatenated text of all OpenAI content deltas.
    static func openAIText(_ events: [SSEEvent]) -> String {
        events.compactMap { event -> String? in
            let choice = (event.json?["choices"] as? [[String: Any]])?.first
            return (choice?["delta"] as? [String: Any])?["content"] as? String
        }.joined()
    }

    /// Reassembles OpenAI tool-call deltas by index into (id, name, arguments).
    static func openAIToolCalls(_ events: [SSEEvent]) -> [(id: String, name: String, arguments: String)] {
        var calls: [Int: (id: String, name: String, arguments: String)] = [:]
        for event in events {
            let choice = (event.json?["choices"] as? [[String: Any]])?.first
            for call in ((choice?["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]]) ?? [] {
                let index = call["index"] as? Int ?? -1
                let function = call["function"] as? [String: Any] ?? [:]
                var entry = calls[index] ?? (id: "", name: "", arguments: "")
                if let id = call["id"] as? String { entry.id = id }
                if let name = function["name"] as? String { entry.name = name }
                entry.arguments += function["arguments"] as? String ?? ""
                calls[index] = entry
            }
        }
        return calls.keys.sorted().compactMap { calls[$0] }
    }

    /// Labels for Anthropic events: the event name, with the block or delta type for block events.
    static func anthropic(_ events: [SSEEvent]) -> [String] {
        events.map { event in
            let name = event.event ?? "?"
            let json = event.json ?? [:]
            switch name {
            case "content_block_start":
                let block = json["content_block"] as? [String: Any]
                return "\(name)(\(json["index"] as? Int ?? -1) \(block?["type"] as? String ?? "?"))"
            case "content_block_delta":
                let delta = json["delta"] as? [String: Any]
                return "\(name)(\(json["index"] as? Int ?? -1) \(delta?["type"] as? String ?? "?"))"
            case "content_block_stop":
                return "\(name)(\(json["index"] as? Int ?? -1))"
            default:
                return name
            }
        }
    }

    /// Concatenated text_delta / partial_json per Anthropic block index.
    static func anthropicBlocks(_ events: [SSEEvent]) -> [Int: String] {
        var blocks: [Int: String] = [:]
        for event in events where event.event == "content_block_delta" {
            guard let json = event.json, let index = json["index"] as? Int,
                let delta = json["delta"] as? [String: Any]
            else { continue }
            blocks[index, default: ""] += (delta["text"] as? String) ?? (delta["partial_json"] as? String) ?? ""
        }
        return blocks
    }

    /// Parses JSON text into a dictionary.
    static func object(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    /// Parses JSON text into any value, for structural comparisons via NSObject equality.
    static func value(_ text: String) -> NSObject? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject
    }
}
