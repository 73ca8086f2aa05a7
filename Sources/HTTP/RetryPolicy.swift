/// How often and how long to wait between attempts of a retried operation.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first one.
    public var maxAttempts: Int = 4
    /// Backoff ceiling for the first retry; doubles per attempt.
    public var baseDelay: Duration = .milliseconds(500)
    /// Upper bound of the exponential backoff ceiling.
    public var maxDelay: Duration = .seconds(30)
    /// Upper bound for a server-supplied Retry-After.
    public var maxRetryAfter: Duration = .seconds(120)

    /// Creates a policy; the defaults suit interactive API calls.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// True for transient failures: 408/429/5xx, network errors and timeouts, and `RetriableError`s that say so.
    public static func isRetriable(_ error: any Error) -> Bool {
        if let status = error as? HTTPStatusError {
            return status.status == 408 || status.status == 429 || (500...599).contains(status.status)
        }
        if let http = error as? HTTPError {
            switch http.kind {
            case .connect, .connectTimeout, .stalled, .totalTimeout, .transfer: return true
            case .cancelled, .tooLarge, .badURL, .refused: return false
            }
        }
        if let retriable = error as? any RetriableError { return retriable.isRetriable }
        return false
    }

    /// Delay before the attempt after `attempt` (1-based): Retry-After when given, else full-jitter exponential backoff.
    public func delay(afterAttempt attempt: Int, error: any Error, jitter: Double) -> Duration {
        if let retryAfter = (error as? HTTPStatusError)?.retryAfter {
            return min(max(retryAfter, .zero), maxRetryAfter)
        }
        // Full jitter (uniform in 0...ceiling) spreads out clients that failed together.
        let doublings = max(0, min(attempt - 1, 62))
        let ceiling = min(baseDelay.secondsDouble * Double(UInt64(1) << UInt64(doublings)), maxDelay.secondsDouble)
        let fraction = min(max(jitter, 0), 1)
        return .milliseconds(Int64((ceiling * fraction * 1000).rounded()))
    }
}
