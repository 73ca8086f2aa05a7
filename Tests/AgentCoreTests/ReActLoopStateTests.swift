import AgentCore
import AgentTesting
import Testing

/// The loop as a state machine: inputs and the instants they arrived at go in, events
/// and exactly one next action come out. No driver, no clock, no await.
@Suite struct ReActLoopStateTests {
    let search = FakeTool.search().manifest

    func loop(_ configure: (inout RunConfig) -> Void = { _ in }) -> ReActLoop {
        var config = RunConfig(provider: "p", model: "m")
        configure(&config)
        return ReActLoop(runID: "r", task: "What is X?", config: config, tools: [Scratchpad.manifest, search], date: "2026-12-06")
    }

    func at(_ ms: Int64) -> Instant { Instant(milliseconds: 1_800_000_000_000 + ms) }

    func request(_ action: ReActLoop.Action) -> (ModelRequest, Int)? {
        if case .callModel(let request, let step) = action { return (request, step) }
        return nil
    }

    func end(_ action: ReActLoop.Action) -> RunEndRecord? {
        if case .finished(let end) = action { return end }
        return nil
    }

    @Test func aToolStepThenAnAnswer() throws {
        var loop = loop()
        let started = loop.start(at: at(0))
        #expect(started.events.isEmpty)
        let (first, step) = try #require(request(started.action))
        #expect(step == 1 && first.tools.map(\.name) == ["scratchpad", "web_search"] && first.toolChoice == .auto)

        let call = ToolCall(id: "c1", name: "web_search", arguments: #"{"query":"x"}"#)
        let replied = loop.receive(.modelReplied(ModelTurn(text: "", toolCalls: [call])), at: at(1_000))
        #expect(replied.events.map(\.type) == ["llm.response", "budget", "tool.call"])
        guard case .runTool(let name, let arguments, let callID, let context) = replied.action else {
            Issue.record("expected a tool run, got \(replied.action)")
            return
        }
        #expect(name == "web_search" && arguments == ["query": "x"] && callID == "c1" && context.step == 1)

        let observed = loop.receive(.toolFinished(ToolOutput(text: "X is a letter.", tainted: true)), at: at(1_500))
        #expect(observed.events.map(\.type) == ["tool.result"])
        let (second, secondStep) = try #require(request(observed.action))
        #expect(secondStep == 2)
        #expect(
            second.messages.contains {
                if case .toolResult(_, "web_search", let text, false) = $0 { text.contains("X is a letter.") } else { false }
            })

        let answered = loop.receive(.modelReplied(ModelTurn(text: "X is a letter.")), at: at(2_000))
        #expect(answered.events.last?.type == "run.end")
        let record = try #require(end(answered.action))
        #expect(
            record.status == .answered && record.answer == "X is a letter." && record.totals.steps == 2 && record.totals.elapsedMS == 2_000)
    }

    @Test func theTimeBudgetTravelsWithEachRequestAndEndsTheRun() throws {
        var loop = loop { $0.budget.maxSeconds = 10 }
        let (first, _) = try #require(request(loop.start(at: at(0)).action))
        #expect(first.timeLimitSeconds == 10)
        let call = ToolCall(id: "c1", name: "web_search", arguments: #"{"query":"x"}"#)
        _ = loop.receive(.modelReplied(ModelTurn(text: "", toolCalls: [call])), at: at(4_000))
        let next = loop.receive(.toolFinished(ToolOutput(text: "r")), at: at(4_000))
        #expect(try #require(request(next.action)).0.timeLimitSeconds == 6)
        // The reply arrives after the budget ran out: its tool call is not run.
        let late = loop.receive(
            .modelReplied(ModelTurn(text: "", toolCalls: [ToolCall(id: "c2", name: "web_search", arguments: #"{"query":"y"}"#)])),
            at: at(10_500))
        let record = try #require(end(late.action))
        #expect(record.status == .budget && record.reason?.contains("time budget of 10 s used up") == true)
        #expect(!late.events.contains { $0.type == "tool.call" })
    }

    @Test func aFailureACancelAndAnUnknownTool() throws {
        var failing = loop()
        _ = failing.start(at: at(0))
        let failed = failing.receive(.modelFailed(ModelCallError(message: "anthropic: HTTP 500", retriable: true)), at: at(100))
        #expect(failed.events.map(\.type) == ["error", "run.end"])
        #expect(try #require(end(failed.action)).status == .error)

        var cancelled = loop()
        _ = cancelled.start(at: at(0))
        #expect(try #require(end(cancelled.receive(.cancelled, at: at(50)).action)).status == .cancelled)

        var unknown = loop()
        _ = unknown.start(at: at(0))
        let output = unknown.receive(
            .modelReplied(ModelTurn(text: "", toolCalls: [ToolCall(id: "c1", name: "telepathy", arguments: "{}")])), at: at(10))
        // Answered inside the loop: no tool runs, the model hears why and is asked again.
        #expect(output.events.map(\.type) == ["llm.response", "budget", "tool.call", "tool.result"])
        #expect(request(output.action) != nil)
    }

    @Test func theLastStepForbidsToolsAndATurnThatStillCallsOneEndsIt() throws {
        var loop = loop { $0.budget.maxSteps = 1 }
        let (only, _) = try #require(request(loop.start(at: at(0)).action))
        #expect(only.toolChoice == .none && only.tools.count == 2)
        let output = loop.receive(
            .modelReplied(ModelTurn(text: "", toolCalls: [ToolCall(id: "c1", name: "web_search", arguments: #"{"query":"x"}"#)])),
            at: at(10))
        #expect(try #require(end(output.action)).status == .budget)
    }
}
