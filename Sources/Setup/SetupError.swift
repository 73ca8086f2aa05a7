/// Why setup stopped, as one line for people; `kind` says how the command exits.
public struct SetupError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Kind: Sendable, Equatable {
        /// Bad arguments (exit 2).
        case usage
        /// Anything else (exit 1).
        case failed
    }

    /// What kind of failure it is.
    public var kind: Kind
    /// The line to show.
    public var message: String

    /// An error of `kind` with `message`.
    public init(_ message: String, kind: Kind = .failed) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
