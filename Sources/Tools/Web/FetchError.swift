/// Why a fetch produced no page, in one line the model and the user can act on.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    /// Coarse categories, for callers and tests.
    public enum Kind: Sendable, Equatable {
        /// The SSRF guard or robots.txt said no; the message starts with "refused".
        case refused
        /// The server answered with an error status.
        case status
        /// A connect, stall or total timeout.
        case timeout
        /// The server could not be reached or the transfer broke.
        case network
        /// The response is not something fetch_url can read (an image, a truncated PDF, a bad redirect).
        case unreadable
    }

    /// The category.
    public var kind: Kind
    /// The one-line message.
    public var message: String

    /// An error; `message` must be one line.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
