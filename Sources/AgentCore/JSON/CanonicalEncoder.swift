import Synchronization

/// Serialises successive request bodies of one conversation, reusing the bytes of every
/// array element that is unchanged since the previous body.
///
/// A prompt only grows at its end, so step N's messages are step N-1's plus a few: with
/// this cache a step serialises its new messages, not the whole conversation again. The
/// output is always exactly `body.canonicalBytes`; only the work differs.
public final class CanonicalEncoder: Sendable {
    private let previous = Mutex<[String: [(value: JSONValue, bytes: [UInt8])]]>([:])

    /// An empty cache.
    public init() {}

    /// The canonical bytes of `body`.
    public func encode(_ body: JSONValue) -> [UInt8] {
        guard case .object(let fields) = body else { return body.canonicalBytes }
        return previous.withLock { cache in
            var next: [String: [(value: JSONValue, bytes: [UInt8])]] = [:]
            var out: [UInt8] = [UInt8(ascii: "{")]
            out.reserveCapacity(cache.values.reduce(256) { $0 + $1.reduce(0) { $0 + $1.bytes.count + 1 } })
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeQuoted(field.key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard case .array(let items) = field.value else {
                    field.value.writeCanonical(to: &out)
                    continue
                }
                let old = cache[field.key] ?? []
                var fresh: [(value: JSONValue, bytes: [UInt8])] = []
                fresh.reserveCapacity(items.count)
                out.append(UInt8(ascii: "["))
                for (j, item) in items.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    let bytes = j < old.count && old[j].value == item ? old[j].bytes : item.canonicalBytes
                    out.append(contentsOf: bytes)
                    fresh.append((item, bytes))
                }
                out.append(UInt8(ascii: "]"))
                next[field.key] = fresh
            }
            out.append(UInt8(ascii: "}"))
            cache = next
            return out
        }
    }
}

/// Remembers how each prompt message was last encoded for a provider, so a step
/// rebuilds only the messages that are new. Equal messages share their storage across
/// steps, so the comparisons are cheap, and the reused values let `CanonicalEncoder`
/// recognise them in turn.
public final class MessageEncodingCache: Sendable {
    private let previous = Mutex<[(message: PromptMessage, json: JSONValue)]>([])

    /// An empty cache.
    public init() {}

    /// `messages` encoded by `encode`, reusing the previous call's results where the
    /// message at the same position is unchanged.
    public func encode(_ messages: [PromptMessage], _ encode: (PromptMessage) -> JSONValue) -> [JSONValue] {
        previous.withLock { cache in
            var next: [(message: PromptMessage, json: JSONValue)] = []
            next.reserveCapacity(messages.count)
            for (i, message) in messages.enumerated() {
                let json = i < cache.count && cache[i].message == message ? cache[i].json : encode(message)
                next.append((message, json))
            }
            cache = next
            return next.map(\.json)
        }
    }
}
