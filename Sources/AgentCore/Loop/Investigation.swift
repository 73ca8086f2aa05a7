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
    let memory: (any MemoryStore)?

    /// An investigation ready to run.
    /// - Parameter memory: long-term memory: recalled into the prompt at the start (when
    ///   `start.config.memory` is set) and given every recorded event; nil for none.
    public init(
        runID: String, start: RunStart, tools: [ToolManifest], model: any LanguageModel, executor: any ToolExecutor,
        sink: any EventSink, clock: any Clock, memory: (any MemoryStore)? = nil
    ) {
        self.runID = runID
        self.start = start
        self.tools = tools
        self.model = model
        self.executor = executor
        self.sink = sink
        self.clock = clock
        self.memory = memory
    }

    /// Runs to the end and returns run.end. Throws only when an event cannot be recorded.
    public func run() async throws -> RunEndRecord {
        var seq = 0
        func record(_ payloads: [EventPayload], at ts: Instant) async throws {
            var batch: [Event] = []
            for payload in payloads {
                let event = Event(run: runID, seq: seq, ts: ts, payload: payload)
                try sink.record(event)
                batch.append(event)
                seq += 1
            }
            if let memory, !batch.isEmpty { await memory.record(batch) }
        }
        var now = clock.now()
        try await record([.runStart(start)], at: now)
        var recalled: [RecalledMemory] = []
        if start.config.memory, let memory {
            // A failed recall leaves the prompt without memories; the run goes on.
            recalled = (try? await memory.recall(start.task, limit: MemoryTools.recalledAtStart)) ?? []
            if !recalled.isEmpty {
                try await record([.memoryRead(MemoryReadRecord(step: 0, query: start.task, items: recalled))], at: now)
            }
        }
        var loop = ReActLoop(
            runID: runID, task: start.task, config: start.config, tools: tools, date: now.dateString, memories: recalled,
            session: start.session, injections: start.fork?.injections ?? [:])
        var output = loop.start(at: now)
        while true {
            let input: ReActLoop.Input
            // The output, its request included, is gone before the loop takes the input:
            // the loop then appends to a message list no request shares, instead of
            // copying the whole conversation at every step.
            do {
                let current = consume output
                try await record(current.events, at: now)
                switch current.action {
                case .finished(let end):
                    return end
                case .callModel(let request, let step):
                    let body = model.body(for: request)
                    try await record(
                        [.llmRequest(LLMRequestRecord(step: step, provider: model.provider, model: model.model, body: body))], at: now)
                    input = await ask(request, body: body)
                case .runTool(let name, let arguments, let callID, let context):
                    input =
                        Task.isCancelled
                        ? .cancelled
                        : .toolFinished(await executor.execute(name: name, arguments: arguments, callID: callID, context: context))
                }
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
