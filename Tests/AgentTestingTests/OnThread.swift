import Foundation

/// Runs blocking work (sockets, subprocesses) on a fresh thread so the Swift concurrency pool
/// (two threads on this machine) never blocks.
func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}
