import Synchronization

/// Serialises successive request bodies of one conversation, reusing the bytes of each
/// array's leading elements that are unchanged since the previous body.
///
/// A prompt only grows at its end, so step N's messages are step N-1's plus a few: with
/// this cache a step serialises its new messages, not the whole conversation again (after
/// the context window condenses old steps, it serialises from the first changed message
/// on). The output is always exactly `body.canonicalBytes`; only the work differs.
public final class CanonicalEncoder: Sendable {
    /// One array field as last encoded: its items, and their bytes joined by commas with
    /// the offset where each item's bytes end. Kept and edited in place, so a step pays for
    /// its new items and one copy of the joined bytes, not for rebuilding the cache.
    fileprivate struct EncodedArray {
        var items: [JSONValue] = []
        var ends: [Int] = []
        var joined: [UInt8] = []
    }

    private let previous = Mutex<[String: EncodedArray]>([:])
    /// For each array field of the last body, how many leading items it shared with the
    /// body before (the transcript writes a request as what changed since that one).
    private let kept = Mutex<[String: Int]>([:])

    /// An empty cache.
    public init() {}

    /// How many leading items of array field `key` the last body encoded shared with the
    /// body before it; nil when the field was not an array in both.
    public func keptItems(_ key: String) -> Int? { kept.withLock { $0[key] } }

    /// The canonical bytes of `body`.
    public func encode(_ body: JSONValue) -> [UInt8] {
        guard case .object(let fields) = body else { return body.canonicalBytes }
        var shared: [String: Int] = [:]
        defer { kept.withLock { $0 = shared } }
        return previous.withLock { cache in
            var next: [String: EncodedArray] = [:]
            var out: [UInt8] = [UInt8(ascii: "{")]
            out.reserveCapacity(cache.values.reduce(256) { $0 + $1.joined.count + 2 })
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeQuoted(field.key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard case .array(let items) = field.value else {
                    field.value.writeCanonical(to: &out)
                    continue
                }
                // Taken out of the cache so that editing it copies nothing.
                let known = cache.removeValue(forKey: field.key)
                var encoded = known ?? EncodedArray()
                let same = encoded.update(to: items)
                if known != nil { shared[field.key] = same }
                out.append(UInt8(ascii: "["))
                out.append(contentsOf: encoded.joined)
                out.append(UInt8(ascii: "]"))
                next[field.key] = encoded
            }
            out.append(UInt8(ascii: "}"))
            cache = next
            return out
        }
    }
}

extension CanonicalEncoder.EncodedArray {
    /// Keeps the leading items that `new` shares with the last call, drops the rest and
    /// encodes the items after them; returns how many it kept.
    @discardableResult
    mutating func update(to new: [JSONValue]) -> Int {
        var same = 0
        let shared = min(new.count, items.count)
        while same < shared, items[same] == new[same] { same += 1 }
        if same < items.count {
            joined.removeSubrange((same == 0 ? 0 : ends[same - 1])...)
            items.removeSubrange(same...)
            ends.removeSubrange(same...)
        }
        for item in new[same...] {
            if !items.isEmpty { joined.append(UInt8(ascii: ",")) }
            item.writeCanonical(to: &joined)
            items.append(item)
            ends.append(joined.count)
        }
        return same
    }
}

/// Remembers how each prompt message was last encoded for a provider, so a step
/// rebuilds only the messages that are new. Equal messages share their storage across
/// steps, so the comparisons are cheap, and the reused values let `CanonicalEncoder`
/// recognise them in turn.
public final class MessageEncodingCache: Sendable {
    /// The messages last encoded and their encodings, edited in place step to step.
    private struct Encoded {
        var messages: [PromptMessage] = []
        var json: [JSONValue] = []
    }

    private let previous = Mutex(Encoded())

    /// An empty cache.
    public init() {}

    /// `messages` encoded by `encode`, reusing the previous call's results where the
    /// message at the same position is unchanged.
    public func encode(_ messages: [PromptMessage], _ encode: (PromptMessage) -> JSONValue) -> [JSONValue] {
        previous.withLock { cache in
            let shared = min(messages.count, cache.messages.count)
            for i in 0..<shared where cache.messages[i] != messages[i] {
                cache.messages[i] = messages[i]
                cache.json[i] = encode(messages[i])
            }
            cache.messages.removeSubrange(shared...)
            cache.json.removeSubrange(shared...)
            for message in messages[shared...] {
                cache.messages.append(message)
                cache.json.append(encode(message))
            }
            return cache.json
        }
    }
}
