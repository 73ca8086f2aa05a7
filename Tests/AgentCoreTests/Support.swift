import AgentCore
import AgentTesting

/// Runs one investigation with the given model and tools; returns run.end and the events.
func investigate(
    _ task: String = "What is X?", model: ScriptedModel, tools: [any Tool] = [FakeTool.search()],
    config: RunConfig? = nil
) async throws -> (RunEndRecord, [Event]) {
    let cfg = config ?? RunConfig(provider: model.provider, model: model.model)
    let sink = MemorySink()
    let manifests = [Scratchpad.manifest] + tools.map(\.manifest)
    let start = RunStart(task: task, config: cfg, tools: [], version: "test", seed: 1)
    let run = Investigation(
        runID: "run-1", start: start, tools: manifests, model: model, executor: ToolList(tools), sink: sink,
        clock: SteppingClock())
    let end = try await run.run()
    return (end, sink.events)
}

func call(_ name: String, _ args: String, id: String = "c1") -> ToolCall {
    ToolCall(id: id, name: name, arguments: args)
}

extension [Event] {
    func payloads(_ type: String) -> [EventPayload] { filter { $0.type == type }.map(\.payload) }

    var toolResults: [ToolResultRecord] {
        compactMap { if case .toolResult(let r) = $0.payload { return r } else { return nil } }
    }
}
