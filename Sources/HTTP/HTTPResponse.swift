/// A fully buffered response.
public struct HTTPResponse: Sendable {
    /// Status line and headers.
    public var head: HTTPResponseHead
    /// Body bytes, already decompressed when the server used a content encoding.
    public var body: [UInt8]

    /// Creates a response.
    public init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// Body decoded as UTF-8, invalid sequences replaced.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
