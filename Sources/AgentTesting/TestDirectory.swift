import Foundation

/// Paths for the files and directories tests make, all inside one directory per test
/// process that is removed when the process exits: a test run leaves nothing behind in
/// the system's temporary directory.
public enum TestDirectory {
    /// This process's directory, made on first use.
    public static let root: String = {
        let path = NSTemporaryDirectory() + "research-agent-tests-\(getpid())"
        // A directory of a finished process that had the same pid is stale.
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestDirectory.root) }
        return path
    }()

    /// A new path inside `root`, named `prefix-<uuid>` then `suffix`; nothing is made there.
    public static func path(_ prefix: String, suffix: String = "") -> String {
        root + "/" + prefix + "-" + UUID().uuidString + suffix
    }
}
