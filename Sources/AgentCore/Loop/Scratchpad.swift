/// The run's short-term notes: keyed text the model writes, reads and deletes.
///
/// It lives in the run state and the transcript, not in a table, and the current notes
/// close every prompt.
public struct Scratchpad: Sendable, Hashable {
    private(set) var keys: [String] = []
    private var values: [String: String] = [:]

    /// An empty scratchpad.
    public init() {}

    /// The tool's name.
    public static let toolName = "scratchpad"

    /// The built-in manifest of the `scratchpad` tool.
    public static let manifest = ToolManifest(
        schema: ToolSchema(
            name: toolName,
            // Reading a condensed step back ("step N") is told by the condensed note, only
            // once steps were condensed: said here, in every prompt, it made the 1.5B local
            // model call a tool named "read" with key "step 1" in 7 of 15 runs.
            description: "Keep short working notes for this run. op=write stores `value` under `key` "
                + "(replacing it); op=read returns one note, or all notes when `key` is omitted; op=delete "
                + "removes a note. Current notes are shown at the end of every prompt.",
            parameters: [
                "type": "object",
                "properties": [
                    "op": ["type": "string", "enum": ["write", "read", "delete"]],
                    "key": ["type": "string", "minLength": 1, "maxLength": 200],
                    "value": ["type": "string", "maxLength": 4000],
                ],
                "required": ["op"],
                "additionalProperties": false,
            ]),
        limits: ToolLimits(timeoutSeconds: 1, maxOutputBytes: 65_536))

    /// The notes in the order they were first written.
    public var notes: [(key: String, value: String)] { keys.compactMap { k in values[k].map { (k, $0) } } }

    /// Whether there are no notes.
    public var isEmpty: Bool { keys.isEmpty }

    /// Whether a note is stored under `key`.
    public func has(_ key: String) -> Bool { values[key] != nil }

    /// Applies one validated call; returns what the model sees and the change to record.
    public mutating func apply(_ arguments: JSONValue, step: Int) -> (output: ToolOutput, change: ScratchpadRecord?) {
        let op = arguments["op"]?.stringValue ?? ""
        let key = arguments["key"]?.stringValue
        switch op {
        case "write":
            guard let key, let value = arguments["value"]?.stringValue else {
                return (.error("op=write needs both `key` and `value`"), nil)
            }
            if values[key] == nil { keys.append(key) }
            values[key] = value
            return (ToolOutput(text: "Saved note '\(key)'."), ScratchpadRecord(step: step, op: "write", key: key, value: value))
        case "delete":
            guard let key else { return (.error("op=delete needs `key`"), nil) }
            guard values.removeValue(forKey: key) != nil else {
                return (.error("no note named '\(key)'; notes: \(keys.joined(separator: ", "))"), nil)
            }
            keys.removeAll { $0 == key }
            return (ToolOutput(text: "Deleted note '\(key)'."), ScratchpadRecord(step: step, op: "delete", key: key, value: nil))
        default:  // read
            if let key {
                guard let value = values[key] else {
                    return (.error("no note named '\(key)'; notes: \(keys.joined(separator: ", "))"), nil)
                }
                return (ToolOutput(text: value), nil)
            }
            return (ToolOutput(text: isEmpty ? "(no notes)" : rendered), nil)
        }
    }

    /// The notes as prompt text, one `- key: value` line each.
    public var rendered: String { notes.map { "- \($0.key): \($0.value)" }.joined(separator: "\n") }
}
