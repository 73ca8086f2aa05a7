import AgentCore
import Synchronization

/// A request body written as what changed since the run's previous request: how many of
/// its messages are kept, the messages after them, the run of later old messages found
/// again after those (with the messages that follow it), and the other fields that changed.
///
/// A prompt only grows at its end, so a step's delta is about the size of what the step
/// added; when old steps are condensed, the steps after them are named as a run of the
/// previous body's messages instead of written again. Rebuilding a body needs only the
/// one before it, so a reader gets every body by reading forward once
/// (docs/TRANSCRIPT.md, "Request deltas").
public enum RequestDelta {
    /// The delta that turns `previous` into `body`; nil when it cannot be one (either is
    /// not an object with a `messages` array), and the body is written whole.
    public static func between(_ previous: JSONValue, _ body: JSONValue) -> JSONValue? {
        guard case .object(let old) = previous, let oldMessages = old["messages"]?.arrayValue,
            let newMessages = body["messages"]?.arrayValue
        else { return nil }
        return delta(from: old, splice: ArraySplice.between(oldMessages, newMessages), of: body)
    }

    /// The delta that makes the messages of `body` from the previous ones as `splice` says
    /// and turns the other fields of `old` into those of `body`; nil when `body` is not an
    /// object with a `messages` array.
    static func delta(from old: JSONObject, splice: ArraySplice, of body: JSONValue) -> JSONValue? {
        guard case .object(let new) = body, let newMessages = new["messages"]?.arrayValue else { return nil }
        var set: [(String, JSONValue)] = []
        for (key, value) in new where key != "messages" && old[key] != value { set.append((key, value)) }
        let unset = old.map(\.key).filter { $0 != "messages" && new[$0] == nil }
        let keep = min(splice.kept, newMessages.count)
        var fields: JSONObject = ["keep": .int(keep)]
        if let run = splice.resumed {
            fields["messages"] = .array(Array(newMessages[keep..<run.at]))
            fields["resume"] = [
                "from": .int(run.from), "count": .int(run.count),
                "then": .array(Array(newMessages[(run.at + run.count)...])),
            ]
        } else {
            fields["messages"] = .array(Array(newMessages[keep...]))
        }
        if !set.isEmpty { fields["set"] = .object(JSONObject(pairs: set)) }
        if !unset.isEmpty { fields["unset"] = .array(unset.map(JSONValue.string)) }
        return .object(fields)
    }

    /// The body `delta` makes of `previous`, with the texts its references name taken from
    /// `recent` (the run's lines since `previous`).
    public static func apply(_ delta: JSONValue, to previous: JSONValue, recent: RecentTexts = RecentTexts()) throws(FieldError)
        -> JSONValue
    {
        let delta = try TextReferences.restore(delta, recent: recent)
        guard case .object(var fields) = previous, let old = fields["messages"]?.arrayValue else {
            throw FieldError(field: "delta (the request before it has no messages to keep)")
        }
        guard let keep = delta["keep"]?.intValue, (0...old.count).contains(keep) else {
            throw FieldError(field: "delta.keep (the request before it has \(old.count) messages)")
        }
        guard let added = delta["messages"]?.arrayValue else { throw FieldError(field: "delta.messages") }
        var messages = Array(old[..<keep]) + added
        if let resume = delta["resume"] {
            guard let from = resume["from"]?.intValue, let count = resume["count"]?.intValue, (0..<old.count).contains(from),
                (1...(old.count - from)).contains(count)
            else { throw FieldError(field: "delta.resume (the request before it has \(old.count) messages)") }
            guard let then = resume["then"]?.arrayValue else { throw FieldError(field: "delta.resume.then") }
            messages += old[from..<(from + count)]
            messages += then
        }
        fields["messages"] = .array(messages)
        // The messages are made above, never set or unset (readers that set the fields
        // first would differ).
        guard delta["unset"] == nil || delta["unset"]?.arrayValue != nil else { throw FieldError(field: "delta.unset") }
        for key in delta["unset"]?.arrayValue ?? [] {
            guard let name = key.stringValue, name != "messages" else { throw FieldError(field: "delta.unset") }
            fields[name] = nil
        }
        guard delta["set"] == nil || delta["set"]?.objectValue != nil else { throw FieldError(field: "delta.set") }
        for (key, value) in delta["set"]?.objectValue ?? [:] {
            guard key != "messages" else { throw FieldError(field: "delta.set") }
            fields[key] = value
        }
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
    /// messages), and `body` becomes the last; `splice` is how its messages are made of
    /// the last body's, known to the encoder that just compared them (nil when it did not).
    func delta(to body: JSONValue, splice: ArraySplice?) -> JSONValue? {
        previous.withLock { last in
            var outline: Outline?
            if case .object(var fields) = body, let count = fields["messages"]?.arrayValue?.count {
                fields["messages"] = nil
                outline = Outline(fields: fields, messageCount: count)
            }
            defer { last = outline }
            guard let last, var splice, let outline else { return nil }
            splice.kept = min(splice.kept, last.messageCount, outline.messageCount)
            // A run that does not fit both bodies is written out instead.
            if let run = splice.resumed,
                run.at < splice.kept || run.from + run.count > last.messageCount || run.at + run.count > outline.messageCount
            {
                splice.resumed = nil
            }
            return RequestDelta.delta(from: last.fields, splice: splice, of: body)
        }
    }
}
