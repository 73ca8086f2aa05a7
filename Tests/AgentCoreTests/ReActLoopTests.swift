import AgentCore
import AgentTesting
import Synchronization
import Testing

@Suite struct ReActLoopTests {
    @Test func answersDirectly() async throws {
        let model = ScriptedModel([.text("Paris.")])
        let (end, events) = try await investigate(model: model)
        #expect(end.status == .answered)
        #expect(end.answer == "Paris.")
        #expect(events.map(\.type) == ["run.start", "llm.request", "llm.response", "budget", "run.end"])
        #expect(events.map(\.seq) == Array(0..<5))
    }

    @Test func citationsMapToTheirSources() async throws {
        let model = ScriptedModel([
            .tools([call("web_search", #"{"query":"alpha"}"#, id: "a"), call("web_search", #"{"query":"beta"}"#, id: "b")]),
            .text("Alpha [1] and beta [2]; nothing at [9]."),
        ])
        let (end, events) = try await investigate(model: model)
        #expect(end.status == .answered)
        #expect(end.citations.map(\.number) == [1, 2])
        #expect(end.citations.map(\.source.ref) == ["https://example.org/alpha", "https://example.org/beta"])
        #expect(events.toolResults.allSatisfy { $0.tainted })
        // The second request carries both observations, wrapped as data.
        let second = model.requests[1]
        let results = second.messages.compactMap { m -> String? in
            if case .toolResult(_, _, let content, _) = m { return content } else { return nil }
        }
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0.hasPrefix("<data source=\"web_search\">") })
    }

    @Test func stepBudgetForbidsToolsOnTheLastStep() async throws {
        let model = ScriptedModel(
            [.compute { _, i in ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")]) }],
            repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxSteps = 3
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.status == .budget)
        #expect(model.requests.count == 3)
        #expect(model.requests[1].tools.count == 2 && model.requests[1].toolChoice == .auto)
        // The last step keeps the tools (the APIs refuse tool calls in a conversation
        // without them, and the prefix stays cached) but forbids calling them.
        #expect(model.requests[2].tools == model.requests[1].tools && model.requests[2].toolChoice == .none)
        guard case .user(let last) = model.requests[2].messages.last else { Issue.record("no user tail"); return }
        #expect(last.contains("last step"))
    }

    @Test func anAppendOnlyPromptNeverChangesWhatASentRequestHeld() async throws {
        for appendOnly in [true, false] {
            var config = RunConfig(provider: "scripted", model: "scripted-1", appendOnlyPrompt: appendOnly)
            config.budget.maxSteps = 4
            let model = ScriptedModel(
                [
                    .compute { _, i in
                        ModelTurn(
                            text: "", toolCalls: [call("scratchpad", "{\"op\":\"write\",\"key\":\"k\",\"value\":\"v\(i)\"}", id: "c\(i)")])
                    }
                ],
                repeatLast: true)
            _ = try await investigate(model: model, config: config)
            #expect(model.requests.count == 4)
            let grows = (1..<model.requests.count).allSatisfy { i in
                model.requests[i].messages.starts(with: model.requests[i - 1].messages)
            }
            // Notes at the tail move on at every step, so only the append-only prompt grows.
            #expect(grows == appendOnly)
            let shown = model.requests[3].messages.filter { if case .user(let t) = $0 { t.hasPrefix("Scratchpad notes:") } else { false } }
            #expect(shown.count == (appendOnly ? 3 : 1))
        }
        #expect(RunConfig(provider: "p", model: "m", appendOnlyPrompt: true).json["scratchpad_notes"]?.stringValue == "history")
        #expect(RunConfig(provider: "p", model: "m").json["scratchpad_notes"] == nil)
    }

    @Test func condensingAnAppendOnlyPromptDropsTheThinkingOfTheStepsKept() async throws {
        let thinking: [JSONValue] = [["type": "thinking", "thinking": "", "signature": "sig"]]
        let model = ScriptedModel(
            [
                .compute { _, i in
                    ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")], thinking: thinking)
                }
            ],
            repeatLast: true)
        var config = RunConfig(
            provider: "scripted", model: "m", maxOutputTokensPerCall: 200, contextWindowTokens: 1500, appendOnlyPrompt: true)
        config.budget.maxSteps = 20
        _ = try await investigate(model: model, config: config)
        func hasThinking(_ m: PromptMessage) -> Bool { if case .reasoned = m { true } else { false } }
        var condensations = 0
        for (previous, next) in zip(model.requests, model.requests.dropFirst()) {
            if next.messages.starts(with: previous.messages) {
                continue  // The prompt only grew.
            }
            // Condensed: what stood before every kept turn changed, so no kept turn keeps its thinking.
            condensations += 1
            #expect(!next.messages.contains(where: hasThinking))
        }
        #expect(condensations >= 1)
        #expect(model.requests.contains { $0.messages.contains(where: hasThinking) })
    }

    @Test func aReplyCapSpentBeforeAnyAnswerSaysWhatToRaise() async throws {
        let model = ScriptedModel([.compute { _, _ in ModelTurn(text: "", finishReason: "length") }])
        let (end, _) = try await investigate(
            model: model, config: RunConfig(provider: "scripted", model: "m", maxOutputTokensPerCall: 2048))
        #expect(end.status == .error)
        #expect(end.reason?.contains("reply cap of 2048 tokens ran out") == true && end.reason?.contains("max_output_tokens") == true)
    }

    @Test func runsRecordedBeforeToolChoiceOfferNoToolsOnTheLastStep() async throws {
        let model = ScriptedModel(
            [.compute { _, i in ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")]) }],
            repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "scripted-1", lastStepKeepsTools: false)
        config.budget.maxSteps = 2
        _ = try await investigate(model: model, config: config)
        #expect(model.requests[1].tools.isEmpty)
        // The flag survives the run.start round trip only when set, as older runs read.
        #expect(RunConfig(provider: "p", model: "m").json["last_step_tool_choice"]?.stringValue == "none")
        #expect(config.json["last_step_tool_choice"] == nil)
        #expect(try RunConfig(json: config.json).lastStepKeepsTools == false)
        #expect(try RunConfig(json: RunConfig(provider: "p", model: "m").json).lastStepKeepsTools)
    }

    @Test func settingsOfAnotherVersionAreNamed() throws {
        // Every setting this build writes reads back as known.
        var every = RunConfig(
            provider: "p", model: "m", toolFormat: .react, price: ModelPrice(input: 1, output: 2), temperature: 0.5,
            memory: true, appendOnlyPrompt: true, turnGrammar: true, systemPrompt: "s", citedAnswers: true,
            openingSearch: OpeningSearch(tool: "web_search", results: 3), rereadAnswers: true)
        every.budget = Budget(maxSteps: 3, maxInputTokens: 1, maxOutputTokens: 1, maxCostUSD: 1, maxSeconds: 1, maxToolCalls: 1)
        #expect(try RunConfig(json: every.json).unknownSettings.isEmpty)
        #expect(try RunConfig(json: RunConfig(provider: "p", model: "m").json) == RunConfig(provider: "p", model: "m"))
        // A field it never writes, a value it does not write, and a limit it does not have.
        guard case .object(var fields) = every.json, case .object(var budget) = fields["budget"] else { Issue.record(); return }
        fields["second_search"] = "advised"
        fields["reread"] = "cited"
        budget["max_memory_mb"] = .int(5)
        fields["budget"] = .object(budget)
        let other = try RunConfig(json: .object(fields))
        #expect(other.unknownSettings == [#"budget.max_memory_mb 5"#, #"reread "cited""#, #"second_search "advised""#])
        #expect(other.rereadAnswers == false)
    }

    @Test func lastStepAnswerIsAccepted() async throws {
        let model = ScriptedModel([.tools([call("web_search", #"{"query":"a"}"#)]), .text("Done [1].")])
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxSteps = 2
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.status == .answered)
        #expect(end.citations.count == 1)
    }

    @Test func inputTokenBudgetStopsBeforeTheCall() async throws {
        let model = ScriptedModel(
            [.tools([call("web_search", #"{"query":"a"}"#)]), .text("never")], usage: TokenUsage(input: 900, output: 10))
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxInputTokens = 1000  // the first call reports 900, the second would pass 1000
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.status == .budget)
        #expect(model.requests.count == 1)
        #expect(end.reason?.contains("input-token") == true)
    }

    @Test func costBudgetCapsTheReplyAndStops() async throws {
        let model = ScriptedModel(
            [
                .compute { _, i in
                    ModelTurn(
                        text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}")], usage: TokenUsage(input: 1000, output: 500))
                }
            ], repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "m", price: ModelPrice(input: 10, output: 100))
        config.budget.maxCostUSD = 0.2  // each call: 0.01 input + 0.05 output = $0.06
        let (end, events) = try await investigate(model: model, config: config)
        #expect(end.status == .budget)
        #expect(end.totals.costUSD ?? 99 <= 0.2 + 1e-12)
        #expect(model.requests.count == 4)
        #expect(model.requests.last!.maxOutputTokens < 2048)
        #expect(!events.payloads("budget").isEmpty)

        // A budget of more dollars than replies could ever cost leaves the reply cap as it is.
        let rich = ScriptedModel([.text("Done.")])
        config.budget.maxCostUSD = 1e300
        let (paid, _) = try await investigate(model: rich, config: config)
        #expect(paid.status == .answered && rich.requests.first?.maxOutputTokens == 2048)
    }

    @Test func unknownPriceMakesCostBudgetUnenforceable() {
        let budget = Budget(maxSteps: 5, maxCostUSD: 1)
        let reason = budget.unenforceableReason(model: "mystery-7b", price: nil)
        #expect(reason?.contains("[prices.\"mystery-7b\"]") == true)
        #expect(budget.unenforceableReason(model: "m", price: ModelPrice(input: 1, output: 2)) == nil)
    }

    @Test func unknownCostIsNeverZero() async throws {
        let model = ScriptedModel([.text("ok")])
        let (end, events) = try await investigate(model: model)
        #expect(end.totals.costUSD == nil)
        guard case .llmResponse(let r) = events.payloads("llm.response")[0] else { Issue.record(); return }
        #expect(r.costUSD == nil)
        // Ended before any reply (here by its input-token budget): still unknown, not $0.
        var tight = RunConfig(provider: "scripted", model: "scripted-1")
        tight.budget.maxInputTokens = 1
        let (early, _) = try await investigate(model: ScriptedModel([.text("ok")]), config: tight)
        #expect(early.status == .budget && early.totals.costUSD == nil)
    }

    @Test func toolCallBudget() async throws {
        let model = ScriptedModel([
            .tools([call("web_search", #"{"query":"a"}"#, id: "1"), call("web_search", #"{"query":"b"}"#, id: "2")]), .text("x"),
        ])
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxToolCalls = 1
        let (end, events) = try await investigate(model: model, config: config)
        #expect(end.status == .budget)
        #expect(events.toolResults.count == 1)
    }

    @Test func timeBudget() async throws {
        // The stepping clock advances 10 ms per reading; 25 ms allows two readings.
        let model = ScriptedModel(
            [.compute { _, i in ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}")]) }], repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxSeconds = 0.025
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.status == .budget)
        #expect(end.reason?.contains("time budget") == true)
    }

    @Test func aCallCutShortByTheTimeBudgetEndsTheRunAsBudget() async throws {
        // Each request carries what is left of the time budget...
        let limits = Mutex<[Double?]>([])
        let asking = ScriptedModel(
            [
                .compute { request, i in
                    limits.withLock { $0.append(request.timeLimitSeconds) }
                    return i < 2
                        ? ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}")]) : ModelTurn(text: "Final [1].")
                }
            ], repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.budget.maxSeconds = 10
        _ = try await investigate(model: asking, config: config)
        let left = limits.withLock { $0 }.compactMap { $0 }
        #expect(left.count == 3 && left[0] == 10 && left[1] < 10 && left[2] < left[1], "\(left)")
        // ...and a call that fails once it is used up ends the run as over budget, not as an error.
        config.budget.maxSeconds = 0.005
        let (end, events) = try await investigate(
            model: ScriptedModel([.failure(ModelCallError(message: "no reply within the 0.005 s left", retriable: false))]), config: config)
        #expect(end.status == .budget)
        #expect(end.reason == "time budget of 0.005 s used up while waiting for the model (no reply within the 0.005 s left)")
        #expect(events.payloads("error").count == 1)
        // Without a time budget a failed call is an error.
        let (failed, _) = try await investigate(model: ScriptedModel([.failure(ModelCallError(message: "HTTP 500", retriable: true))]))
        #expect(failed.status == .error)
    }

    @Test func repeatedCallGetsCorrectedThenEndsAsLoop() async throws {
        let same = call("web_search", #"{"query":"same"}"#)
        let model = ScriptedModel([.tools([same])], repeatLast: true)
        let (end, events) = try await investigate(model: model)
        #expect(end.status == .loop)
        let results = events.toolResults
        #expect(results.count == 3)
        #expect(!results[1].isError)
        #expect(results[2].isError && results[2].output.contains("twice"))
    }

    @Test func malformedCallsBecomeObservations() async throws {
        let model = ScriptedModel([
            .tools([call("nope", "{}", id: "1")]),
            .tools([call("web_search", "{not json", id: "2")]),
            .tools([call("web_search", #"{"query": 5}"#, id: "3")]),
            .tools([call("web_search", #"{"query":"ok","extra":1}"#, id: "4")]),
            .text("Recovered."),
        ])
        let (end, events) = try await investigate(model: model)
        #expect(end.status == .answered)
        let errors = events.toolResults.map(\.output)
        #expect(errors[0].contains("unknown tool 'nope'"))
        #expect(errors[1].contains("not a JSON object"))
        #expect(errors[2].contains("arguments.query: expected string, got integer"))
        #expect(errors[3].contains("arguments.extra: unknown field"))
    }

    @Test func cancellationEndsTheRun() async throws {
        let model = ScriptedModel([.hang])
        let task = Task { try await investigate(model: model) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let (end, events) = try await task.value
        #expect(end.status == .cancelled)
        #expect(events.last?.type == "run.end")
    }

    @Test func modelFailureIsRecorded() async throws {
        let model = ScriptedModel([.failure(ModelCallError(message: "HTTP 500 from fake", retriable: true))])
        let (end, events) = try await investigate(model: model)
        #expect(end.status == .error)
        #expect(events.map(\.type).contains("error"))
        #expect(RunStatus.error.exitCode == 1 && RunStatus.budget.exitCode == 3 && RunStatus.cancelled.exitCode == 4)
    }

    @Test func scratchpadNotesCloseThePrompt() async throws {
        let model = ScriptedModel([
            .tools([call("scratchpad", #"{"op":"write","key":"plan","value":"check alpha"}"#)]),
            .text("Done."),
        ])
        let (_, events) = try await investigate(model: model)
        #expect(events.map(\.type).contains("scratchpad"))
        guard case .user(let tail) = model.requests[1].messages.last else { Issue.record(); return }
        #expect(tail == "Scratchpad notes:\n- plan: check alpha")
    }

    @Test func promptPrefixStaysStable() async throws {
        let model = ScriptedModel([
            .tools([call("scratchpad", #"{"op":"write","key":"k","value":"v1"}"#, id: "1")]),
            .tools([call("web_search", #"{"query":"a"}"#, id: "2")]),
            .tools([call("scratchpad", #"{"op":"write","key":"k","value":"v2"}"#, id: "3")]),
            .text("Done."),
        ])
        _ = try await investigate(model: model)
        let requests = model.requests
        for (previous, next) in zip(requests, requests.dropFirst()) {
            #expect(previous.system == next.system)
            #expect(previous.tools == next.tools)
            let stable = previous.messages.filter {
                if case .user(let t) = $0 { return !t.hasPrefix("Scratchpad notes") } else { return true }
            }
            #expect(Array(next.messages.prefix(stable.count)) == stable)
        }
    }

    @Test func longObservationsAreTruncatedWithANote() async throws {
        let big = FakeTool(name: "web_search") { _, _ in ToolOutput(text: String(repeating: "x", count: 500)) }
        let model = ScriptedModel([.tools([call("web_search", #"{"query":"a"}"#)]), .text("ok")])
        var config = RunConfig(provider: "scripted", model: "scripted-1")
        config.maxObservationChars = 100
        let (_, events) = try await investigate(model: model, tools: [big], config: config)
        #expect(events.toolResults[0].truncated)
        #expect(events.toolResults[0].output.count == 500)
        guard case .toolResult(_, _, let shown, _) = model.requests[1].messages.last else { Issue.record(); return }
        #expect(shown.contains("[Output truncated: showing the first 100 of 500 characters"))
    }

    @Test func contextWindowCondensesOldSteps() async throws {
        let model = ScriptedModel(
            [.compute { _, i in ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")]) }],
            repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "scripted-1", maxOutputTokensPerCall: 200, contextWindowTokens: 1500)
        config.budget.maxSteps = 40
        _ = try await investigate(model: model, config: config)
        let last = model.requests.last!
        let hasNote = last.messages.contains { if case .user(let t) = $0 { return t.hasPrefix("[Context note") } else { return false } }
        #expect(hasNote)
        #expect(last.messages.reduce(0) { $0 + TokenEstimate.tokens($1) } < 1500)
    }
}
