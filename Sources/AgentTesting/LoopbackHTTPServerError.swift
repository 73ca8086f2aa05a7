import Glibc

/// A POSIX call failed while setting up the loopback listener.
public struct LoopbackHTTPServerError: Error, CustomStringConvertible, Sendable {
    /// The POSIX call that failed, e.g. "bind".
    public var operation: String
    /// The `errno` value reported by the call.
    public var code: Int32

    /// Creates an error for a failed POSIX call.
    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// Human-readable description including the strerror text.
    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
