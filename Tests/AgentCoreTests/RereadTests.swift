import AgentCore
import AgentTesting
import Testing

/// Re-reads (`rereadAnswers`): once the tools found sources, an answer is asked for once
/// more in a request that holds only the question and what the tools returned for them.
@Suite struct RereadTests {
    var config: RunConfig {
        var config = RunConfig(provider: "scripted", model: "scripted-1", toolFormat: .react)
        config.turnGrammar = true
        config.citedAnswers = true
        config.rereadAnswers = true
        return config
    }

    static let search = "Thought: look\nAction: web_search\nAction Input: {\"query\": \"alpha\"}"

    /// Two sources in one result, each under its number, with text after it.
    static let twoResults = FakeTool(name: "web_search") { _, context in
        var catalog = context.sources
        let a = Source(kind: .url, ref: "https://example.org/a", title: "Alpha")
        let b = Source(kind: .url, ref: "https://example.org/b", title: "Beta")
        let (na, nb) = (catalog.number(for: a), catalog.number(for: b))
        return ToolOutput(
            text: "Results for \"alpha\".\n\n[\(na)] Alpha\nAlpha was founded in 1901.\n\n[\(nb)] Beta\nBeta was founded in 1950.\n",
            sources: [NumberedSource(number: na, source: a), NumberedSource(number: nb, source: b)], tainted: true)
    }

    @Test func anAnswerIsReadAgainFromTheSourcesAlone() async throws {
        let model = ScriptedModel([
            .text(Self.search), .text("Thought: done\nFinal Answer: Alpha was founded in 1950 [2]."),
            .text("Thought: the source says\nFinal Answer: Alpha was founded in 1901 [1]."),
        ])
        let (end, events) = try await investigate("When was Alpha founded?", model: model, tools: [Self.twoResults], config: config)
        #expect(end.status == .answered && end.answer == "Alpha was founded in 1901 [1].")
        #expect(end.citations.map(\.number) == [1] && end.totals.steps == 3)
        #expect(model.requests.count == 3)
        let reread = model.requests[2]
        // Only the question and each source's part of the result, in number order: not the
        // rest of the run (the header of the result, the turns, the instructions).
        #expect(reread.system == model.requests[0].system && reread.tools.isEmpty && reread.toolChoice == .none)
        #expect(reread.grammar == TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [1, 2])))
        #expect(
            reread.messages == [
                .user(
                    "Answer the question from these sources, with the number of its source after each fact, like [1]. "
                        + "Reply with 'Thought:' and 'Final Answer:'.\n\n<data source=\"sources\">\n[1] Alpha\n"
                        + "Alpha was founded in 1901.\n\n[2] Beta\nBeta was founded in 1950.\n</data>\n\n"
                        + "Question: When was Alpha founded?")
            ])
        #expect(events.payloads("llm.request").count == 3)
    }

    /// A reply that cites nothing, or is cut off, leaves the answer as it was; so does a
    /// failed call.
    @Test func aReplyThatCannotStandKeepsTheAnswer() async throws {
        let replies: [ScriptedModel.Reply] = [
            .text("Final Answer: It was 1901."),
            .compute { _, _ in ModelTurn(text: "Final Answer: Alpha [1] was", finishReason: "length") },
            .failure(ModelCallError(message: "overloaded", retriable: false)),
        ]
        for reply in replies {
            let model = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha was founded in 1950 [2]."), reply])
            let (end, _) = try await investigate(model: model, tools: [Self.twoResults], config: config)
            #expect(end.status == .answered && end.answer == "Alpha was founded in 1950 [2].")
            #expect(model.requests.count == 3)
        }
    }

    /// No re-read when the tools found nothing, on the last step, for a run recorded
    /// without it, or when the sources would not fit the context window.
    @Test func noRereadWhenItCannotHelp() async throws {
        let direct = ScriptedModel([.text("Final Answer: 4")])
        _ = try await investigate(model: direct, config: config)
        #expect(direct.requests.count == 1)

        var twoSteps = config
        twoSteps.budget.maxSteps = 2
        let last = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha [1].")])
        let (end, _) = try await investigate(model: last, tools: [Self.twoResults], config: twoSteps)
        #expect(last.requests.count == 2 && end.answer == "Alpha [1].")

        var recorded = config
        recorded.rereadAnswers = false
        let old = ScriptedModel([.text(Self.search), .text("Final Answer: Alpha [1].")])
        _ = try await investigate(model: old, tools: [Self.twoResults], config: recorded)
        #expect(old.requests.count == 2)
        #expect(try RunConfig(json: config.json) == config)
        #expect(try RunConfig(json: recorded.json) == recorded)
        #expect(config.json["reread"] == "sources" && recorded.json["reread"] == nil)

        // Five searches, each a long text of a source of its own: the prompt condenses the
        // older ones to fit the window, but all five would not fit in one request.
        let long = FakeTool(name: "web_search") { args, context in
            var catalog = context.sources
            let query = args["query"]?.stringValue ?? ""
            let source = Source(kind: .url, ref: "https://example.org/\(query)", title: query)
            let n = catalog.number(for: source)
            return ToolOutput(
                text: "[\(n)] \(query)\n" + String(repeating: "\(query) fact. ", count: 200),
                sources: [NumberedSource(number: n, source: source)], tainted: true)
        }
        var narrow = config
        (narrow.contextWindowTokens, narrow.maxOutputTokensPerCall) = (3_000, 256)
        let searches = (1...5).map { i in
            ScriptedModel.Reply.text("Thought: more\nAction: web_search\nAction Input: {\"query\": \"q\(i)\"}")
        }
        let wide = ScriptedModel(searches + [.text("Final Answer: q5 [5].")])
        let (narrowEnd, _) = try await investigate(model: wide, tools: [long], config: narrow)
        #expect(narrowEnd.status == .answered && narrowEnd.answer == "q5 [5].")
        #expect(wide.requests.count == 6, "\(wide.requests.count) requests")
        // With room for them, the same run is re-read.
        narrow.contextWindowTokens = 8_000
        let roomy = ScriptedModel(searches + [.text("Final Answer: q5 [5]."), .text("Final Answer: q5 fact [5].")])
        let (roomyEnd, _) = try await investigate(model: roomy, tools: [long], config: narrow)
        #expect(roomy.requests.count == 7 && roomyEnd.answer == "q5 fact [5].")
    }

    /// An uncited answer is asked for its citations first; the cited reply is then re-read.
    @Test func aRepairedAnswerIsReadAgainToo() async throws {
        var repaired = config
        repaired.citedAnswers = false
        let model = ScriptedModel([
            .text(Self.search), .text("Final Answer: Alpha was founded in 1950."), .text("Final Answer: 1950 [2]."),
            .text("Final Answer: 1901 [1]."),
        ])
        let (end, _) = try await investigate(model: model, tools: [Self.twoResults], config: repaired)
        #expect(model.requests.count == 4 && end.answer == "1901 [1].")
        guard case .user(let text) = model.requests[3].messages.first else { Issue.record(); return }
        #expect(text.contains("[2] Beta\nBeta was founded in 1950.\n</data>"))
    }

    @Test func aResultIsSplitAtTheLinesThatStartWithItsNumbers() {
        let text = "Header [1] inline.\n[1] One\nline a\n[7] not ours\n[2] Two\nline b"
        #expect(SourceExcerpts.split(text, numbers: [1, 2]) == [1: "[1] One\nline a\n[7] not ours", 2: "[2] Two\nline b"])
        #expect(SourceExcerpts.split("A page read in full.", numbers: [4]) == [4: "[4]\nA page read in full."])
        #expect(SourceExcerpts.split("No numbers here.", numbers: [1, 2]).isEmpty)
        let long = "[1] Long\n" + String(repeating: "x", count: 3_000)
        #expect(SourceExcerpts.split(long, numbers: [1])[1]?.count == SourceExcerpts.maxCharacters)
    }
}
