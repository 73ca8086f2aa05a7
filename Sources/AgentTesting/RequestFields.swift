import Foundation

/// The few request-body fields that change how the fakes answer.
struct RequestFields: Sendable {
    /// `model`, echoed back in responses.
    var model: String?
    /// `stream: true` selects server-sent events.
    var stream: Bool
    /// `stream_options.include_usage` (OpenAI) adds the trailing usage chunk.
    var includeUsage: Bool
    /// The reply cap: `max_completion_tokens`, else `max_tokens`.
    var replyCap: Int?

    /// Parses a JSON object body; nil when the body is not a JSON object.
    static func parse(_ body: [UInt8]) -> RequestFields? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return nil
        }
        let options = object["stream_options"] as? [String: Any]
        return RequestFields(
            model: object["model"] as? String,
            stream: (object["stream"] as? Bool) ?? false,
            includeUsage: (options?["include_usage"] as? Bool) ?? false,
            replyCap: (object["max_completion_tokens"] as? Int) ?? (object["max_tokens"] as? Int)
        )
    }
}
