import Foundation

/// Runs CPU-heavy work on a thread of its own.
///
/// Reading a page of megabytes takes a noticeable time; on the cooperative pool, which has
/// as many threads as cores (two here), that would stall every other task of the run.
enum OffPool {
    /// The result of `work`, computed on a new thread.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}
