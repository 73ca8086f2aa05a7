import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

@Suite struct AnthropicModelTests {
    @Test func streamsTextWithCacheUsage() async throws {
        let server = try FakeAnthropicServer(script: [
            .text("Bonjour à tous", usage: Usage(prompt: 10, completion: 4, cached: 90, cacheCreation: 5))
        ])
        let turn = try await anthropic(server).ask(request())
        #expect(turn.text == "Bonjour à tous")
        #expect(turn.usage == TokenUsage(input: 105, output: 4, cached: 90, cacheWrite: 5))
        #expect(turn.finishReason == "end_turn")
        let sent = try #require(server.requests.first)
        #expect(sent.header("x-api-key") == "ak-test-key-123456")
        #expect(sent.header("anthropic-version") == "2023-06-01")
    }

    @Test func assemblesToolUses() async throws {
        let server = try FakeAnthropicServer(script: [
            .toolUses(
                [
                    ScriptedToolCall(id: "toolu_01", name: "web_search", arguments: #"{"query":"a"}"#),
                    ScriptedToolCall(id: "toolu_02", name: "web_search", arguments: #"{"query":"b"}"#),
                ], text: "Searching.")
        ])
        let turn = try await anthropic(server).ask(request(tools: [searchSchema]))
        #expect(turn.text == "Searching.")
        #expect(turn.toolCalls.map(\.id) == ["toolu_01", "toolu_02"])
        #expect(try JSONValue.parse(turn.toolCalls[1].arguments) == ["query": "b"])
        #expect(turn.finishReason == "tool_use")
    }

    @Test func retriesOverloadedStreamError() async throws {
        let server = try FakeAnthropicServer(script: [
            .streamError(type: "overloaded_error", message: "Overloaded"), .status(529), .text("ok"),
        ])
        let turn = try await anthropic(server).ask(request())
        #expect(turn.text == "ok")
        #expect(server.requests.count == 3)
    }

    @Test func retriesRateLimitServerErrorAndCutStreamWithEventsSplitAcrossWrites() async throws {
        let tools = ScriptedToolCall(id: "toolu_09", name: "web_search", arguments: #"{"query":"quokka habitat"}"#)
        let server = try FakeAnthropicServer(
            script: [
                .status(429, retryAfterSeconds: 1), .status(500), .cutAfter(events: 4, then: .toolUses([tools], text: "Looking.")),
                .toolUses([tools], text: "Looking."),
            ], splitEvents: true, chunkDelayMilliseconds: 2)
        let retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), maxRetryAfter: .milliseconds(50))
        let turn = try await anthropic(server, retry: retry).ask(request(tools: [searchSchema]))
        #expect(turn.text == "Looking.")
        #expect(turn.toolCalls.map(\.id) == ["toolu_09"])
        #expect(try JSONValue.parse(turn.toolCalls[0].arguments) == ["query": "quokka habitat"])
        #expect(server.requests.count == 4)
    }

    @Test func givesUpWithTheStatusAfterMaxAttempts() async throws {
        let server = try FakeAnthropicServer(script: [.status(500), .status(500)])
        await #expect {
            _ = try await anthropic(server, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)))
                .ask(request())
        } throws: { error in (error as? ModelCallError)?.retriable == true && "\(error)".contains("HTTP 500") }
        #expect(server.requests.count == 2)
    }

    @Test func missingKeyIsAClearError() async throws {
        let server = try FakeAnthropicServer(script: [.text("never")])
        await #expect {
            _ = try await anthropic(server, key: nil).ask(request())
        } throws: { error in "\(error)".contains("HTTP 401") && "\(error)".contains("ANTHROPIC_API_KEY") }
    }

    @Test func mergesToolResultsIntoOneUserTurnWithCacheBreakpoint() {
        let model = AnthropicModel(
            settings: .init(baseURL: "http://x", apiKey: nil, model: "claude-haiku-4-5"), client: client, logger: quietLogger)
        let body = model.body(
            for: request(
                tools: [searchSchema],
                messages: [
                    .user("Question: q"),
                    .assistant(
                        text: "",
                        toolCalls: [
                            ToolCall(id: "a", name: "web_search", arguments: #"{"query":"x"}"#),
                            ToolCall(id: "b", name: "web_search", arguments: #"{"query":"y"}"#),
                        ]),
                    .toolResult(callID: "a", name: "web_search", content: "ra", isError: false),
                    .toolResult(callID: "b", name: "web_search", content: "rb", isError: true),
                    .user("Scratchpad notes:\n- k: v"),
                ]))
        let turns = body["messages"]?.arrayValue ?? []
        #expect(turns.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "user"])
        let last = turns[2]["content"]?.arrayValue ?? []
        #expect(last.map { $0["type"]?.stringValue ?? "" } == ["tool_result", "tool_result", "text"])
        #expect(last[1]["is_error"] == true)
        #expect(last[2]["cache_control"] == ["type": "ephemeral"])
        #expect(turns[1]["content"]?.arrayValue?[0]["input"] == ["query": "x"])
        #expect(body["tools"]?.arrayValue?.first?["input_schema"]?["type"] == "object")
        #expect(body["system"]?.arrayValue?.first?["cache_control"] == ["type": "ephemeral"])
    }

    /// A model keeps its turns from step to step and rebuilds only what changed: whatever
    /// changes between two requests, its body is the body a fresh model builds.
    @Test func turnsKeptAcrossStepsGiveTheBodyAFreshModelBuilds() {
        let settings = ProviderSettings(baseURL: "http://x", apiKey: nil, model: "claude-haiku-4-5")
        let model = AnthropicModel(settings: settings, client: client, logger: quietLogger)
        func call(_ i: Int) -> PromptMessage {
            .assistant(text: "step \(i)", toolCalls: [ToolCall(id: "c\(i)", name: "web_search", arguments: #"{"query":"q\#(i)"}"#)])
        }
        func result(_ i: Int) -> PromptMessage { .toolResult(callID: "c\(i)", name: "web_search", content: "r\(i)", isError: false) }
        var prompt: [PromptMessage] = [.user("Question: q")]
        var prompts: [[PromptMessage]] = []
        for i in 0..<12 {
            prompt += [call(i), result(i)]
            if i == 3 { prompt.append(.user("Scratchpad notes:\n- a")) }  // joins the tool result's turn
            if i == 4 { prompt.removeLast() }  // ends on the model's turn, which the next call joins
            if i == 6 { prompt[2] = result(99) }  // a change in the middle
            if i == 8 { prompt = [prompt[0], .user("[Context note: condensed]")] + prompt.suffix(4) }  // condensed
            if i == 9 { prompts.append(prompt) }  // the same request twice
            if i == 10 { prompt.removeLast(3) }  // shrinks
            prompts.append(prompt)
        }
        for (step, messages) in prompts.enumerated() {
            let kept = model.body(for: request(tools: [searchSchema], messages: messages))
            let fresh = AnthropicModel(settings: settings, client: client, logger: quietLogger)
            #expect(kept == fresh.body(for: request(tools: [searchSchema], messages: messages)), "step \(step)")
            let roles = kept["messages"]?.arrayValue?.map { $0["role"]?.stringValue ?? "" } ?? []
            #expect(zip(roles, roles.dropFirst()).allSatisfy { $0 != $1 }, "step \(step): \(roles)")
        }
    }
}

@Suite struct ProviderChoiceTests {
    @Test func followsDesignOrder() throws {
        #expect(
            try ProviderChoice.choose(provider: nil, model: nil, environment: ["ANTHROPIC_API_KEY": "a", "OPENAI_API_KEY": "o"]).name
                == "anthropic")
        let ollama = try ProviderChoice.choose(
            provider: nil, model: "qwen2.5", environment: ["OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"])
        #expect(ollama.name == "openai" && ollama.apiKey == nil && ollama.model == "qwen2.5")
        #expect(try ProviderChoice.choose(provider: "openai", model: nil, environment: ["OPENAI_API_KEY": "o"]).model == "gpt-5.6-luna")
        #expect(
            try ProviderChoice.choose(provider: "anthropic", model: nil, environment: ["ANTHROPIC_API_KEY": "a"]).model
                == "claude-sonnet-5-5")
    }

    @Test func saysWhatToSet() {
        let noCache = ["RESEARCH_AGENT_CACHE": "/nonexistent/cache"]
        #expect { _ = try ProviderChoice.choose(provider: nil, model: nil, environment: noCache) } throws: {
            "\($0)".contains("set ANTHROPIC_API_KEY, OPENAI_API_KEY, or OPENAI_BASE_URL")
        }
        #expect { _ = try ProviderChoice.choose(provider: "local", model: nil, environment: noCache) } throws: {
            "\($0)".contains("run research-agent setup")
        }
        #expect { _ = try ProviderChoice.choose(provider: "anthropic", model: nil, environment: [:]) } throws: {
            "\($0)".contains("needs ANTHROPIC_API_KEY")
        }
        #expect { _ = try ProviderChoice.choose(provider: nil, model: nil, environment: ["OPENAI_BASE_URL": "http://h/v1"]) } throws: {
            "\($0)".contains("--model")
        }
        #expect { _ = try ProviderChoice.choose(provider: "gemini", model: nil, environment: [:]) } throws: {
            "\($0)".hasPrefix("unknown provider 'gemini'")
        }
    }

    @Test func catalogMatchesAnIdOrAnAliasNeverAPrefix() {
        #expect(ModelCatalog.entry(for: "claude-sonnet-4-5-20250929")?.price.input == 3)
        #expect(ModelCatalog.entry(for: "claude-sonnet-4-5")?.id == "claude-sonnet-4-5-20250929")
        #expect(ModelCatalog.entry(for: "gpt-4o-mini-2024-07-18")?.price.input == 0.15)
        #expect(ModelCatalog.entry(for: "gpt-4o")?.price.input == 2.5)
        #expect(ModelCatalog.entry(for: "llama3") == nil)
        // A newer model whose name starts like an older one's no longer takes its entry.
        #expect(ModelCatalog.entry(for: "claude-opus-4-6")?.price.input == 5)
        #expect(ModelCatalog.entry(for: "claude-opus-4-6")?.contextWindow == 1_000_000)
        #expect(ModelCatalog.entry(for: "claude-opus-4-7") == nil)
        #expect(ModelCatalog.entry(for: "gpt-5.1-codex-max") == nil)
    }
}
