import AgentCore
import Foundation
import Synchronization

/// Appends events to a JSONL transcript, one `write(2)` per line as each event happens.
///
/// Each line reaches the kernel before the loop moves on, so a run killed at any moment
/// leaves every completed event readable; at worst the last line is torn, which the
/// reader tolerates. Known secrets never reach the file.
public final class TranscriptWriter: EventSink, Sendable {
    /// The file being written.
    public let path: String
    private let fd: Int32
    private let secrets: [String]
    private let closed = Mutex(false)
    private let cache: RequestLineCache

    /// Opens (creating or appending to) `path`; `secrets` are replaced by `[REDACTED]`.
    public init(path: String, secrets: [String] = []) throws(TranscriptError) {
        self.path = path
        self.secrets = secrets.filter { $0.count >= 8 }
        cache = RequestLineCache(deltas: true, secrets: self.secrets)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw TranscriptError(message: "cannot write transcript \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    /// Records `event`.
    public func record(_ event: Event) throws {
        var line = Redaction.line(event, hiding: secrets, cache: cache)
        line.append(UInt8(ascii: "\n"))
        let ok = try closed.withLock { isClosed -> Bool in
            guard !isClosed else { throw TranscriptError(message: "transcript \(path) is closed") }
            return line.withUnsafeBytes { writeAll($0) }
        }
        guard ok else { throw TranscriptError(message: "cannot write transcript \(path): \(String(cString: strerror(errno)))") }
    }

    private func writeAll(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard let base = raw.baseAddress else { return true }
        var offset = 0
        while offset < raw.count {
            let n = write(fd, base + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// Flushes to disk and closes the file; later records throw.
    public func close() {
        closed.withLock { isClosed in
            guard !isClosed else { return }
            isClosed = true
            fsync(fd)
            Foundation.close(fd)
        }
    }
}

/// A transcript that cannot be written or read, in one line naming the file and line.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// A transcript error.
    public init(message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
