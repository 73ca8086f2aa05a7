import AgentCore
import Synchronization

/// How a forked run is put together: the parent's record answers the steps before the
/// fork point (with the results the fork edited), the live model and tools the rest.
public enum Fork {
    /// The step an event belongs to; nil for run.start, run.end and memory.forget.
    static func step(of event: Event) -> Int? {
        switch event.payload {
        case .llmRequest(let r): r.step
        case .llmResponse(let r): r.step
        case .toolCall(let r): r.step
        case .toolResult(let r): r.step
        case .scratchpad(let r): r.step
        case .memoryRead(let r): r.step
        case .memoryWrite(let r): r.step
        case .budget(let r): r.step
        case .error(let r): r.step
        case .runStart, .runEnd, .memoryForget: nil
        }
    }

    /// The parent's events before `origin.step` (the recall at the start included), with
    /// the results `origin` edits replaced: what the fork's first steps replay.
    public static func prefix(of parent: [Event], origin: ForkOrigin) -> [Event] {
        parent.compactMap { event in
            guard let step = step(of: event), step < origin.step else { return nil }
            guard case .toolResult(var r) = event.payload, let text = origin.editedResults[r.id] else { return event }
            r.output = text
            r.isError = false
            var edited = event
            edited.payload = .toolResult(r)
            return edited
        }
    }

    /// The events `replay --verify` of a fork answers from: the prefix from the parent,
    /// the rest from the fork's own transcript.
    public static func replayEvents(parent: [Event], fork: [Event], origin: ForkOrigin) -> [Event] {
        prefix(of: parent, origin: origin) + fork.filter { event in step(of: event).map { $0 >= origin.step } ?? true }
    }

    /// The tool calls of `parent` before `step`, by id, for `--edit-result` to name.
    public static func callsBefore(_ step: Int, in parent: [Event]) -> [ToolCallRecord] {
        parent.compactMap { if case .toolCall(let c) = $0.payload, c.step < step { return c } else { return nil } }
    }
}

/// The clock of a fork: the parent's recorded instants while its prefix replays, then
/// live time carried on from the last of them, so elapsed time and the time budget go on
/// as if the run had continued.
public final class ForkClock: Clock, Sendable {
    private let replay: ReplayClock
    private let live: any Clock
    /// The live instant and the replayed one at the moment the fork went live.
    private let switched = Mutex<(live: Instant, replayed: Instant)?>(nil)

    /// A clock replaying `replay` until `goLive()`, then following `live`.
    public init(replay: ReplayClock, live: any Clock) {
        self.replay = replay
        self.live = live
    }

    /// The current instant.
    public func now() -> Instant {
        guard let at = switched.withLock({ $0 }) else { return replay.now() }
        return Instant(milliseconds: at.replayed.milliseconds + live.now().milliseconds(since: at.live))
    }

    /// From now on, time passes as it does live.
    public func goLive() {
        switched.withLock { if $0 == nil { $0 = (live.now(), replay.now()) } }
    }
}

/// The model of a fork: the recorded responses before the fork step, the live model from it.
public final class ForkModel: LanguageModel, Sendable {
    private let recorded: RecordedModel
    private let live: any LanguageModel
    private let step: Int
    private let clock: ForkClock
    private let calls = Mutex(0)

    /// The provider's name, as transcripts record it.
    public var provider: String { live.provider }
    /// The model's name.
    public var model: String { live.model }

    /// A model answering steps before `step` from `prefix` (built like `live`'s bodies) and
    /// the rest from `live`.
    public init(prefix: [Event], live: any LanguageModel, step: Int, clock: ForkClock, replayClock: ReplayClock) {
        recorded = RecordedModel(events: prefix, encoder: live, clock: replayClock)
        self.live = live
        self.step = step
        self.clock = clock
    }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue { live.body(for: request) }

    /// The recorded turn before the fork step, the live model's from it on.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        let n = calls.withLock { n in
            n += 1
            return n
        }
        guard n >= step else { return try await recorded.respond(to: request, body: body) }
        clock.goLive()
        return try await live.respond(to: request, body: body)
    }
}

/// The tools of a fork: recorded (and edited) results before the fork step, live from it.
public struct ForkTools: ToolExecutor {
    private let recorded: RecordedTools
    private let live: any ToolExecutor
    private let step: Int

    /// Tools answering steps before `step` from `prefix` and the rest from `live`.
    public init(prefix: [Event], live: any ToolExecutor, step: Int, replayClock: ReplayClock) {
        recorded = RecordedTools(events: prefix, clock: replayClock)
        self.live = live
        self.step = step
    }

    /// Runs tool `name` with validated `arguments`.
    public func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput {
        context.step < step
            ? await recorded.execute(name: name, arguments: arguments, callID: callID, context: context)
            : await live.execute(name: name, arguments: arguments, callID: callID, context: context)
    }
}
