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
    /// its new items, not for rebuilding the cache.
    fileprivate struct EncodedArray {
        var items: [JSONValue] = []
        var ends: [Int] = []
        var joined: [UInt8] = []
    }

    /// What the last call produced, kept to edit into the next output.
    private struct State {
        var arrays: [String: EncodedArray] = [:]
        /// The last output; edited in place from its first changed byte on, so a body that
        /// grew at its end costs its new bytes, not a copy of the whole.
        var output: [UInt8] = []
        /// For each array field of the last body, how it was made of the body before's
        /// (the transcript writes a request as what changed since that one).
        var splices: [String: ArraySplice] = [:]
        /// How many leading bytes the last output shared with the one before.
        var unchangedBytes = 0
    }

    private let state = Mutex(State())

    /// An empty cache.
    public init() {}

    /// How array field `key` of the last body encoded was made of the body before's; nil
    /// when the field was not an array in both.
    public func splice(_ key: String) -> ArraySplice? { state.withLock { $0.splices[key] } }

    /// How many leading bytes the last output shared with the output before it, which a
    /// hash of successive outputs can resume from (`PrefixSHA256`).
    public var unchangedBytes: Int { state.withLock { $0.unchangedBytes } }

    /// The canonical bytes of `body`.
    ///
    /// The result shares storage with the encoder's copy until the next call: a caller
    /// that keeps it past then makes that call copy the whole output instead of editing it.
    public func encode(_ body: JSONValue) -> [UInt8] {
        guard case .object(let fields) = body else {
            state.withLock { $0 = State() }
            return body.canonicalBytes
        }
        return state.withLock { s in
            // Taken out of the state so that editing it copies nothing.
            var edit = OutputEdit(old: s.output)
            s.output = []
            var arrays: [String: EncodedArray] = [:]
            var splices: [String: ArraySplice] = [:]
            edit.write([UInt8(ascii: "{")])
            for (i, field) in fields.enumerated() {
                var head: [UInt8] = i > 0 ? [UInt8(ascii: ",")] : []
                JSONValue.writeQuoted(field.key, to: &head)
                head.append(UInt8(ascii: ":"))
                guard case .array(let items) = field.value else {
                    field.value.writeCanonical(to: &head)
                    edit.write(head)
                    continue
                }
                head.append(UInt8(ascii: "["))
                edit.write(head)
                // Taken out of the cache so that editing it copies nothing.
                var encoded = EncodedArray()
                var wasKnown = false
                if let known = s.arrays.removeValue(forKey: field.key) {
                    encoded = known
                    wasKnown = true
                }
                let splice = encoded.update(to: items)
                let same = splice.kept
                if wasKnown { splices[field.key] = splice }
                // With everything before it unchanged, this is where the last output had
                // this field's items, and the kept ones are the same bytes.
                let from = edit.skip(same == 0 ? 0 : encoded.ends[same - 1])
                edit.write(encoded.joined[from...])
                edit.write([UInt8(ascii: "]")])
                arrays[field.key] = encoded
            }
            edit.write([UInt8(ascii: "}")])
            s.unchangedBytes = edit.finish()
            s.output = edit.out
            s.arrays = arrays
            s.splices = splices
            return s.output
        }
    }
}

/// Writes a new output over the last one, keeping the bytes the two share at the start.
private struct OutputEdit {
    var out: [UInt8]
    /// Bytes of `out` known to equal the new output so far.
    private var cursor = 0
    private var diverged = false

    init(old: [UInt8]) {
        out = old
        diverged = old.isEmpty
    }

    /// Skips `count` bytes known to be unchanged when nothing before them changed, and
    /// returns how many it skipped (0 after a change: they must be written).
    mutating func skip(_ count: Int) -> Int {
        guard !diverged else { return 0 }
        cursor += count
        return count
    }

    /// Appends `bytes` to the new output.
    mutating func write(_ bytes: ArraySlice<UInt8>) {
        guard !diverged else {
            out.append(contentsOf: bytes)
            return
        }
        // Compared byte by byte: the core has no libc, and what is compared is short (a
        // field's key and value, or array items from the first that changed).
        var i = bytes.startIndex
        while i < bytes.endIndex, cursor < out.count, out[cursor] == bytes[i] {
            cursor += 1
            i += 1
        }
        guard i < bytes.endIndex else { return }
        out.removeSubrange(cursor...)
        diverged = true
        out.append(contentsOf: bytes[i...])
    }

    /// Appends `bytes` to the new output.
    mutating func write(_ bytes: [UInt8]) { write(bytes[...]) }

    /// Ends the output; returns how many leading bytes it shares with the old one.
    mutating func finish() -> Int {
        if !diverged { out.removeSubrange(cursor...) }
        return cursor
    }
}

extension CanonicalEncoder.EncodedArray {
    /// Keeps the leading items that `new` shares with the last call and the run of later
    /// ones it finds again (their bytes copied, not encoded), encodes the others, and
    /// returns how `new` was made of the last call's items.
    mutating func update(to new: [JSONValue]) -> ArraySplice {
        let splice = ArraySplice.between(items, new)
        let same = splice.kept
        if let run = splice.resumed {
            self = spliced(new, keeping: same, resuming: run)
            return splice
        }
        if same < items.count {
            joined.removeSubrange((same == 0 ? 0 : ends[same - 1])...)
            items.removeSubrange(same...)
            ends.removeSubrange(same...)
        }
        for item in new[same...] { append(item) }
        return splice
    }

    /// The encoding of `new`, made of this one's first `kept` items and the bytes of the
    /// run `resumed` finds again, with the items around them encoded.
    private func spliced(_ new: [JSONValue], keeping kept: Int, resuming run: ArraySplice.Run) -> Self {
        var next = Self()
        next.items = Array(new[..<kept])
        next.ends = Array(ends[..<kept])
        next.joined.reserveCapacity(joined.count)
        next.joined.append(contentsOf: joined[..<(kept == 0 ? 0 : ends[kept - 1])])
        for item in new[kept..<run.at] { next.append(item) }
        let start = run.from == 0 ? 0 : ends[run.from - 1] + 1
        if !next.items.isEmpty { next.joined.append(UInt8(ascii: ",")) }
        let shift = next.joined.count - start
        next.joined.append(contentsOf: joined[start..<ends[run.from + run.count - 1]])
        next.items.append(contentsOf: new[run.at..<(run.at + run.count)])
        next.ends.append(contentsOf: ends[run.from..<(run.from + run.count)].map { $0 + shift })
        for item in new[(run.at + run.count)...] { next.append(item) }
        return next
    }

    /// Encodes `item` after the others.
    private mutating func append(_ item: JSONValue) {
        if !items.isEmpty { joined.append(UInt8(ascii: ",")) }
        item.writeCanonical(to: &joined)
        items.append(item)
        ends.append(joined.count)
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
        /// How many leading messages of the last call were encoded as in the call before.
        var unchanged = 0
    }

    private let previous = Mutex(Encoded())

    /// An empty cache.
    public init() {}

    /// How many leading messages the last call shared with the call before it, whose
    /// encodings it returned again: what a provider built from them still holds.
    public var unchangedCount: Int { previous.withLock { $0.unchanged } }

    /// `messages` encoded by `encode`, reusing the previous call's results where the
    /// message at the same position is unchanged, after the values of `leading` (a
    /// provider's system message).
    ///
    /// The result shares storage with the cache's copy until the next call, which edits
    /// that copy in place when the caller has let go of the result.
    public func encode(
        _ messages: [PromptMessage], leading: [JSONValue] = [], _ encode: (PromptMessage) -> JSONValue
    ) -> [JSONValue] {
        previous.withLock { cache in
            let first = cache.json.count - cache.messages.count
            if first != leading.count || !cache.json.prefix(first).elementsEqual(leading) {
                cache.json.replaceSubrange(0..<first, with: leading)
            }
            let offset = leading.count
            let shared = min(messages.count, cache.messages.count)
            let splice = ArraySplice.between(cache.messages, messages)
            cache.unchanged = splice.kept
            // Old steps condensed: the messages after them moved, and keep their encodings.
            if let run = splice.resumed, run.from != run.at {
                var json = Array(cache.json[..<(offset + splice.kept)])
                json.reserveCapacity(offset + messages.count)
                for message in messages[splice.kept..<run.at] { json.append(encode(message)) }
                json.append(contentsOf: cache.json[(offset + run.from)..<(offset + run.from + run.count)])
                for message in messages[(run.at + run.count)...] { json.append(encode(message)) }
                cache.messages = messages
                cache.json = json
                return cache.json
            }
            let changed = cache.messages.withUnsafeBufferPointer { old in
                messages.withUnsafeBufferPointer { new in (splice.kept..<shared).filter { !unchanged(old, new, at: $0) } }
            }
            for i in changed {
                cache.messages[i] = messages[i]
                cache.json[offset + i] = encode(messages[i])
            }
            cache.messages.removeSubrange(shared...)
            cache.json.removeSubrange((offset + shared)...)
            for message in messages[shared...] {
                cache.messages.append(message)
                cache.json.append(encode(message))
            }
            return cache.json
        }
    }
}

/// Whether the values at `index` of two buffers are equal, looked at without copying them.
///
/// A step compares every message of the conversation with the step before's, and
/// nearly all are the very same values: same case, same string and array storage, so the
/// same bytes. Comparing those bytes decides them with no retain or release; only values
/// whose bytes differ (rebuilt, or padding that differs) are compared with `==`.
@inline(__always)
func unchanged<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, at index: Int) -> Bool {
    unchanged(a, index, b, index)
}

/// Whether `a[i]` and `b[j]` are equal, looked at as `unchanged(_:_:at:)` does.
@inline(__always)
func unchanged<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ i: Int, _ b: UnsafeBufferPointer<T>, _ j: Int) -> Bool {
    guard let x = a.baseAddress, let y = b.baseAddress else { return a[i] == b[j] }
    let left = UnsafeRawPointer(x + i)
    let right = UnsafeRawPointer(y + j)
    let size = MemoryLayout<T>.size
    var offset = 0
    var same = true
    while same, offset + 8 <= size {
        same = left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
    }
    while same, offset < size {
        same = left.load(fromByteOffset: offset, as: UInt8.self) == right.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
    }
    return same || a[i] == b[j]
}
