import Foundation
import Synchronization

/// The one thread every MCP server is started from. The kernel's parent-death signal,
/// which stops a server if research-agent dies without stopping it, fires when the thread
/// that forked it ends; pool threads come and go, so forks come from this thread, which
/// lives as long as the process.
final class LaunchThread: Sendable {
    /// The process's launch thread.
    static let shared = LaunchThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                for job in jobs.withLock({ queued in
                    defer { queued = [] }; return queued
                }) { job() }
            }
        }
        thread.name = "mcp-launch"
        thread.start()
    }

    /// Runs `body` on the launch thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: body()) } }
            wake.signal()
        }
    }
}
