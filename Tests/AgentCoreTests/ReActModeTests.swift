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
}
