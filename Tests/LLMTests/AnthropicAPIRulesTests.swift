import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

/// The Messages API's rules as the fake enforces them: each test fails against a client
/// that sends what the real API refuses.
@Suite struct AnthropicAPIRulesTests {
    let search = ScriptedToolCall(id: "toolu_01", name: "web_search", arguments: #"{"query":"a"}"#)

    /// A conversation after one tool call: the assistant's turn, then its result.
    func afterOneCall(_ turn: ModelTurn) -> [PromptMessage] {
        [
            .user("Question: hi"), .turn(text: turn.text, toolCalls: turn.toolCalls, thinking: turn.thinking),
            .toolResult(callID: "toolu_01", name: "web_search", content: "result", isError: false),
        ]
    }

    @Test func theLastStepKeepsItsToolsAndForbidsThem() async throws {
        let server = try FakeAnthropicServer(script: [.toolUses([search]), .text("Answer.")])
        let model = anthropic(server)
        let first = try await model.ask(request(tools: [searchSchema]))
        var last = request(tools: [searchSchema], messages: afterOneCall(first))
        last.toolChoice = .none
        #expect(try await model.ask(last).text == "Answer.")
        let body = try JSONValue.parse(server.requests[1].bodyString())
        #expect(body["tool_choice"] == ["type": "none"])
        #expect(body["tools"]?.arrayValue?.count == 1)
        // The first step leaves the choice to the API's default.
        #expect(try JSONValue.parse(server.requests[0].bodyString())["tool_choice"] == nil)
    }

    @Test func toolBlocksWithoutToolsAreRefusedAsTheAPIRefusesThem() async throws {
        let server = try FakeAnthropicServer(script: [.toolUses([search]), .text("never sent")])
        let model = anthropic(server)
        let first = try await model.ask(request(tools: [searchSchema]))
        await #expect {
            _ = try await model.ask(request(tools: [], messages: afterOneCall(first)))
        } throws: { "\($0)".contains("Requests which include `tool_use` or `tool_result` blocks must define tools.") }
        #expect(server.remainingReplies == 1)
    }

    @Test func thinkingBlocksGoBackAsTheyCame() async throws {
        let server = try FakeAnthropicServer(script: [
            .thinking("Search first, then answer.", then: .toolUses([search], text: "Searching.")), .text("Answer."),
        ])
        let model = anthropic(server)
        let first = try await model.ask(request(tools: [searchSchema]))
        #expect(first.thinking.count == 1)
        #expect(first.thinking.first?["thinking"]?.stringValue == "Search first, then answer.")
        #expect(first.thinking.first?["signature"]?.stringValue?.isEmpty == false)
        #expect(first.text == "Searching." && first.toolCalls.map(\.id) == ["toolu_01"])
        #expect(try await model.ask(request(tools: [searchSchema], messages: afterOneCall(first))).text == "Answer.")
        let sent = try JSONValue.parse(server.requests[1].bodyString())
        let assistant = try #require(sent["messages"]?.arrayValue?[1]["content"]?.arrayValue)
        #expect(assistant.map { $0["type"]?.stringValue ?? "" } == ["thinking", "text", "tool_use"])
    }

    @Test func aTurnThatLostItsThinkingIsRefused() async throws {
        let server = try FakeAnthropicServer(script: [.thinking("", then: .toolUses([search])), .text("never sent")])
        let model = anthropic(server)
        var first = try await model.ask(request(tools: [searchSchema]))
        // An empty thinking text (the API's default display) still comes with a signature.
        #expect(first.thinking.first?["thinking"]?.stringValue == "")
        first.thinking = []
        await #expect {
            _ = try await model.ask(request(tools: [searchSchema], messages: afterOneCall(first)))
        } throws: { "\($0)".contains("must start with a thinking block") }
    }

    @Test func aModifiedThinkingBlockIsRefused() async throws {
        let server = try FakeAnthropicServer(script: [.thinking("plan", then: .toolUses([search])), .text("never sent")])
        let model = anthropic(server)
        var first = try await model.ask(request(tools: [searchSchema]))
        first.thinking = [["type": "thinking", "thinking": "another plan", "signature": first.thinking[0]["signature"] ?? ""]]
        await #expect {
            _ = try await model.ask(request(tools: [searchSchema], messages: afterOneCall(first)))
        } throws: { "\($0)".contains("Invalid `signature`") }
    }

    @Test func aRetiredModelIsNamedWithItsDateAndCurrentOnes() async throws {
        let server = try FakeAnthropicServer(script: [.text("never sent")])
        await #expect {
            _ = try await anthropic(server, model: "claude-sonnet-4-5").ask(request())
        } throws: { error in
            let text = "\(error)"
            return text.contains("'claude-sonnet-4-5' is not available") && text.contains("retired on 2026-11-30")
                && text.contains("claude-sonnet-5-5") && (error as? ModelCallError)?.retriable == false
        }
        #expect(server.requests.count == 1)
    }

    @Test func temperatureIsRefusedWhereTheCatalogSaysSo() async throws {
        let server = try FakeAnthropicServer(script: [.text("ok")])
        var hot = request()
        hot.temperature = 0.2
        await #expect { _ = try await anthropic(server).ask(hot) } throws: { "\($0)".contains("temperature is deprecated for this model") }
        // A model that takes it answers.
        #expect(try await anthropic(server, model: "claude-haiku-4-5").ask(hot).text == "ok")
    }
}

/// Preserved thinking: the 5.5 models refuse a thinking block once anything before it changed.
@Suite struct AnthropicPrefixCheckTests {
    let search = ScriptedToolCall(id: "toolu_01", name: "web_search", arguments: #"{"query":"a"}"#)

    func conversation(_ before: [PromptMessage], _ turn: ModelTurn) -> [PromptMessage] {
        before + [
            .turn(text: turn.text, toolCalls: turn.toolCalls, thinking: turn.thinking),
            .toolResult(callID: "toolu_01", name: "web_search", content: "result", isError: false),
        ]
    }

    @Test func aThinkingBlockWhoseEarlierMessagesChangedIsRefused() async throws {
        let server = try FakeAnthropicServer(script: [.thinking("", then: .toolUses([search])), .text("Answer.")])
        let model = anthropic(server)
        let before: [PromptMessage] = [.user("Question: hi"), .user("Scratchpad notes:\n- plan: search")]
        let first = try await model.ask(request(tools: [searchSchema], messages: before))
        // The notes that stood before the turn are gone: the prefix changed.
        await #expect {
            _ = try await model.ask(request(tools: [searchSchema], messages: conversation([.user("Question: hi")], first)))
        } throws: { "\($0)".contains("The block is bound to a different conversation") }
        // Kept as they were, the block is taken (the cache breakpoint may move).
        #expect(try await model.ask(request(tools: [searchSchema], messages: conversation(before, first))).text == "Answer.")
    }
}
