/// One header line of a recorded request, kept in arrival order.
public struct RecordedHeader: Sendable, Hashable {
    /// Header name exactly as the client sent it.
    public var name: String
    /// Header value with surrounding whitespace removed.
    public var value: String

    /// Creates a header line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
