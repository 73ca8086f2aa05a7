import AgentCore
import AgentTesting
import Testing

/// The search a run opens with: the question as the query, before the model's first turn.
@Suite struct OpeningSearchTests {
    /// A search tool taking `query` (at most 40 characters) and `k`, like web_search and search_docs.
    static let search = FakeTool(
        name: "web_search",
        parameters: [
            "type": "object", "properties": ["query": ["type": "string", "maxLength": 40], "k": ["type": "integer", "maximum": 5]],
            "required": ["query"], "additionalProperties": false,
        ]
    ) { args, context in
        var catalog = context.sources
        let source = Source(kind: .url, ref: "https://example.org/\(args["k"]?.intValue ?? 0)", title: "Result")
        let n = catalog.number(for: source)
        return ToolOutput(
            text: "[\(n)] \(args["query"]?.stringValue ?? "")", sources: [NumberedSource(number: n, source: source)], tainted: true)
    }

    func config(_ format: ToolFormat, tool: String = "web_search") -> RunConfig {
        RunConfig(
            provider: "scripted", model: "scripted-1", toolFormat: format, openingSearch: OpeningSearch(tool: tool, results: 2))
    }

    @Test func aReActRunOpensWithTheQuestionAsItsQuery() async throws {
        let model = ScriptedModel([.text("Thought: enough\nFinal Answer: It is X [1].")])
        let (end, events) = try await investigate(
            "What is X?\nSay briefly.", model: model, tools: [Self.search], config: config(.react))
        #expect(end.status == .answered && end.citations.count == 1)
        guard case .toolCall(let call) = events.payloads("tool.call").first else { Issue.record(); return }
        #expect(call.step == 0 && call.id == ReActLoop.openingCallID)
        #expect(call.arguments == ["k": 2, "query": "What is X? Say briefly."])
        let messages = model.requests[0].messages
        guard messages.count == 3, case .assistant(let text, let calls) = messages[1], case .user(let observation) = messages[2]
        else { Issue.record("\(messages)"); return }
        #expect(
            text == "Thought: First, search for the question as asked.\nAction: web_search\n"
                + #"Action Input: {"query":"What is X? Say briefly.","k":2}"#)
        #expect(calls.isEmpty)
        #expect(observation.hasPrefix("Observation: <data source=\"web_search\">\n[1] What is X? Say briefly."))
        // The model's own steps are numbered as they would be without it.
        #expect(events.compactMap { if case .llmRequest(let r) = $0.payload { r.step } else { nil } } == [1])
        #expect(end.totals.steps == 1 && end.totals.toolCalls == 1)
    }

    @Test func aNativeRunOpensWithACallOfTheTool() async throws {
        let model = ScriptedModel([.text("It is X [1].")])
        let (end, _) = try await investigate(model: model, tools: [Self.search], config: config(.native))
        #expect(end.status == .answered && end.citations.count == 1)
        let messages = model.requests[0].messages
        let expected = ToolCall(id: ReActLoop.openingCallID, name: "web_search", arguments: #"{"query":"What is X?","k":2}"#)
        guard messages.count == 3, case .assistant("", let calls) = messages[1],
            case .toolResult(let id, "web_search", let content, false) = messages[2]
        else { Issue.record("\(messages)"); return }
        #expect(calls == [expected] && id == ReActLoop.openingCallID && content.contains("[1] What is X?"))
    }

    /// The question is cut to the query's maxLength, `k` to its maximum, and a tool without
    /// `k` gets none.
    @Test func theQueryFitsTheToolsSchema() async throws {
        let question = "Which river flows through the most countries of Europe, and how long is it?"
        let model = ScriptedModel([.text("It is the Danube [1].")])
        var many = config(.native)
        many.openingSearch?.results = 9
        let (_, events) = try await investigate(question, model: model, tools: [Self.search], config: many)
        guard case .toolCall(let call) = events.payloads("tool.call").first else { Issue.record(); return }
        #expect(call.arguments["query"] == "Which river flows through the most count" && call.arguments["k"] == 5)
        #expect(events.toolResults.first?.isError == false)
        let plain = ScriptedModel([.text("done")])
        let (_, plainEvents) = try await investigate(model: plain, tools: [FakeTool.search()], config: config(.native))
        guard case .toolCall(let bare) = plainEvents.payloads("tool.call").first else { Issue.record(); return }
        #expect(bare.arguments == ["query": "What is X?"] && plainEvents.toolResults.first?.isError == false)
    }

    /// No opening search when its tool is not offered or the budget would leave the model
    /// no tool call of its own: the run starts with the model's turn, as without one.
    @Test func noOpeningWithoutItsToolOrAToolCallToSpend() async throws {
        let model = ScriptedModel([.text("Final Answer: done")])
        let (_, events) = try await investigate(model: model, tools: [Self.search], config: config(.react, tool: "search_docs"))
        #expect(events.payloads("tool.call").isEmpty && model.requests[0].messages.count == 1)
        var noCalls = config(.react)
        noCalls.budget.maxToolCalls = 1
        let other = ScriptedModel([.text("Final Answer: done")])
        let (end, noCallEvents) = try await investigate(model: other, tools: [Self.search], config: noCalls)
        #expect(end.status == .answered && noCallEvents.payloads("tool.call").isEmpty)
    }

    /// A session's first question opens with the search; a follow-up, which leans on the
    /// questions before it, does not.
    @Test func aFollowUpDoesNotOpenWithASearch() {
        func firstAction(_ session: SessionContext) -> ReActLoop.Action {
            var loop = ReActLoop(
                runID: "r", task: "And its population?", config: config(.react), tools: [Self.search.manifest],
                date: "2026-12-06", session: session)
            return loop.start(at: Instant(milliseconds: 0)).action
        }
        guard case .runTool(_, _, let id, _) = firstAction(SessionContext(id: "s")) else { Issue.record(); return }
        #expect(id == ReActLoop.openingCallID)
        let followUp = SessionContext(id: "s", turns: [SessionTurn(question: "What is the capital of France?", answer: "Paris.")])
        guard case .callModel = firstAction(followUp) else { Issue.record(); return }
    }

    /// Under the turn grammar, the model repeating the opening search is a repeated call
    /// like any other: it is not run again and the next turn may only answer.
    @Test func repeatingTheOpeningSearchIsARepeat() async throws {
        var grammar = config(.react)
        grammar.turnGrammar = true
        let model = ScriptedModel([
            .text("Thought: again\nAction: web_search\nAction Input: {\"query\":\"What is X?\",\"k\":2}"),
            .text("Thought: so\nFinal Answer: X [1]."),
        ])
        let (end, events) = try await investigate(model: model, tools: [Self.search], config: grammar)
        #expect(end.status == .answered)
        #expect(events.toolResults.count == 2 && events.toolResults[1].output.hasPrefix("you already called web_search"))
        #expect(model.requests[1].grammar == TurnGrammar.gbnf(tools: [], turn: .answer))
    }

    /// run.start records it, and a configuration recorded before it reads back without it.
    @Test func runStartRecordsIt() throws {
        let json = config(.react).json
        #expect(json["opening_search"] == ["k": 2, "tool": "web_search"])
        #expect(try RunConfig(json: json) == config(.react))
        let old = RunConfig(provider: "scripted", model: "scripted-1").json
        #expect(old["opening_search"] == nil)
        #expect(try RunConfig(json: old).openingSearch == nil)
        var broken = json.objectValue ?? [:]
        broken["opening_search"] = ["tool": "web_search"]
        #expect(throws: FieldError(field: "opening_search.k")) { try RunConfig(json: .object(broken)) }
    }
}
