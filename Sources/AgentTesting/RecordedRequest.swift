/// An HTTP request as the loopback server received it.
public struct RecordedRequest: Sendable {
    /// Request method, e.g. "POST".
    public var method: String
    /// Request target including any query string, e.g. "/v1/models?limit=2".
    public var path: String
    /// All header lines in arrival order (names keep the client's spelling).
    public var headers: [RecordedHeader]
    /// Decoded body bytes (chunked request bodies are de-chunked).
    public var body: [UInt8]

    /// Creates a recorded request.
    public init(method: String, path: String, headers: [RecordedHeader], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// Value of the first header with this name, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public func bodyString() -> String {
        String(decoding: body, as: UTF8.self)
    }

    /// The path without its query string, used for routing.
    public var route: String {
        path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
    }
}
