/// A JSON object: fields kept sorted in canonical (RFC 8785) key order.
///
/// Objects are built, serialised and compared far more often than they are searched,
/// and most are small, so a sorted array beats a hash table: serialising needs no sort,
/// building needs no hashing, and lookups are a binary search.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in canonical key order.
    public private(set) var fields: [(key: String, value: JSONValue)]

    /// An empty object.
    public init() { fields = [] }

    /// An object with the fields of a dictionary.
    public init(_ dictionary: [String: JSONValue]) {
        fields = dictionary.map { ($0.key, $0.value) }
        fields.sort { JSONObject.precedes($0.key, $1.key) }
    }

    /// An object from a dictionary literal, in canonical key order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(pairs: elements)
    }

    /// An object from key-value pairs; a repeated key keeps its last value.
    public init(pairs: [(String, JSONValue)]) {
        // Binary-search insertion: objects are small, and this measured faster than
        // sorting a decorated copy.
        fields = []
        fields.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The value for `key`; setting nil removes the field.
    public subscript(key: String) -> JSONValue? {
        get {
            let i = index(of: key)
            // Not a ternary: with JSONValue's nil literal it would yield .some(.null).
            guard i < fields.count, fields[i].key == key else { return Optional.none }
            return fields[i].value
        }
        set {
            let i = index(of: key)
            let present = i < fields.count && fields[i].key == key
            switch (present, newValue) {
            case (true, let value?): fields[i].value = value
            case (true, nil): fields.remove(at: i)
            case (false, let value?): fields.insert((key, value), at: i)
            case (false, nil): break
            }
        }
    }

    /// The keys, in canonical order.
    public var keys: [String] { fields.map(\.key) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// This object with `other`'s fields added; `combine` settles keys in both.
    public func merging(_ other: JSONObject, _ combine: (JSONValue, JSONValue) -> JSONValue) -> JSONObject {
        var out = self
        for (key, value) in other.fields { out[key] = out[key].map { combine($0, value) } ?? value }
        return out
    }

    /// The fields in canonical order.
    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> { fields.makeIterator() }

    /// Whether both have the same fields with the same values.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.fields.count == b.fields.count else { return false }
        // Objects reused from a cache share storage: equal without looking inside.
        let same = a.fields.withUnsafeBufferPointer { x in b.fields.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
        return same || zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Hashes the fields in canonical order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(fields.count)
        for (key, value) in fields {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// First position whose key does not precede `key`.
    private func index(of key: String) -> Int {
        var low = 0
        var high = fields.count
        while low < high {
            let mid = (low + high) / 2
            if JSONObject.precedes(fields[mid].key, key) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// RFC 8785 key order: by UTF-16 code units. UTF-8 byte order agrees unless a
    /// character outside the Basic Multilingual Plane is involved, so bytes are compared
    /// first and UTF-16 only when a 4-byte sequence appears.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let astral = a.withUTF8 { $0.contains { $0 >= 0xF0 } } || b.withUTF8 { $0.contains { $0 >= 0xF0 } }
        if astral { return a.utf16.lexicographicallyPrecedes(b.utf16) }
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = Swift.min(x.count, y.count)
                if n > 0, let base = x.baseAddress, let other = y.baseAddress {
                    let c = memcmpBytes(base, other, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
    }
}

/// Byte comparison without importing libc into the pure core.
@inline(__always)
private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
    for i in 0..<n where a[i] != b[i] { return Int(a[i]) - Int(b[i]) }
    return 0
}
