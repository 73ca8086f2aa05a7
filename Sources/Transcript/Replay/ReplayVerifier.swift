import AgentCore

/// What `replay --verify` found.
public enum VerifyReport: Sendable, Equatable {
    /// Every request the replay made matched the recorded one.
    case identical(requests: Int)
    /// The first request that differs: its step, both hashes, and a line diff.
    case diverged(step: Int, recordedSHA256: String, replayedSHA256: String, diff: String)
    /// The replay made a different number of requests.
    case countDiffers(recorded: Int, replayed: Int)
    /// Every recorded request matched, and the run was cut off (no run.end) before its next
    /// request was written whole: the replay made that one too.
    case cutOff(requests: Int)
}

/// Re-runs a recorded run on its recorded answers and compares the requests it makes.
public struct ReplayVerifier: Sendable {
    /// The transcript to verify.
    public let transcript: TranscriptFile
    /// The parent of a fork, whose record answers the steps before the fork point.
    public let parent: TranscriptFile?

    /// A verifier for `transcript`; a fork's needs its `parent`.
    public init(transcript: TranscriptFile, parent: TranscriptFile? = nil) {
        self.transcript = transcript
        self.parent = parent
    }

    /// Replays the loop with today's code and compares every request with the recorded one.
    /// - Parameters:
    ///   - encoder: the original provider's body builder (never called over the network).
    ///   - tools: today's manifests of the tools the run offered, in the recorded order.
    public func verify(encoder: any LanguageModel, tools: [ToolManifest]) async throws -> VerifyReport {
        guard let start = transcript.start, let first = transcript.events.first else {
            return .countDiffers(recorded: 0, replayed: 0)
        }
        let clock = ReplayClock(start: first.ts)
        let sink = RequestCollector()
        var events = transcript.events
        if let origin = start.fork, let parent {
            events = Fork.replayEvents(parent: parent.events, fork: transcript.events, origin: origin)
        }
        let investigation = Investigation(
            runID: first.run, start: start, tools: tools,
            model: RecordedModel(events: events, encoder: encoder, clock: clock),
            executor: RecordedTools(events: events, clock: clock), sink: sink, clock: clock,
            memory: RecordedMemory(events: events))
        _ = try await investigation.run()
        let recorded = transcript.requests
        let replayed = sink.requests
        for (old, new) in zip(recorded, replayed) where old.body != new.body {
            return .diverged(
                step: old.step, recordedSHA256: Digest.sha256(old.body), replayedSHA256: Digest.sha256(new.body),
                diff: LineDiff.unified(old: old.body.prettyText, new: new.body.prettyText))
        }
        if transcript.end == nil && replayed.count == recorded.count + 1 { return .cutOff(requests: recorded.count) }
        if recorded.count != replayed.count { return .countDiffers(recorded: recorded.count, replayed: replayed.count) }
        return .identical(requests: recorded.count)
    }
}

/// Keeps the llm.request records a replay produces.
final class RequestCollector: EventSink, @unchecked Sendable {
    // Only the single replay task writes and reads this, strictly in sequence.
    private(set) var requests: [LLMRequestRecord] = []

    func record(_ event: Event) throws {
        if case .llmRequest(let r) = event.payload { requests.append(r) }
    }
}
