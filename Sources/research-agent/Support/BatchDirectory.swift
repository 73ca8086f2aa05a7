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

    /// SHA-256 of bytes, in hex.
    static func sha256(_ data: Data) -> String { Digest.sha256(Array(data)) }
}
