/// Status and headers of the final response (after any 1xx or followed redirects).
public struct HTTPResponseHead: Sendable {
    /// Numeric status code, e.g. 200.
    public var status: Int
    /// Response headers in the order received.
    public var headers: [HTTPHeader]

    /// Creates a response head.
    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }

    /// First value of the named header, matched case-insensitively.
    public func value(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
