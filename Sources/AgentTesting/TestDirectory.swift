import Foundation

/// Paths for the files and directories tests make, all inside one directory per test
/// process that is removed when the process exits: a test run leaves nothing behind in
/// the system's temporary directory.
public enum TestDirectory {
    /// This process's directory, made on first use: a new name each time, searchable by
    /// other users (the sandbox runs code as one), and removed at exit.
    public static let root: String = {
        let base = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        removeStale(in: base)
        var template = Array((base + namePrefix + "\(getpid())-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { preconditionFailure("cannot make a test directory in \(base): \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(path, 0o711)
        atexit { try? FileManager.default.removeItem(atPath: TestDirectory.root) }
        return path
    }()

    private static let namePrefix = "research-agent-tests-"

    /// Removes the directories of test processes that are gone: one killed before its exit
    /// handler ran leaves its directory behind.
    private static func removeStale(in base: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(namePrefix) {
            guard let pid = Int32(name.dropFirst(namePrefix.count).prefix { $0 != "-" }), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + name) }
        }
    }

    /// A new path inside `root`, named `prefix-<uuid>` then `suffix`; nothing is made there.
    public static func path(_ prefix: String, suffix: String = "") -> String {
        root + "/" + prefix + "-" + UUID().uuidString + suffix
    }
}

extension TestDirectory {
    /// Writes `text` to a new file at `path` that can be run (mode 755).
    ///
    /// The file is written through a close-on-exec descriptor. Were it not, a process that
    /// another test starts meanwhile would inherit the descriptor, and running the script
    /// would fail with "Text file busy" for as long as that process lives.
    public static func writeExecutable(_ text: String, to path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in raw.baseAddress.map { write(fd, $0 + offset, bytes.count - offset) } ?? 0 }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
    }
}
