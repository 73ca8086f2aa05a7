import AgentCore
import AgentTesting
import Foundation
import Testing

/// The checks on what a run is about to answer with: the citation request, the note on
/// repeated results, and constrained turns.
@Suite struct AnswerChecksTests {
    var react: RunConfig { RunConfig(provider: "scripted", model: "scripted-1", toolFormat: .react) }

    var constrained: RunConfig {
        var config = react
        config.turnGrammar = true
        return config
    }

    static let search = "Thought: look\nAction: web_search\nAction Input: {\"query\": \"alpha\"}"

    /// An answer that cites nothing although the run found a source gets one more turn,
    /// which lists the sources; the cited reply is the answer.
    @Test func anUncitedAnswerIsAskedForOnceMore() async throws {
        let model = ScriptedModel([
            .text(Self.search), .text("Thought: enough\nFinal Answer: Alpha is documented."),
            .text("Thought: cite it\nFinal Answer: Alpha is documented [1]."),
        ])
        let (end, events) = try await investigate(model: model, config: react)
        #expect(end.status == .answered && end.answer == "Alpha is documented [1]." && end.citations.count == 1)
        #expect(model.requests.count == 3)
        guard case .user(let request) = model.requests[2].messages.last else { Issue.record(); return }
        #expect(
            request.hasPrefix(
                "Your answer cites no source. The sources found so far:\n<data source=\"sources\">\n"
                    + "[1] About alpha (https://example.org/alpha)\n</data>\n"))
        let errors = events.compactMap { if case .error(let e) = $0.payload { return e } else { return nil } }
        #expect(errors.map(\.kind) == ["citation"])
    }

    /// A reply that still cites nothing leaves the first answer; so does a reply that
    /// calls a tool instead.
    @Test func anUncitedReplyKeepsTheFirstAnswer() async throws {
        for reply in ["Final Answer: It is documented.", Self.search] {
            let model = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha is documented."), .text(reply)])
            let (end, _) = try await investigate(model: model, config: react)
            #expect(end.status == .answered && end.answer == "Alpha is documented.")
            #expect(model.requests.count == 3)
        }
    }

    /// No request when nothing was found, when the answer cites, on the last step, or for
    /// runs recorded before the request existed.
    @Test func noCitationRequestWhenItCannotHelp() async throws {
        let direct = ScriptedModel([.text("Final Answer: 4")])
        _ = try await investigate(model: direct, config: react)
        #expect(direct.requests.count == 1)

        let cited = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha [1].")])
        _ = try await investigate(model: cited, config: react)
        #expect(cited.requests.count == 2)

        var twoSteps = react
        twoSteps.budget.maxSteps = 2
        let last = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha.")])
        let (end, _) = try await investigate(model: last, config: twoSteps)
        #expect(last.requests.count == 2 && end.status == .answered && end.answer == "Alpha.")

        var recorded = react
        recorded.citationRepair = false
        let old = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha.")])
        _ = try await investigate(model: old, config: recorded)
        #expect(old.requests.count == 2)
    }

    /// A reply cut off by the reply cap keeps the held answer, however it cites.
    @Test func aCutOffReplyKeepsTheAnswer() async throws {
        let model = ScriptedModel([
            .text(Self.search), .text("Final Answer: Alpha is documented, at length."),
            .compute { _, _ in ModelTurn(text: "Final Answer: Alpha [1] is", finishReason: "length") },
        ])
        let (end, _) = try await investigate(model: model, config: react)
        #expect(end.answer == "Alpha is documented, at length.")
    }

    /// A page read in parts has one source and new text each time: no note.
    @Test func thePartsOfOnePageAreNoRepeat() async throws {
        let page = FakeTool(name: "web_search") { args, context in
            var catalog = context.sources
            let source = Source(kind: .url, ref: "https://example.org/page")
            let n = catalog.number(for: source)
            return ToolOutput(text: "part \(args["query"]?.stringValue ?? "")", sources: [NumberedSource(number: n, source: source)])
        }
        let model = ScriptedModel([
            .text(Self.search), .text(Self.search.replacingOccurrences(of: "alpha", with: "beta")), .text(Self.search),
            .text("Final Answer: A [1]"),
        ])
        _ = try await investigate(model: model, tools: [page], config: react)
        let observations = model.requests.dropFirst().compactMap { request -> String? in
            if case .user(let text) = request.messages.last { return text } else { return nil }
        }
        #expect(observations.count == 3)
        #expect(!observations[1].contains("same results") && observations[2].contains("same results"))
    }

    /// The held answer stands when the turn that asks for citations fails.
    @Test func aFailedCitationRequestKeepsTheAnswer() async throws {
        let model = ScriptedModel([
            .text(Self.search), .text("Final Answer: Alpha."), .failure(ModelCallError(message: "overloaded", retriable: false)),
        ])
        let (end, _) = try await investigate(model: model, config: react)
        #expect(end.status == .answered && end.answer == "Alpha.")
    }

    /// Native turns get the request too, as a user message after the answer.
    @Test func nativeAnswersAreAskedForCitations() async throws {
        let model = ScriptedModel([
            .tools([call("web_search", "{\"query\":\"alpha\"}")]), .text("Alpha is documented."), .text("Alpha is documented [1]."),
        ])
        let (end, _) = try await investigate(model: model, config: RunConfig(provider: "scripted", model: "scripted-1"))
        #expect(end.answer == "Alpha is documented [1].")
        guard case .user(let request) = model.requests[2].messages.last else { Issue.record(); return }
        #expect(request.hasSuffix("Reply with the same answer, the number of its source after each fact, like [1]."))
    }

    /// A search that finds the same two pages whatever it is asked.
    static let sameTwo = FakeTool(name: "web_search") { args, context in
        var catalog = context.sources
        let numbered = ["a", "b"].map { ref in
            let source = Source(kind: .url, ref: "https://example.org/\(ref)")
            return NumberedSource(number: catalog.number(for: source), source: source)
        }
        return ToolOutput(text: "results for \(args["query"]?.stringValue ?? "")", sources: numbered, tainted: true)
    }

    /// Different arguments that bring back the same sources: the observation says so
    /// instead of the citation reminder.
    @Test func repeatedResultsAreNoted() async throws {
        let script: [ScriptedModel.Reply] = [
            .text(Self.search), .text("Action: web_search\nAction Input: {\"query\": \"alpha beta\"}"), .text("Final Answer: A [1]"),
        ]
        let model = ScriptedModel(script)
        _ = try await investigate(model: model, tools: [Self.sameTwo], config: react)
        guard case .user(let first) = model.requests[1].messages.last, case .user(let second) = model.requests[2].messages.last else {
            Issue.record()
            return
        }
        #expect(first.hasSuffix("like [1]."))
        #expect(
            second.hasSuffix(
                "</data>\n\nThese are the same results an earlier web_search call returned [1][2]: searching again will not find more. "
                    + "Answer from them now, citing them like [1], read one of them in full if a tool can, or search with different words.")
        )

        var recorded = react
        recorded.repeatedResultsNoted = false
        let old = ScriptedModel(script)
        _ = try await investigate(model: old, tools: [Self.sameTwo], config: recorded)
        guard case .user(let unnoted) = old.requests[2].messages.last else { Issue.record(); return }
        #expect(unnoted.hasSuffix("like [1]."))
    }

    /// Constrained turns: every request carries the grammar of the run's tools; after a
    /// repeated call, the last step and the citation request, only an answer may follow.
    @Test func constrainedTurnsCarryTheirGrammar() async throws {
        let model = ScriptedModel([
            .text(Self.search), .text(Self.search), .text("Thought: so\nFinal Answer: Alpha."),
            .text("Thought: so\nFinal Answer: Alpha [1]."),
        ])
        let (end, events) = try await investigate(model: model, config: constrained)
        #expect(end.status == .answered && end.answer == "Alpha [1].")
        let tools = [Scratchpad.manifest.schema, FakeTool.search().manifest.schema]
        let call = TurnGrammar.gbnf(tools: tools)
        #expect(
            model.requests.map(\.grammar) == [
                call, call, TurnGrammar.gbnf(tools: [], turn: .answer), TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [1])),
            ])
        // The repeat was not run again: one search ran.
        #expect(events.payloads("tool.call").count == 2 && events.toolResults[1].output.hasPrefix("you already called web_search"))
        #expect(!model.requests[0].system.contains("Eiffel"))

        var lastStep = constrained
        lastStep.budget.maxSteps = 1
        let once = ScriptedModel([.text("Thought: so\nFinal Answer: 4")])
        _ = try await investigate(model: once, config: lastStep)
        #expect(once.requests[0].grammar == TurnGrammar.gbnf(tools: [], turn: .answer))

        let plain = ScriptedModel([.text("Final Answer: 4")])
        _ = try await investigate(model: plain, config: react)
        #expect(plain.requests[0].grammar == nil && plain.requests[0].system.contains("Eiffel"))
    }

    /// With cited answers, once a search found a source every answer the grammar allows
    /// cites one: in a turn that may also call a tool, after a repeated call and on the
    /// last step. Before any source, answers are free.
    @Test func citedAnswersOnceSourcesWereFound() async throws {
        var config = constrained
        config.citedAnswers = true
        config.budget.maxSteps = 4
        let model = ScriptedModel([
            .text(Self.search), .text(Self.search), .text("Thought: so\nFinal Answer: Alpha [1]."),
        ])
        let (end, events) = try await investigate(model: model, config: config)
        #expect(end.status == .answered && end.answer == "Alpha [1]." && events.payloads("error").isEmpty)
        let tools = [Scratchpad.manifest.schema, FakeTool.search().manifest.schema]
        #expect(
            model.requests.map(\.grammar) == [
                TurnGrammar.gbnf(tools: tools), TurnGrammar.gbnf(tools: tools, turn: .callOrCitedAnswer(sources: [1])),
                TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [1])),
            ])
        let grammar = try #require(model.requests[1].grammar)
        #expect(grammar.contains("action ::= \"Action: \"") && grammar.contains("source ::= \"[1]\""))

        var last = config
        last.budget.maxSteps = 2
        let twice = ScriptedModel([.text(Self.search), .text("Thought: so\nFinal Answer: Alpha [1].")])
        _ = try await investigate(model: twice, config: last)
        #expect(twice.requests[1].grammar == TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [1])))
    }

    /// A repeat of a call whose result was condensed away runs again: the result is no
    /// longer in view, so the next turn need not answer.
    @Test func aCondensedCallMayBeMadeAgain() async throws {
        let model = ScriptedModel(
            [
                .compute { _, i in
                    if i > 14 { return ModelTurn(text: "Thought: so\nFinal Answer: done [1].") }
                    return ModelTurn(text: "Thought: more\nAction: web_search\nAction Input: {\"query\": \"q\(i == 14 ? 0 : i)\"}")
                }
            ], repeatLast: true)
        var config = constrained
        config.maxOutputTokensPerCall = 200
        config.contextWindowTokens = 1500
        config.budget.maxSteps = 40
        let (end, events) = try await investigate(model: model, config: config)
        #expect(end.status == .answered)
        let condensed = model.requests[14].messages.contains { if case .user(let t) = $0 { t.hasPrefix("[Context note") } else { false } }
        #expect(condensed)
        #expect(events.toolResults.count == 15 && events.toolResults.allSatisfy { !$0.output.hasPrefix("you already called") })
        #expect(model.requests[15].grammar == TurnGrammar.gbnf(tools: [Scratchpad.manifest.schema, FakeTool.search().manifest.schema]))
    }

    /// run.start records the three behaviours, and a configuration recorded before them
    /// reads back without them.
    @Test func runStartRecordsTheBehaviours() throws {
        var config = constrained
        let json = config.json
        #expect(json["turn_grammar"] == "gbnf" && json["citation_repair"] == "once" && json["repeated_results"] == "noted")
        config.citedAnswers = true
        #expect(config.json["answers"] == "cited" && json["answers"] == nil)
        #expect(try RunConfig(json: config.json) == config)
        config.citedAnswers = false
        #expect(try RunConfig(json: json) == config)
        config.turnGrammar = false
        config.citationRepair = false
        config.repeatedResultsNoted = false
        let old = config.json
        #expect(old["turn_grammar"] == nil && old["citation_repair"] == nil && old["repeated_results"] == nil)
        #expect(try RunConfig(json: old) == config)
    }
}
