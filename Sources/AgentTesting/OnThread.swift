import Foundation

/// Runs blocking or CPU-heavy work on a fresh thread so the Swift concurrency pool (two
/// threads on a two-core machine) stays free for the tests that measure time beside it.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// `onThread` for work that throws; the error is rethrown in the caller's task.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
