/// An error that knows whether repeating the operation may help (e.g. a stream that ended before its terminator).
public protocol RetriableError: Error {
    /// True when retrying the same request may succeed.
    var isRetriable: Bool { get }
}
