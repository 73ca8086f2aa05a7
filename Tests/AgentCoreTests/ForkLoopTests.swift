import AgentCore
import AgentTesting
import Testing

@Suite struct ForkLoopTests {
    @Test func anInjectedMessageComesRightBeforeItsStepAndASystemPromptReplacesTheBuiltIn() async throws {
        let model = ScriptedModel([.tools([call("web_search", #"{"query":"alpha"}"#)]), .text("Done [1].")])
        var config = RunConfig(provider: model.provider, model: model.model)
        config.systemPrompt = "A prompt of my own."
        let start = RunStart(
            task: "Q?", config: config, tools: [], version: "test", seed: 1,
            fork: ForkOrigin(parentRun: "p", parentPath: "p.jsonl", parentSHA256: "00", step: 2, injections: [2: "Be brief."]))
        let tools = [FakeTool.search()]
        let run = Investigation(
            runID: "r", start: start, tools: [Scratchpad.manifest] + tools.map(\.manifest), model: model, executor: ToolList(tools),
            sink: MemorySink(), clock: SteppingClock())
        _ = try await run.run()
        #expect(model.requests.allSatisfy { $0.system == "A prompt of my own." })
        #expect(!model.requests[0].messages.contains(.user("Be brief.")))
        #expect(model.requests[1].messages.last == .user("Be brief."))
        // The config records the prompt, and reads it back.
        #expect(try RunConfig(json: config.json).systemPrompt == "A prompt of my own.")
        #expect(try RunConfig(json: RunConfig(provider: "a", model: "b").json).systemPrompt == nil)
    }
}
