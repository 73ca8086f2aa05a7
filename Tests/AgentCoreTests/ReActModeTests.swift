import AgentCore
import AgentTesting
import Testing

@Suite struct ReActModeTests {
    var config: RunConfig {
        RunConfig(provider: "scripted", model: "scripted-1", toolFormat: .react)
    }

    @Test func textActionsRunTools() async throws {
        let model = ScriptedModel([
            .text("Thought: search first\nAction: web_search\nAction Input: {\"query\": \"alpha\"}"),
            .text("Thought: enough\nFinal Answer: Alpha is documented [1]."),
        ])
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.status == .answered)
        #expect(end.answer == "Alpha is documented [1].")
        #expect(end.citations.count == 1)
        #expect(model.requests[0].tools.isEmpty)
        #expect(model.requests[0].stop == ["\nObservation:"])
        #expect(model.requests[0].system.contains("Action Input:"))
        guard case .user(let observation) = model.requests[1].messages.last else { Issue.record(); return }
        #expect(observation.hasPrefix("Observation: <data source=\"web_search\">"))
        // A small model keeps the numbers only when reminded where it reads the sources.
        #expect(
            observation.hasSuffix(
                "</data>\n\nIn your Final Answer, put the number of the result after each fact you take from it, like [1]."))
    }

    @Test func bareInputFillsTheOnlyRequiredString() async throws {
        let model = ScriptedModel([.text("Action: web_search[alpha beta]"), .text("Final Answer: ok")])
        let (_, events) = try await investigate(model: model, config: config)
        guard case .toolCall(let c) = events.payloads("tool.call")[0] else { Issue.record(); return }
        #expect(c.arguments == ["query": "alpha beta"])
    }

    @Test func oneRepairTurnThenAcceptsText() async throws {
        let model = ScriptedModel([.text("I think the answer is 4."), .text("It is 4.")])
        let (end, events) = try await investigate(model: model, config: config)
        #expect(model.requests.count == 2)
        guard case .user(let repair) = model.requests[1].messages.last else { Issue.record(); return }
        #expect(repair.contains("could not be used"))
        #expect(end.status == .answered)
        #expect(end.answer == "It is 4.")
        #expect(events.payloads("error").count == 1)
    }

    @Test func repairSucceeds() async throws {
        let model = ScriptedModel([.text("hmm"), .text("Final Answer: 4")])
        let (end, _) = try await investigate(model: model, config: config)
        #expect(end.answer == "4")
    }

    /// The same refused call over and over (an unknown tool, or arguments the schema
    /// refuses) meets the loop guard too: the third gets the corrective observation, the
    /// fourth ends the run. Runs recorded before count only valid calls, as they did.
    @Test func theLoopGuardCountsRefusedCalls() async throws {
        let turn = ScriptedModel.Reply.text("Thought: read it\nAction: read\nAction Input: {\"n\": 1}")
        let model = ScriptedModel([turn], repeatLast: true)
        let (end, events) = try await investigate(model: model, config: config)
        #expect(end.status == .loop && end.reason == "read was called with the same arguments 4 times")
        #expect(model.requests.count == 4)
        let results = events.payloads("tool.result").compactMap { payload -> String? in
            if case .toolResult(let r) = payload { return r.output } else { return nil }
        }
        #expect(results.count == 3 && results[0].hasPrefix("unknown tool 'read'") && results[2].hasPrefix("you already called read"))

        var recorded = config
        recorded.guardedToolTurns = false
        recorded.budget.maxSteps = 6
        let old = ScriptedModel([turn], repeatLast: true)
        let (oldEnd, _) = try await investigate(model: old, config: recorded)
        #expect(oldEnd.status == .budget && old.requests.count == 6)
    }
}
