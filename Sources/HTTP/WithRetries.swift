/// Runs `operation` until it succeeds, fails with a non-retriable error, or `policy.maxAttempts` is reached.
///
/// Cancellation (CancellationError, `HTTPError.Kind.cancelled`, or the task being cancelled)
/// stops at once, without another attempt. `sleep` and `jitter` are injectable for tests.
public func withRetries<T: Sendable>(
    policy: RetryPolicy,
    sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    jitter: @Sendable () -> Double = { Double.random(in: 0..<1) },
    onRetry: @Sendable (_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void = { _, _, _ in },
    _ operation: @Sendable (_ attempt: Int) async throws -> T
) async throws -> T {
    var attempt = 1
    while true {
        try Task.checkCancellation()
        do {
            return try await operation(attempt)
        } catch {
            if isCancellation(error) || Task.isCancelled { throw error }
            guard attempt < policy.maxAttempts, RetryPolicy.isRetriable(error) else { throw error }
            let delay = policy.delay(afterAttempt: attempt, error: error, jitter: jitter())
            onRetry(attempt, error, delay)
            try await sleep(delay)
            attempt += 1
        }
    }
}

/// Cancellation in either spelling this module produces.
private func isCancellation(_ error: any Error) -> Bool {
    if error is CancellationError { return true }
    if let http = error as? HTTPError, http.kind == .cancelled { return true }
    return false
}
