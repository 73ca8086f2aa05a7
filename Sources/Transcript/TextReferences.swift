import AgentCore

/// The texts a run wrote since its last request that the next request may show again:
/// the model's last reply and the tool results after it.
public struct RecentTexts: Sendable {
    /// The `text` of the run's last `llm.response`.
    public var response: String?
    /// The `output` of each `tool.result` since the run's last `llm.request`, by call id.
    public var results: [String: String] = [:]

    /// No texts yet.
    public init() {}

    /// Takes note of `event`'s text, when it has one a request may show again.
    public mutating func note(_ event: Event) {
        switch event.payload {
        case .llmResponse(let r): response = r.turn.text
        case .toolResult(let r): results[r.id] = r.output
        case .llmRequest: results = [:]
        default: break
        }
    }
}

/// A request delta's new messages with the texts that lines before it already hold cut
/// out, and references (`refs`) saying what goes back where.
///
/// A step's reply and tool results are written in their own lines, and the next request
/// shows them again; without references each would be written twice. The reference is
/// by content, not by construction: a text is cut only where the message holds it byte
/// for byte, so whatever a provider wraps around it stays in the message.
enum TextReferences {
    /// The shortest text worth a reference: shorter ones cost less than the reference.
    static let minimumBytes = 128

    /// `delta` with the texts of `recent` found in its new messages cut out and listed in
    /// `refs`; strings that hold one of `secrets` are left whole, since hiding the secret
    /// in the written line would move the offsets.
    static func cut(_ delta: JSONObject, recent: RecentTexts, secrets: [String]) -> JSONObject {
        var texts: [(source: JSONObject, bytes: [UInt8])] = []
        if let response = recent.response, response.utf8.count >= minimumBytes { texts.append(([:], Array(response.utf8))) }
        for (id, output) in recent.results.sorted(by: { $0.key < $1.key }) where output.utf8.count >= minimumBytes {
            texts.append((["result": .string(id)], Array(output.utf8)))
        }
        guard !texts.isEmpty else { return delta }
        var out = delta
        var refs: [JSONValue] = []
        if let messages = delta["messages"] {
            out["messages"] = cut(messages, at: ["messages"], texts: texts, secrets: secrets, refs: &refs)
        }
        if case .object(var resume) = delta["resume"], let then = resume["then"] {
            resume["then"] = cut(then, at: ["resume", "then"], texts: texts, secrets: secrets, refs: &refs)
            out["resume"] = .object(resume)
        }
        if !refs.isEmpty { out["refs"] = .array(refs) }
        return out
    }

    /// `value` with the texts found in its strings cut out, their references added to `refs`.
    private static func cut(
        _ value: JSONValue, at path: [JSONValue], texts: [(source: JSONObject, bytes: [UInt8])], secrets: [String],
        refs: inout [JSONValue]
    ) -> JSONValue {
        switch value {
        case .string(let s):
            guard s.utf8.count >= minimumBytes, !secrets.contains(where: { s.contains($0) }) else { return value }
            return .string(cut(s, at: path, texts: texts, refs: &refs))
        case .array(let items):
            return .array(items.enumerated().map { cut($1, at: path + [.int($0)], texts: texts, secrets: secrets, refs: &refs) })
        case .object(let fields):
            return .object(
                JSONObject(
                    pairs: fields.map { ($0.key, cut($0.value, at: path + [.string($0.key)], texts: texts, secrets: secrets, refs: &refs)) }
                ))
        default:
            return value
        }
    }

    /// `string` with each text's first occurrence cut out (the longest leading part of the
    /// text it holds, at least `minimumBytes`), matches that overlap an earlier one kept.
    private static func cut(
        _ string: String, at path: [JSONValue], texts: [(source: JSONObject, bytes: [UInt8])], refs: inout [JSONValue]
    ) -> String {
        let hay = Array(string.utf8)
        var matches: [(start: Int, length: Int, text: Int)] = []
        for (index, text) in texts.enumerated() {
            guard let start = firstIndex(of: text.bytes.prefix(minimumBytes), in: hay) else { continue }
            var length = minimumBytes
            while length < text.bytes.count, start + length < hay.count, hay[start + length] == text.bytes[length] { length += 1 }
            // End on a whole character: the next byte of the text must start one.
            while length < text.bytes.count, text.bytes[length] & 0xC0 == 0x80 { length -= 1 }
            if length >= minimumBytes { matches.append((start, length, index)) }
        }
        matches.sort { ($0.start, -$0.length, $0.text) < ($1.start, -$1.length, $1.text) }
        var kept: [(start: Int, length: Int, text: Int)] = []
        for match in matches where kept.last.map({ $0.start + $0.length <= match.start }) ?? true { kept.append(match) }
        guard !kept.isEmpty else { return string }
        var written: [UInt8] = []
        written.reserveCapacity(hay.count)
        var from = 0
        var placed: [JSONValue] = []
        for match in kept {
            written += hay[from..<match.start]
            var ref = texts[match.text].source
            ref["path"] = .array(path)
            ref["offset"] = .int(characters(written[...]))
            if match.length < texts[match.text].bytes.count {
                ref["length"] = .int(characters(texts[match.text].bytes[..<match.length]))
            }
            placed.append(.object(ref))
            from = match.start + match.length
        }
        written += hay[from...]
        // Listed last first: each inserts at an offset in the string as written, which the
        // texts inserted after it (further on) do not move.
        refs += placed.reversed()
        return String(decoding: written, as: UTF8.self)
    }

    /// `delta` with the texts its `refs` name put back, ready to apply; `refs` removed.
    static func restore(_ delta: JSONValue, recent: RecentTexts) throws(FieldError) -> JSONValue {
        guard case .object(var fields) = delta, let refs = fields["refs"] else { return delta }
        fields["refs"] = nil
        guard let list = refs.arrayValue else { throw FieldError(field: "delta.refs") }
        var value = JSONValue.object(fields)
        for (i, ref) in list.enumerated() {
            let field = "delta.refs[\(i)]"
            let text: String?
            if let id = ref["result"] {
                guard let id = id.stringValue else { throw FieldError(field: "\(field).result") }
                text = recent.results[id]
                guard text != nil else { throw FieldError(field: "\(field).result (no tool.result \(id) since the request before)") }
            } else {
                text = recent.response
                guard text != nil else { throw FieldError(field: "\(field) (no llm.response before it)") }
            }
            guard let path = ref["path"]?.arrayValue, let offset = ref["offset"]?.intValue, let text else {
                throw FieldError(field: "\(field) (it needs path and offset)")
            }
            var scalars = Array(text.unicodeScalars)
            if let length = ref["length"] {
                guard let length = length.intValue, (0...scalars.count).contains(length) else {
                    throw FieldError(field: "\(field).length (the text has \(scalars.count) characters)")
                }
                scalars.removeSubrange(length...)
            }
            value = try inserting(scalars, at: offset, in: value, path: path[...], field: field)
        }
        return value
    }

    /// `value` with `text` inserted at `offset` (in Unicode scalars) of the string `path` leads to.
    private static func inserting(
        _ text: [Unicode.Scalar], at offset: Int, in value: JSONValue, path: ArraySlice<JSONValue>, field: String
    ) throws(FieldError) -> JSONValue {
        guard let step = path.first else {
            guard case .string(let s) = value else { throw FieldError(field: "\(field).path (it does not lead to a string)") }
            var scalars = Array(s.unicodeScalars)
            guard (0...scalars.count).contains(offset) else {
                throw FieldError(field: "\(field).offset (the string has \(scalars.count) characters)")
            }
            scalars.insert(contentsOf: text, at: offset)
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars)
            return .string(String(out))
        }
        if case .object(var fields) = value, let key = step.stringValue {
            guard let inner = fields[key] else { throw FieldError(field: "\(field).path (no field \(key))") }
            fields[key] = try inserting(text, at: offset, in: inner, path: path.dropFirst(), field: field)
            return .object(fields)
        }
        if case .array(var items) = value, let index = step.intValue {
            guard items.indices.contains(index) else { throw FieldError(field: "\(field).path (no item \(index))") }
            items[index] = try inserting(text, at: offset, in: items[index], path: path.dropFirst(), field: field)
            return .array(items)
        }
        throw FieldError(field: "\(field).path (it does not lead to a string)")
    }

    /// How many Unicode scalars the UTF-8 `bytes` hold (the offsets Python's strings count).
    private static func characters(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

    /// Where `needle` first occurs in `hay`.
    private static func firstIndex(of needle: ArraySlice<UInt8>, in hay: [UInt8]) -> Int? {
        hay.withUnsafeBytes { h in needle.withUnsafeBytes { n in ByteSearch.firstIndex(of: n, in: h) } }
    }
}
