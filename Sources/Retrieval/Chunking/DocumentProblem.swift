/// A document that cannot be read, in one line that starts lowercase and names no path, so
/// the caller can prefix the path: "report.pdf: no text layer (scanned PDF?)".
public struct DocumentProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong and, where it helps, what to do.
    public var message: String

    /// A problem with the given one-line message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message, as the error prints.
    public var description: String { message }
}
