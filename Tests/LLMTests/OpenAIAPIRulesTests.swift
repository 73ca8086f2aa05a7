import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

/// Chat Completions' rules as the fake enforces them: each test fails against a client
/// that sends what the real API refuses.
@Suite struct OpenAIAPIRulesTests {
    @Test func reasoningModelsGetMaxCompletionTokensDottedNamesIncluded() async throws {
        for name in ["gpt-5.1", "gpt-5.6-luna", "o3"] {
            let server = try FakeOpenAIServer(script: [.text("ok")])
            #expect(try await openAI(server, model: name).ask(request()).text == "ok", "\(name)")
            let body = try JSONValue.parse(server.requests[0].bodyString())
            #expect(body["max_completion_tokens"]?.intValue == 256 && body["max_tokens"] == nil, "\(name)")
        }
        // Names the catalog does not list yet still count as reasoning models by family.
        let server = try FakeOpenAIServer(script: [.text("ok")])
        _ = try await openAI(server, model: "gpt-5.7-luna").ask(request())
        #expect(try JSONValue.parse(server.requests[0].bodyString())["max_completion_tokens"] != nil)
    }

    @Test func maxTokensIsRefusedForAReasoningModel() async throws {
        let server = try FakeOpenAIServer(script: [.text("never sent")])
        let body: JSONValue = ["model": "gpt-5.1", "messages": [["role": "user", "content": "hi"]], "max_tokens": 5]
        let response = try await client.send(
            HTTPRequest(method: "POST", url: server.baseURL + "/chat/completions", body: body.canonicalBytes))
        #expect(response.head.status == 400)
        #expect(String(decoding: response.body, as: UTF8.self).contains("Use 'max_completion_tokens' instead."))
    }

    @Test func theLastStepKeepsItsToolsAndForbidsThem() async throws {
        let server = try FakeOpenAIServer(script: [.text("Answer.")])
        var last = request(tools: [searchSchema])
        last.toolChoice = .none
        _ = try await openAI(server).ask(last)
        let body = try JSONValue.parse(server.requests[0].bodyString())
        #expect(body["tool_choice"]?.stringValue == "none" && body["tools"]?.arrayValue?.count == 1)
    }

    @Test func temperatureIsRefusedWhereTheCatalogSaysSo() async throws {
        let server = try FakeOpenAIServer(script: [.text("ok")])
        var hot = request()
        hot.temperature = 0.2
        await #expect { _ = try await openAI(server, model: "gpt-5.6-luna").ask(hot) } throws: {
            "\($0)".contains("'temperature' does not support 0.2 with this model")
        }
        #expect(try await openAI(server, model: "gpt-4o-mini").ask(hot).text == "ok")
    }

    @Test func gpt6ModelsCallFunctionsOnlyWithoutReasoning() async throws {
        let server = try FakeOpenAIServer(script: [.text("ok")])
        _ = try await openAI(server, model: "gpt-6-luna").ask(request(tools: [searchSchema]))
        #expect(try JSONValue.parse(server.requests[0].bodyString())["reasoning_effort"]?.stringValue == "none")
    }

    @Test func aRetiredModelIsNamedWithItsDateAndCurrentOnes() async throws {
        let server = try FakeOpenAIServer(script: [.text("never sent")])
        await #expect { _ = try await openAI(server, model: "o4-mini").ask(request()) } throws: { error in
            let text = "\(error)"
            return text.contains("'o4-mini' is not available") && text.contains("retired on 2026-10-23") && text.contains("gpt-5.6-luna")
        }
    }

    @Test func aReplyCapSpentOnReasoningEndsWithLengthAndNothingElse() async throws {
        let server = try FakeOpenAIServer(script: [
            .reasoning(tokens: 3000, then: .text("late")), .reasoning(tokens: 3000, then: .text("Answer.")),
        ])
        let model = openAI(server, model: "gpt-5.6-luna")
        var small = request()
        small.maxOutputTokens = 2048
        let starved = try await model.ask(small)
        #expect(starved.text.isEmpty && starved.toolCalls.isEmpty && starved.finishReason == "length")
        small.maxOutputTokens = ModelCatalog.reasoningReplyTokens
        let fed = try await model.ask(small)
        #expect(fed.text == "Answer." && fed.usage.output == 3005)
    }
}
