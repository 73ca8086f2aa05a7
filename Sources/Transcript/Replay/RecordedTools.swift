import AgentCore

/// Tool results from a transcript, looked up by step and call id: replay runs no tool.
public struct RecordedTools: ToolExecutor {
    private let results: [String: (ToolOutput, Instant)]
    private let clock: ReplayClock

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
    }

    /// Runs tool `name` with validated `arguments`.
    public func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput {
        guard let (output, ts) = results["\(context.step)/\(callID)"] else {
            return .error("replay: the transcript has no result for call \(callID) of step \(context.step)")
        }
        clock.set(ts)
        return output
    }
}
