/// One HTTP header field as sent or received, name kept in its original case.
public struct HTTPHeader: Sendable, Equatable {
    /// Field name, e.g. "Content-Type"; compared case-insensitively by lookups.
    public var name: String
    /// Field value with surrounding whitespace removed.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
