import AgentCore
import Synchronization

/// The `replay` provider: answers each step with the response the transcript recorded.
///
/// Bodies are built by the original provider's encoder, so the requests a replay makes
/// can be compared byte for byte with the recorded ones. It never calls a model.
public final class RecordedModel: LanguageModel, Sendable {
    /// How a recorded step ended.
    enum Outcome: Sendable {
        case turn(ModelTurn)
        case failure(ModelCallError)
        case cancelled
    }

    private let encoder: any LanguageModel
    private let outcomes: [Int: (Outcome, Instant)]
    private let clock: ReplayClock
    private let calls = Mutex(0)

    /// The provider's name, as transcripts record it.
    public var provider: String { encoder.provider }
    /// The model's name.
    public var model: String { encoder.model }

    /// Replays the responses of `events`; `encoder` builds bodies like the original.
    public init(events: [Event], encoder: any LanguageModel, clock: ReplayClock) {
        self.encoder = encoder
        self.clock = clock
        var outcomes: [Int: (Outcome, Instant)] = [:]
        var lastStep = 0
        for event in events {
            switch event.payload {
            case .llmRequest(let r): lastStep = r.step
            case .llmResponse(let r): outcomes[r.step] = (.turn(r.turn), event.ts)
            case .error(let r) where r.kind == "model" && outcomes[r.step] == nil:
                outcomes[r.step] = (.failure(ModelCallError(message: r.message, retriable: r.retriable)), event.ts)
            case .runEnd(let r) where r.status == .cancelled && outcomes[lastStep] == nil:
                outcomes[lastStep] = (.cancelled, event.ts)
            default: break
            }
        }
        self.outcomes = outcomes
    }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue { encoder.body(for: request) }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        let step = calls.withLock { n in
            n += 1
            return n
        }
        guard let (outcome, ts) = outcomes[step] else {
            throw ModelCallError(message: "the transcript has no response for step \(step)", retriable: false)
        }
        clock.set(ts)
        switch outcome {
        case .turn(let turn): return turn
        case .failure(let error): throw error
        case .cancelled: throw CancellationError()
        }
    }
}
