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
    /// `refs`. Neither a text nor a string that holds one of `secrets` takes part: hiding
    /// the secret in one line and not the other would change the rebuilt text, or cut the
    /// secret in two so that neither line shows it whole to be hidden.
    static func cut(_ delta: JSONObject, recent: RecentTexts, secrets: [String]) -> JSONObject {
        let secrets = secrets.map { Array($0.utf8) }
        var texts: [(source: JSONObject, bytes: [UInt8])] = []
        if let response = recent.response { texts.append(([:], Array(response.utf8))) }
        for (id, output) in recent.results.sorted(by: { $0.key < $1.key }) { texts.append((["result": .string(id)], Array(output.utf8))) }
        texts.removeAll { $0.bytes.count < minimumBytes || holdsSecret($0.bytes, secrets) }
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
        _ value: JSONValue, at path: [JSONValue], texts: [(source: JSONObject, bytes: [UInt8])], secrets: [[UInt8]],
        refs: inout [JSONValue]
    ) -> JSONValue {
        switch value {
        case .string(let s):
            let bytes = Array(s.utf8)
            guard bytes.count >= minimumBytes, !holdsSecret(bytes, secrets) else { return value }
            return cut(bytes, at: path, texts: texts, refs: &refs).map(JSONValue.string) ?? value
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

    /// The string of UTF-8 bytes `hay` with each text's first occurrence cut out (the longest
    /// leading part of the text it holds, at least `minimumBytes`), matches that overlap an
    /// earlier one kept; nil when it holds none.
    private static func cut(
        _ hay: [UInt8], at path: [JSONValue], texts: [(source: JSONObject, bytes: [UInt8])], refs: inout [JSONValue]
    ) -> String? {
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
        guard !kept.isEmpty else { return nil }
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

    /// A text to put back into one string: where, and what.
    private struct Insertion {
        var offset: Int
        var text: [Unicode.Scalar]
    }

    /// `delta` with the texts its `refs` name put back, ready to apply; `refs` removed.
    ///
    /// Each string is rebuilt once, with all its texts, in one pass: the work is linear in
    /// the line and the texts, whatever a file holds.
    static func restore(_ delta: JSONValue, recent: RecentTexts) throws(FieldError) -> JSONValue {
        guard case .object(var fields) = delta, let refs = fields["refs"] else { return delta }
        fields["refs"] = nil
        guard let list = refs.arrayValue else { throw FieldError(field: "delta.refs") }
        let value = JSONValue.object(fields)
        var byPath: [[JSONValue]: [Insertion]] = [:]
        var sourcesByPath: [[JSONValue]: Set<String>] = [:]
        for (i, ref) in list.enumerated() {
            let field = "delta.refs[\(i)]"
            let text: String
            let source: String
            if let id = ref["result"] {
                guard let id = id.stringValue else { throw FieldError(field: "\(field).result") }
                guard let output = recent.results[id] else {
                    throw FieldError(field: "\(field).result (no tool.result \(id) since the request before)")
                }
                (text, source) = (output, "result " + id)
            } else {
                guard let response = recent.response else { throw FieldError(field: "\(field) (no llm.response before it)") }
                (text, source) = (response, "response")
            }
            guard let path = ref["path"]?.arrayValue, let offset = ref["offset"]?.intValue else {
                throw FieldError(field: "\(field) (it needs path and offset)")
            }
            let length = try characterCount(at: path, in: value, field: field)
            guard (0...length).contains(offset) else { throw FieldError(field: "\(field).offset (the string has \(length) characters)") }
            // The writer lists a string's texts from the last to the first: offsets that do
            // not increase, each text once.
            if let last = byPath[path]?.last, offset > last.offset {
                throw FieldError(field: "\(field).offset (offsets in one string must not increase)")
            }
            guard sourcesByPath[path, default: []].insert(source).inserted else {
                throw FieldError(field: "\(field) (the same text twice in one string)")
            }
            var scalars = Array(text.unicodeScalars)
            if let length = ref["length"] {
                guard let length = length.intValue, (0...scalars.count).contains(length) else {
                    throw FieldError(field: "\(field).length (the text has \(scalars.count) characters)")
                }
                scalars.removeSubrange(length...)
            }
            byPath[path, default: []].append(Insertion(offset: offset, text: scalars))
        }
        let prefixes = Set(byPath.keys.flatMap { path in (0...path.count).map { Array(path[..<$0]) } })
        var path: [JSONValue] = []
        return putBack(byPath, into: value, at: &path, prefixes: prefixes)
    }

    /// How many Unicode scalars the string at `path` of `value` has.
    private static func characterCount(at path: [JSONValue], in value: JSONValue, field: String) throws(FieldError) -> Int {
        var node = value
        for step in path {
            if case .object(let fields) = node, let key = step.stringValue {
                guard let inner = fields[key] else { throw FieldError(field: "\(field).path (no field \(key))") }
                node = inner
            } else if case .array(let items) = node, let index = step.intValue {
                guard items.indices.contains(index) else { throw FieldError(field: "\(field).path (no item \(index))") }
                node = items[index]
            } else {
                throw FieldError(field: "\(field).path (it does not lead to a string)")
            }
        }
        guard case .string(let s) = node else { throw FieldError(field: "\(field).path (it does not lead to a string)") }
        return s.unicodeScalars.count
    }

    /// `value` with each string that `byPath` names rebuilt with its texts; only the
    /// branches leading to such strings (`prefixes`) are walked.
    private static func putBack(
        _ byPath: [[JSONValue]: [Insertion]], into value: JSONValue, at path: inout [JSONValue], prefixes: Set<[JSONValue]>
    ) -> JSONValue {
        switch value {
        case .string(let s):
            guard let insertions = byPath[path] else { return value }
            // Offsets do not increase down the list, so from its end they go forward
            // through the string as written.
            let written = Array(s.unicodeScalars)
            var out = String.UnicodeScalarView()
            var from = 0
            for insertion in insertions.reversed() {
                out.append(contentsOf: written[from..<insertion.offset])
                out.append(contentsOf: insertion.text)
                from = insertion.offset
            }
            out.append(contentsOf: written[from...])
            return .string(String(out))
        case .array(var items):
            for index in items.indices {
                path.append(.int(index))
                if prefixes.contains(path) { items[index] = putBack(byPath, into: items[index], at: &path, prefixes: prefixes) }
                path.removeLast()
            }
            return .array(items)
        case .object(let fields):
            var out = fields
            for (key, inner) in fields {
                path.append(.string(key))
                if prefixes.contains(path) { out[key] = putBack(byPath, into: inner, at: &path, prefixes: prefixes) }
                path.removeLast()
            }
            return .object(out)
        default:
            return value
        }
    }

    /// How many Unicode scalars the UTF-8 `bytes` hold (the offsets Python's strings count).
    private static func characters(_ bytes: ArraySlice<UInt8>) -> Int { bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

    /// Whether `bytes` hold one of `secrets`, byte for byte as Redaction finds them.
    private static func holdsSecret(_ bytes: [UInt8], _ secrets: [[UInt8]]) -> Bool {
        secrets.contains { secret in
            bytes.withUnsafeBytes { h in secret.withUnsafeBytes { ByteSearch.firstIndex(of: $0, in: h) != nil } }
        }
    }

    /// Where `needle` first occurs in `hay`.
    private static func firstIndex(of needle: ArraySlice<UInt8>, in hay: [UInt8]) -> Int? {
        hay.withUnsafeBytes { h in needle.withUnsafeBytes { n in ByteSearch.firstIndex(of: n, in: h) } }
    }
}
