import AgentCore
import Evaluation
import Foundation
import Transcript

/// A batch's directory (docs/BATCH.md): batch.json, a copy of the task file, results.jsonl,
/// scores.jsonl and transcripts/.
struct BatchDirectory {
    /// The directory (absolute).
    let path: String

    var manifest: String { path + "/batch.json" }
    var tasks: String { path + "/tasks.jsonl" }
    var results: String { path + "/results.jsonl" }
    var scores: String { path + "/scores.jsonl" }
    var transcripts: String { path + "/transcripts" }

    /// A new batch id: the time it started and a few random letters.
    static func newID(now: Date = Date()) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyyMMdd-HHmmss"
        return format.string(from: now) + "-" + String(UUID().uuidString.lowercased().prefix(4))
    }

    /// Creates the directory for a new batch: writes batch.json and copies the task file in,
    /// so the batch can be scored and resumed elsewhere.
    /// - Throws: `CLIError` when the directory already holds a batch (use --resume) or cannot be written.
    func create(record: JSONValue, taskFile: Data) throws(CLIError) {
        let files = FileManager.default
        if files.fileExists(atPath: manifest) {
            throw .usage("\(path) already holds a batch; resume it with --resume \(path), or choose another --out")
        }
        do {
            try files.createDirectory(atPath: transcripts, withIntermediateDirectories: true)
            try taskFile.write(to: URL(fileURLWithPath: tasks), options: .atomic)
            try Data((record.prettyText + "\n").utf8).write(to: URL(fileURLWithPath: manifest), options: .atomic)
        } catch {
            throw .failure("cannot write the batch directory \(path): \(error.fileReason)")
        }
    }

    /// The batch.json of an existing batch.
    func record() throws(CLIError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: manifest) else {
            throw .usage("\(path) is not a batch directory (no batch.json); check the path")
        }
        do { return try JSONValue.parse(data) } catch { throw .failure("\(manifest): \(error.message)") }
    }

    /// What differs between the settings a batch was started with and those of now, one
    /// "key: old → new" per difference.
    static func differences(_ old: JSONValue?, _ new: JSONValue, prefix: String = "") -> [String] {
        guard case .object(let newFields) = new, case .object(let oldFields)? = old else {
            return old == new ? [] : ["\(prefix.isEmpty ? "settings" : prefix): \(old?.canonicalText ?? "none") → \(new.canonicalText)"]
        }
        let keys = Array(Set(oldFields.keys).union(newFields.keys)).sorted()
        return keys.flatMap { key -> [String] in
            let name = prefix.isEmpty ? key : prefix + "." + key
            let before = oldFields[key], after = newFields[key] ?? .null
            if case .object = after, case .object? = before { return differences(before, after, prefix: name) }
            return (before ?? .null) == after ? [] : ["\(name): \((before ?? .null).canonicalText) → \(after.canonicalText)"]
        }
    }

    /// The flags that give the settings `old` records where `new` differs: what a resume
    /// must repeat to go on as the batch started ("--no-memory --max-steps 6").
    static func flags(restoring old: JSONValue?, from new: JSONValue) -> [String] {
        guard let old else { return [] }
        let named: [(path: [String], flag: String)] = [
            (["provider"], "--provider"), (["model"], "--model"), (["tool_format"], "--tool-format"),
            (["budget", "max_steps"], "--max-steps"), (["budget", "max_cost_usd"], "--max-cost"),
            (["budget", "max_seconds"], "--max-time"), (["budget", "max_input_tokens"], "--max-input-tokens"),
            (["budget", "max_output_tokens"], "--max-output-tokens"), (["budget", "max_tool_calls"], "--max-tool-calls"),
            (["search"], "--search"), (["selection", "limit"], "--limit"), (["selection", "shard"], "--shard"),
            (["selection", "epochs"], "--epochs"),
        ]
        func value(_ json: JSONValue, _ path: [String]) -> JSONValue { path.reduce(json) { $0[$1] ?? .null } }
        var flags: [String] = []
        for (path, flag) in named where value(old, path) != value(new, path) {
            let was = value(old, path)
            // A limit the batch did not have cannot be unset by a flag; --force is the way then.
            guard was != .null else { continue }
            flags.append("\(flag) \(was.stringValue ?? was.canonicalText)")
        }
        if value(old, ["selection", "ids"]) != value(new, ["selection", "ids"]), let ids = old["selection"]?["ids"]?.arrayValue {
            flags.append("--ids " + ids.compactMap(\.stringValue).joined(separator: ","))
        }
        for (key, flag, when) in [("web", "--no-web", false), ("memory", "--no-memory", false), ("allow_code", "--allow-code", true)]
        where value(old, [key]) != value(new, [key]) && old[key]?.boolValue == when {
            flags.append(flag)
        }
        return flags
    }

    /// SHA-256 of bytes, in hex.
    static func sha256(_ data: Data) -> String { Digest.sha256(Array(data)) }
}
