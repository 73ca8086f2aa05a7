import AgentCore
import Foundation
import LLM

/// What the real Chat Completions API refuses before any model work, refused the same way
/// here, so that a client that sends such a request fails a test instead of a user's run.
enum OpenAIRequestRules {
    /// A refusal: status and the error body's fields.
    struct Refusal {
        var status: Int
        var message: String
        var param: String?
        var code: String?
    }

    /// The refusal the API would give `body`, or nil when it would take it.
    static func refusal(_ body: [UInt8], today: String = ModelCatalog.day(Date())) -> Refusal? {
        guard let json = try? JSONValue.parse(Data(body)) else { return nil }
        let model = json["model"]?.stringValue ?? ""
        guard let entry = ModelCatalog.entry(for: model), entry.provider == .openai else { return nil }
        if entry.hasRetired(on: today) {
            return Refusal(
                status: 404, message: "The model `\(model)` does not exist or you do not have access to it.", code: "model_not_found")
        }
        if entry.reasoning != .none, json["max_tokens"] != nil {
            return Refusal(
                status: 400,
                message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                param: "max_tokens", code: "unsupported_parameter")
        }
        if !entry.acceptsTemperature, let t = json["temperature"]?.doubleValue, t != 1 {
            return Refusal(
                status: 400,
                message:
                    "Unsupported value: 'temperature' does not support \(JSONValue.format(number: t)) with this model. Only the default (1) value is supported.",
                param: "temperature", code: "unsupported_value")
        }
        let hasTools = !(json["tools"]?.arrayValue ?? []).isEmpty
        if hasTools && !entry.nativeTools {
            return Refusal(
                status: 400,
                message: "Function tools are not supported for \(model) in /v1/chat/completions. Please use /v1/responses instead.",
                param: "tools", code: "unsupported_parameter")
        }
        if hasTools, let effort = entry.chatReasoningEffort, json["reasoning_effort"]?.stringValue != effort {
            return Refusal(
                status: 400,
                message:
                    "Function tools with reasoning_effort are not supported for \(model) in /v1/chat/completions. Please set reasoning_effort to '\(effort)' or use /v1/responses.",
                param: "reasoning_effort", code: "unsupported_parameter")
        }
        return nil
    }
}
