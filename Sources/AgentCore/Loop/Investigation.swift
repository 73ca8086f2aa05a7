/// Runs a `ReActLoop` against the world: the model, the tools, the clock and the sinks.
///
/// This is the only place a run waits on anything. The clock is read once per input, and
/// every event that input produces is stamped with that reading; nothing else here
/// decides anything, so a replay with recorded answers retraces the run exactly.
public struct Investigation: Sendable {
    /// The run.start record (task, configuration, tool digests, version, seed).
    public var start: RunStart
    /// The run's id.
    public var runID: String
    /// The tools offered, in prompt order.
    public var tools: [ToolManifest]
    let model: any LanguageModel
    let executor: any ToolExecutor
    let sink: any EventSink
    let clock: any Clock

    /// An investigation ready to run.
    public init(
        runID: String, start: RunStart, tools: [ToolManifest], model: any LanguageModel, executor: any ToolExecutor,
        sink: any EventSink, clock: any Clock
    ) {
        self.runID = runID
        self.start = start
        self.tools = tools
        self.model = model
        self.executor = executor
        self.sink = sink
        self.clock = clock
    }

    /// Runs to the end and returns run.end. Throws only when an event cannot be recorded.
    public func run() async throws -> RunEndRecord {
        var seq = 0
        func record(_ payloads: [EventPayload], at ts: Instant) throws {
            for payload in payloads {
                try sink.record(Event(run: runID, seq: seq, ts: ts, payload: payload))
                seq += 1
            }
        }
        var now = clock.now()
        try record([.runStart(start)], at: now)
        var loop = ReActLoop(runID: runID, task: start.task, config: start.config, tools: tools, date: now.dateString)
        var output = loop.start(at: now)
        while true {
            try record(output.events, at: now)
            let input: ReActLoop.Input
            switch output.action {
            case .finished(let end):
                return end
            case .callModel(let request, let step):
                let body = model.body(for: request)
                try record([.llmRequest(LLMRequestRecord(step: step, provider: model.provider, model: model.model, body: body))], at: now)
                input = await ask(request, body: body)
            case .runTool(let name, let arguments, let callID, let context):
                input = Task.isCancelled
                    ? .cancelled
                    : .toolFinished(await executor.execute(name: name, arguments: arguments, callID: callID, context: context))
            }
            now = clock.now()
            output = loop.receive(Task.isCancelled ? .cancelled : input, at: now)
        }
    }

    private func ask(_ request: ModelRequest, body: JSONValue) async -> ReActLoop.Input {
        if Task.isCancelled { return .cancelled }
        do {
            return .modelReplied(try await model.respond(to: request, body: body))
        } catch is CancellationError {
            return .cancelled
        } catch let error as ModelCallError {
            return Task.isCancelled ? .cancelled : .modelFailed(error)
        } catch {
            return Task.isCancelled ? .cancelled : .modelFailed(ModelCallError(message: "\(error)", retriable: false))
        }
    }
}
