/// A model provider: turns a request into its wire body, and answers it.
///
/// Building the body is separate from sending it so that replay can rebuild the exact
/// bytes the original provider sent and compare them without calling anything.
public protocol LanguageModel: Sendable {
    /// The provider's name as transcripts record it ("openai", "anthropic", "local", ...).
    var provider: String { get }
    /// The model's name.
    var model: String { get }
    /// The wire body for `request`: a pure function of the request.
    func body(for request: ModelRequest) -> JSONValue
    /// Sends `body` (built by `body(for:)` from `request`) and returns the complete turn.
    func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn
}

/// A failure of a model call after its retries, in one line for the transcript and user.
public struct ModelCallError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Whether trying again later could help (rate limit, server error).
    public var retriable: Bool

    /// A model call failure.
    public init(message: String, retriable: Bool) {
        self.message = message
        self.retriable = retriable
    }

    /// The message.
    public var description: String { message }
}
