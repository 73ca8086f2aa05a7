import AgentCore
import Foundation

/// results.jsonl: one line per finished task and epoch, appended and flushed to disk as
/// each ends, so that a crash loses at most the tasks that were running.
public final class ResultsFile: @unchecked Sendable {
    /// The file's path.
    public let path: String
    private let handle: FileHandle
    private let lock = NSLock()

    /// Opens `path` for appending, creating it when missing. A last line cut off by a
    /// crash is cut away first, so that the next line starts on a line of its own.
    public init(path: String) throws(BatchError) {
        self.path = path
        let files = FileManager.default
        if !files.fileExists(atPath: path) { _ = files.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forUpdatingAtPath: path) else { throw BatchError("cannot write \(path); check its permissions") }
        self.handle = handle
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if let last = data.last, last != UInt8(ascii: "\n") {
                let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                try handle.truncate(atOffset: UInt64(keep))
            }
            try handle.seekToEnd()
        } catch {
            throw BatchError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// Appends one result as a line and syncs it to disk.
    public func append(_ result: TaskResult) throws(BatchError) {
        var bytes = result.json.canonicalBytes
        bytes.append(UInt8(ascii: "\n"))
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
        } catch {
            throw BatchError("cannot append to \(path): \(error.localizedDescription)")
        }
    }

    /// The results in the file at `path`, in file order; lines that are not results (one
    /// cut off by a crash) are skipped. A missing file has none.
    public static func read(_ path: String) -> [TaskResult] { readLines(path).results }

    /// The results at `path`, and the numbers (from 1) of the lines that hold none: a line
    /// cut off by a crash, or one edited into something else.
    public static func readLines(_ path: String) -> (results: [TaskResult], unreadable: [Int]) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], []) }
        var results: [TaskResult] = []
        var unreadable: [Int] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            if let result = (try? JSONValue.parse(Data(line))).flatMap(TaskResult.init(json:)) {
                results.append(result)
            } else {
                unreadable.append(index + 1)
            }
        }
        return (results, unreadable)
    }
}

/// Why a batch cannot start or go on, as one line.
public struct BatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
