import AgentCore
import AgentTesting
import Testing

@Suite struct SessionContextTests {
    /// Runs `task` as a question of `session`; returns run.end, the events and the requests.
    func ask(_ task: String, session: SessionContext, runID: String, replies: [ScriptedModel.Reply]) async throws -> (
        RunEndRecord, [Event], [ModelRequest]
    ) {
        let model = ScriptedModel(replies)
        let sink = MemorySink()
        let tools = [FakeTool.search()]
        let start = RunStart(
            task: task, config: RunConfig(provider: model.provider, model: model.model), tools: [], version: "test", seed: 1,
            session: session)
        let run = Investigation(
            runID: runID, start: start, tools: [Scratchpad.manifest] + tools.map(\.manifest), model: model, executor: ToolList(tools),
            sink: sink, clock: SteppingClock())
        let end = try await run.run()
        return (end, sink.events, model.requests)
    }

    @Test func aFollowUpSeesTheEarlierAnswerWithItsSourceNumbersAndExtendsThePrompt() async throws {
        let first = SessionContext(id: "s-1")
        let (end1, events1, requests1) = try await ask(
            "Which embedded database is in every phone?", session: first, runID: "run-1",
            replies: [.tools([call("web_search", #"{"query":"alpha"}"#)]), .text("SQLite [1].")])
        #expect(end1.status == .answered)
        let sources1 = events1.toolResults.flatMap(\.sources)
        let second = first.following(
            run: "run-1", question: "Which embedded database is in every phone?", answer: end1.answer, sources: sources1, maxTokens: 4000)
        #expect(second.previousRun == "run-1" && second.turns.count == 1 && second.sources.map(\.number) == [1])

        let (end2, events2, requests2) = try await ask(
            "And how fast is it?", session: second, runID: "run-2",
            replies: [.tools([call("web_search", #"{"query":"beta"}"#)]), .text("Fast [2], as [1] says.")])
        // The follow-up's request carries the first question and answer before its own.
        let messages = requests2[0].messages
        #expect(messages.count == 3)
        #expect(messages[0] == .user("Question: Which embedded database is in every phone?"))
        #expect(messages[1] == .assistant(text: "SQLite [1].", toolCalls: []))
        #expect(messages[2] == .user("Question: And how fast is it?"))
        // The prompt so far is a prefix of the follow-up's: the same system text, and the
        // first question's opening messages again.
        #expect(requests1[0].system == requests2[0].system)
        #expect(requests1[0].system.contains("interactive session"))
        #expect(Array(messages.prefix(requests1[0].messages.count)) == requests1[0].messages)
        // Numbers go on from the session's: the new source is [2], and [1] still names the first.
        #expect(events2.toolResults.flatMap(\.sources).map(\.number) == [2])
        #expect(end2.citations.map(\.number) == [2, 1])
        #expect(end2.citations.map(\.source.ref) == ["https://example.org/beta", "https://example.org/alpha"])
    }

    @Test func aRunOutsideASessionHasNoSessionLine() async throws {
        let (_, _, requests) = try await ask("Q?", session: SessionContext(id: "s"), runID: "r", replies: [.text("A.")])
        let model = ScriptedModel([.text("A.")])
        _ = try await investigate("Q?", model: model)
        #expect(requests[0].system != model.requests[0].system)
        #expect(!model.requests[0].system.contains("interactive session"))
    }

    @Test func theOlderHalfIsCondensedWhenTheTurnsGrowLong() {
        var context = SessionContext(id: "s")
        let long = String(repeating: "word ", count: 200)
        for i in 1...8 {
            context = context.following(
                run: "r\(i)", question: "Question \(i)?", answer: "Answer \(i): \(long)", sources: [], maxTokens: 1000)
        }
        #expect(context.turns.count >= 1 && context.turns.count < 8)
        #expect(context.condensed.count + context.turns.count == 8)
        #expect(context.condensed.first?.hasPrefix("- Question 1? → Answer 1: word") == true)
        #expect(context.condensed.allSatisfy { $0.count < 400 })
        #expect(context.turns.last?.question == "Question 8?")
        let messages = context.messages(format: .react)
        guard case .user(let note) = messages.first else {
            Issue.record("no condensed note first")
            return
        }
        #expect(note.hasPrefix("Earlier in this session (condensed):"))
        #expect(messages.last == PromptMessage.assistant(text: "Final Answer: Answer 8: \(long)", toolCalls: []))
    }

    @Test func aHistoryFitsASmallerWindowLaterInTheSession() {
        var context = SessionContext(id: "s")
        let long = String(repeating: "word ", count: 400)
        for i in 1...30 {
            context = context.following(run: "r\(i)", question: "Q\(i)?", answer: "A\(i) \(long)", sources: [], maxTokens: 25_000)
        }
        #expect(context.condensed.isEmpty && context.historyTokens > 10_000)
        // A switch to a model with an 8k window: an eighth of it is all the history gets.
        let fitted = context.fitted(maxTokens: 1_024)
        #expect(fitted.historyTokens <= 1_024)
        #expect(fitted.turns.isEmpty || fitted.turns.last?.question == "Q30?")
        #expect(fitted.condensed.last?.hasPrefix("- Q") == true)
        // Fitting is the same computation every time, so replay and resume agree.
        #expect(context.fitted(maxTokens: 1_024) == fitted)
        #expect(fitted.fitted(maxTokens: 1_024) == fitted)
    }

    @Test func aCancelledQuestionJoinsTheChainButNotTheTurns() {
        let source = NumberedSource(number: 4, source: Source(kind: .url, ref: "https://example.org/x"))
        let next = SessionContext(id: "s").following(run: "r1", question: "Q?", answer: nil, sources: [source], maxTokens: 1000)
        #expect(next.previousRun == "r1" && next.turns.isEmpty && next.sources == [source])
    }

    @Test func newSourcesTakeNumbersAboveTheHighestEvenWithGaps() {
        var catalog = SourceCatalog()
        catalog.merge([
            NumberedSource(number: 1, source: Source(kind: .url, ref: "a")),
            NumberedSource(number: 5, source: Source(kind: .url, ref: "e")),
        ])
        #expect(catalog.number(for: Source(kind: .url, ref: "new")) == 6)
        #expect(catalog.number(for: Source(kind: .url, ref: "e")) == 5)
    }
}
