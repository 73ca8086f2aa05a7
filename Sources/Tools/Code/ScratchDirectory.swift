import Foundation
import Synchronization

/// The run's scratch directory: created at the first snippet, shared by every snippet
/// of the run (a file written by one can be run by the next), removed at the end unless kept.
public final class ScratchDirectory: Sendable {
    /// Where it lives on the host.
    public let path: String
    /// Whether `finish()` leaves it in place (`--keep-scratch`).
    public let keep: Bool
    private let created = Mutex(false)

    /// A scratch directory for run `runID` under the temporary directory; nothing is created yet.
    public init(runID: String, keep: Bool, parent: String = NSTemporaryDirectory()) {
        let base = parent.hasSuffix("/") ? parent : parent + "/"
        path = base + "research-agent-scratch-" + runID
        self.keep = keep
    }

    /// Creates the directory if this is the first use.
    /// - Throws: `SandboxError` naming the path when it cannot be created.
    public func prepare() throws(SandboxError) {
        try created.withLock { (done: inout Bool) throws(SandboxError) in
            if done { return }
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SandboxError("cannot create the scratch directory \(path): \(error.localizedDescription)")
            }
            done = true
        }
    }

    /// Whether a snippet has created it.
    public var exists: Bool { created.withLock { $0 } }

    /// Removes the directory unless it is kept; returns the path when it was kept.
    @discardableResult
    public func finish() -> String? {
        guard exists else { return nil }
        if keep { return path }
        try? FileManager.default.removeItem(atPath: path)
        return nil
    }
}
