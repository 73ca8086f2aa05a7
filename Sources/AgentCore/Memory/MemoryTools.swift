/// The long-term memory tools as the loop sees them: `remember` (applied by the loop,
/// which records memory.write) and `recall` (run at the edge against the store).
public enum MemoryTools {
    /// The name of the tool that saves a memory.
    public static let rememberName = "remember"
    /// The name of the tool that searches memories.
    public static let recallName = "recall"
    /// Memories recalled into the prompt when a run starts.
    public static let recalledAtStart = 5

    /// The built-in manifest of `remember`.
    public static let rememberManifest = ToolManifest(
        schema: ToolSchema(
            name: rememberName,
            description: "Save a fact or finding to long-term memory so later runs can recall it. Cite its "
                + "sources as [n] in the text; they are saved with it. Keep it to one self-contained statement.",
            parameters: [
                "type": "object",
                "properties": [
                    "text": ["type": "string", "minLength": 1, "maxLength": 2000],
                    "kind": ["type": "string", "enum": ["fact", "finding", "preference", "procedure"]],
                ],
                "required": ["text"],
                "additionalProperties": false,
            ]),
        limits: ToolLimits(timeoutSeconds: 5, maxOutputBytes: 4096))

    /// The built-in manifest of `recall`.
    public static let recallManifest = ToolManifest(
        schema: ToolSchema(
            name: recallName,
            description: "Search long-term memory: facts and findings saved by earlier runs, with their dates "
                + "and sources. Memories can be out of date; check what matters.",
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "minLength": 1, "maxLength": 500],
                    "k": ["type": "integer", "minimum": 1, "maximum": 20],
                ],
                "required": ["query"],
                "additionalProperties": false,
            ]),
        limits: ToolLimits(timeoutSeconds: 30, maxOutputBytes: 16_384))

    /// The id of the `index`-th memory a run writes: derived from the run id, so a replay
    /// names the same memories and ids from different runs do not collide.
    public static func memoryID(run: String, index: Int) -> String {
        let hex = String(FNV1a.hash("\(run)/\(index)".utf8), radix: 16)
        return "mem_" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `text` without its `[n]` citation markers: numbers mean nothing outside their run.
    public static func withoutCitations(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "]"), !after[..<close].isEmpty,
                after[..<close].allSatisfy({ $0.isNumber || $0 == "," || $0 == " " })
            {
                rest = after[after.index(after: close)...]
                if out.last == " ", rest.first.map({ $0 == "." || $0 == "," || $0 == " " }) ?? true { out.removeLast() }
            } else {
                out += "["
                rest = after
            }
        }
        return out + rest
    }

    /// The source a recalled memory is cited by: its original URL or file, else itself.
    public static func citedSource(of memory: RecalledMemory) -> Source {
        let ref = memory.source
        if ref.hasPrefix("http://") || ref.hasPrefix("https://") { return Source(kind: .url, ref: ref) }
        if !ref.isEmpty { return Source(kind: .file, ref: ref) }
        return Source(kind: .memory, ref: memory.id)
    }

    /// One recalled memory as a prompt line: citation number, id, date, source and text.
    public static func line(_ memory: RecalledMemory, number: Int) -> String {
        var label = "memory \(memory.id)"
        if let date = memory.date { label += ", saved \(date)" }
        if !memory.source.isEmpty { label += ", source: \(memory.source)" }
        if !memory.moreSources.isEmpty { label += ", also: " + memory.moreSources.joined(separator: ", ") }
        return "[\(number)] (\(label)) \(memory.text)"
    }
}
