import AgentCore

/// Tool results from a transcript, looked up by step and call id: replay runs no tool.
public struct RecordedTools: ToolExecutor {
    private let results: [String: (ToolOutput, Instant)]
    private let clock: ReplayClock
    /// Whether the run ended cancelled: a call without a result was then the one running
    /// (or awaiting approval) when the run was cancelled.
    private let cancelled: Bool

    /// The tool results of `events`.
    public init(events: [Event], clock: ReplayClock) {
        var results: [String: (ToolOutput, Instant)] = [:]
        var recalled: MemoryReadRecord?
        for event in events {
            if case .memoryRead(let read) = event.payload, read.step > 0 { recalled = read }
            guard case .toolResult(let r) = event.payload else { continue }
            // A recall's memory.read comes right before its tool.result.
            defer { recalled = nil }
            // Tools rarely know they returned outside text; the flag records what they said.
            let output = ToolOutput(
                text: r.output, isError: r.isError, sources: r.sources, tainted: r.tainted,
                recalled: recalled?.step == r.step ? recalled : nil, server: r.server)
            results["\(r.step)/\(r.id)"] = (output, event.ts)
        }
        self.results = results
        self.clock = clock
        cancelled = events.contains { if case .runEnd(let end) = $0.payload { end.status == .cancelled } else { false } }
    }

    /// Runs tool `name` with validated `arguments`.
    public func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput {
        guard let (output, ts) = results["\(context.step)/\(callID)"] else {
            // Cancelled there in the run: the replay is cancelled at the same call, so it ends
            // as the run did instead of asking the model again.
            if cancelled { withUnsafeCurrentTask { $0?.cancel() } }
            return .error("replay: the transcript has no result for call \(callID) of step \(context.step)")
        }
        clock.set(ts)
        return output
    }
}
