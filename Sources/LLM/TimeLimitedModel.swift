import AgentCore
import Foundation

/// A model whose calls end when the run's time budget does: a call still waiting after
/// `request.timeLimitSeconds` is cancelled and fails, so a run with `--max-time` ends on
/// time even when the provider is slow to answer (the loop then ends it with status
/// budget). Replay does not wrap its recorded model: the recorded failure stands in.
public struct TimeLimitedModel: LanguageModel {
    let inner: any LanguageModel

    /// `inner`, limited by each request's time limit.
    public init(_ inner: any LanguageModel) { self.inner = inner }

    /// The provider's name, as transcripts record it.
    public var provider: String { inner.provider }
    /// The model's name.
    public var model: String { inner.model }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue { inner.body(for: request) }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        guard let limit = request.timeLimitSeconds else { return try await inner.respond(to: request, body: body) }
        return try await withThrowingTaskGroup(of: ModelTurn?.self) { group in
            group.addTask { try await inner.respond(to: request, body: body) }
            group.addTask {
                // Rounded up and a millisecond more, so the failure arrives once the loop's
                // clock, too, shows the budget used up.
                try await Task.sleep(for: .milliseconds(Int((max(0, limit) * 1000).rounded(.up)) + 1))
                return nil
            }
            defer { group.cancelAll() }
            if let turn = try await group.next() ?? nil { return turn }
            throw ModelCallError(
                message: "no reply within the \(String(format: "%.1f", max(0, limit))) s left of the time budget", retriable: false)
        }
    }
}
