import AgentCore
import Synchronization

/// A request body written as what changed since the run's previous request: how many of
/// its messages are kept, the messages after them, and the other fields that changed.
///
/// A prompt only grows at its end, so a step's delta is about the size of what the step
/// added; when old steps are condensed the kept count drops and the messages after it
/// are written again. Rebuilding a body needs only the one before it, so a reader gets
/// every body by reading forward once (docs/TRANSCRIPT.md, "Request deltas").
public enum RequestDelta {
    /// The delta that turns `previous` into `body`; nil when it cannot be one (either is
    /// not an object with a `messages` array), and the body is written whole.
    /// - Parameter kept: how many leading messages the two share, when the caller already
    ///   compared them (the canonical encoder does, for the same two bodies).
    public static func between(_ previous: JSONValue, _ body: JSONValue, kept: Int? = nil) -> JSONValue? {
        guard case .object(let old) = previous, let oldMessages = old["messages"]?.arrayValue,
            let newMessages = body["messages"]?.arrayValue
        else { return nil }
        let shared = min(oldMessages.count, newMessages.count)
        var keep = min(kept ?? 0, shared)
        if kept == nil { while keep < shared, oldMessages[keep] == newMessages[keep] { keep += 1 } }
        return delta(from: old, keeping: keep, of: body)
    }

    /// The delta that keeps `keep` leading messages and turns the other fields of `old`
    /// into those of `body`; nil when `body` is not an object with a `messages` array.
    static func delta(from old: JSONObject, keeping keep: Int, of body: JSONValue) -> JSONValue? {
        guard case .object(let new) = body, let newMessages = new["messages"]?.arrayValue else { return nil }
        var set: [(String, JSONValue)] = []
        for (key, value) in new where key != "messages" && old[key] != value { set.append((key, value)) }
        let unset = old.map(\.key).filter { $0 != "messages" && new[$0] == nil }
        var fields: JSONObject = ["keep": .int(keep), "messages": .array(Array(newMessages[min(keep, newMessages.count)...]))]
        if !set.isEmpty { fields["set"] = .object(JSONObject(pairs: set)) }
        if !unset.isEmpty { fields["unset"] = .array(unset.map(JSONValue.string)) }
        return .object(fields)
    }

    /// The body `delta` makes of `previous`.
    public static func apply(_ delta: JSONValue, to previous: JSONValue) throws(FieldError) -> JSONValue {
        guard case .object(var fields) = previous, let old = fields["messages"]?.arrayValue else {
            throw FieldError(field: "delta (the request before it has no messages to keep)")
        }
        guard let keep = delta["keep"]?.intValue, (0...old.count).contains(keep) else {
            throw FieldError(field: "delta.keep (the request before it has \(old.count) messages)")
        }
        guard let added = delta["messages"]?.arrayValue else { throw FieldError(field: "delta.messages") }
        fields["messages"] = .array(Array(old[..<keep]) + added)
        for key in delta["unset"]?.arrayValue ?? [] {
            guard let name = key.stringValue else { throw FieldError(field: "delta.unset") }
            fields[name] = nil
        }
        for (key, value) in delta["set"]?.objectValue ?? [:] { fields[key] = value }
        return .object(fields)
    }
}

/// What a run's previous request body was, for writing the next one as a delta: its
/// fields other than the messages, and how many messages it had.
///
/// The messages themselves are not kept: the caller says how many the next body shares
/// (its encoder compared them), and holding them would keep the provider's encoded
/// messages shared, so that its next step copied them all instead of appending.
public final class RequestBodies: Sendable {
    private struct Outline {
        var fields: JSONObject
        var messageCount: Int
    }

    private let previous = Mutex<Outline?>(nil)

    /// An empty history.
    public init() {}

    /// The delta from the last body to `body` (nil for the first, or when either has no
    /// messages), and `body` becomes the last; `kept` is the count of leading messages
    /// they share, known to the encoder that just compared them (nil when it did not).
    func delta(to body: JSONValue, kept: Int?) -> JSONValue? {
        previous.withLock { last in
            var outline: Outline?
            if case .object(var fields) = body, let count = fields["messages"]?.arrayValue?.count {
                fields["messages"] = nil
                outline = Outline(fields: fields, messageCount: count)
            }
            defer { last = outline }
            guard let last, let kept, let outline else { return nil }
            return RequestDelta.delta(from: last.fields, keeping: min(kept, last.messageCount, outline.messageCount), of: body)
        }
    }
}
