/// One element of a streamed response: exactly one `.head`, then zero or more `.body` chunks.
public enum HTTPStreamPart: Sendable {
    /// The final response head; always the first element.
    case head(HTTPResponseHead)
    /// Body bytes in the order they came off the socket (after decompression).
    case body([UInt8])
}
