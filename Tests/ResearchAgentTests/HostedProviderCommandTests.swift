import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// Runs against the hosted providers' fakes, which refuse what the real APIs refuse: the
/// faults each test names failed a user's run before.
@Suite(.serialized) struct HostedProviderCommandTests {
    let note = ScriptedToolCall(id: "toolu_01", name: "scratchpad", arguments: #"{"op":"write","key":"plan","value":"answer"}"#)

    func anthropicEnv(_ server: FakeAnthropicServer) -> [String: String] {
        ["ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": server.baseURL]
    }

    func onlyTranscript(_ home: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").filter { $0.hasSuffix(".jsonl") }
        return home + "/transcripts/" + (names.first ?? "")
    }

    @Test func anAnthropicRunThatUsedAToolAnswersOnItsLastStep() async throws {
        let server = try FakeAnthropicServer(script: [.toolUses([note]), .text("Paris.")])
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--max-steps", "2", "--no-web", "--home", home], environment: anthropicEnv(server))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Answer\nParis."))
        try #require(server.requests.count == 2)
        let last = try JSONValue.parse(server.requests[1].bodyString())
        #expect(last["model"]?.stringValue == "claude-sonnet-5-5")
        #expect(last["tool_choice"] == ["type": "none"] && last["tools"] != nil)
        let verify = try await runAgent(["replay", try onlyTranscript(home), "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func thinkingIsSentBackRecordedAndReplayed() async throws {
        let server = try FakeAnthropicServer(script: [.thinking("", then: .toolUses([note], text: "Noting.")), .text("Paris.")])
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--no-web", "--home", home], environment: anthropicEnv(server))
        #expect(result.status == 0, "\(result.stderr)")
        let file = try TranscriptFile(path: try onlyTranscript(home))
        let text = try String(contentsOfFile: try onlyTranscript(home), encoding: .utf8)
        #expect(text.contains(#""thinking":[{"signature":"#))
        #expect(file.requests.count == 2)
        let verify = try await runAgent(["replay", try onlyTranscript(home), "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aLongerRunWithThinkingKeepsEveryPrefixAsItWas() async throws {
        // Notes that change between steps would move at the tail of each request and so
        // change what stood before the next thinking block: the prefix check refuses that.
        let again = ScriptedToolCall(id: "toolu_02", name: "scratchpad", arguments: #"{"op":"write","key":"plan","value":"answer now"}"#)
        let server = try FakeAnthropicServer(script: [
            .thinking("", then: .toolUses([note])), .thinking("", then: .toolUses([again])), .thinking("", then: .text("Paris.")),
        ])
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--no-web", "--home", home], environment: anthropicEnv(server))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(server.requests.count == 3)
        let verify = try await runAgent(["replay", try onlyTranscript(home), "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aRetiredModelEndsInOneLineThatNamesCurrentOnes() async throws {
        let server = try FakeAnthropicServer(script: [.text("never sent")])
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--model", "claude-sonnet-4-5", "--no-web", "--home", freshHome()],
            environment: anthropicEnv(server))
        #expect(result.status == 1)
        #expect(result.stderr.contains("retired on 2026-11-30") && result.stderr.contains("claude-sonnet-5-5"), "\(result.stderr)")
        #expect(!result.stderr.contains("Backtrace"))
    }

    @Test func temperatureIsNotSentToAModelThatRefusesIt() async throws {
        let server = try FakeAnthropicServer(script: [.text("Paris."), .text("Lyon.")])
        let home = freshHome()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try "temperature = 0.2\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--no-web", "--home", home], environment: anthropicEnv(server))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("temperature is not sent: claude-sonnet-5-5 accepts only its default"))
        try #require(server.requests.count == 1)
        #expect(try JSONValue.parse(server.requests[0].bodyString())["temperature"] == nil)
        let haiku = try await runAgent(
            ["investigate", "Capital of France?", "--model", "claude-haiku-4-5", "--no-web", "--home", home],
            environment: anthropicEnv(server))
        #expect(haiku.status == 0, "\(haiku.stderr)")
        try #require(server.requests.count == 2)
        #expect(try JSONValue.parse(server.requests[1].bodyString())["temperature"]?.doubleValue == 0.2)
    }

    @Test func aReasoningModelsReplyCapLeavesRoomForItsAnswer() async throws {
        let server = try FakeOpenAIServer(script: [.reasoning(tokens: 5_000, then: .text("Paris."))])
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "gpt-5.6-luna"]
        let result = try await runAgent(["investigate", "Capital of France?", "--no-web", "--home", freshHome()], environment: env)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        try #require(server.requests.count == 1)
        let body = try JSONValue.parse(server.requests[0].bodyString())
        #expect(body["max_completion_tokens"]?.intValue == 16_384 && body["temperature"] == nil)
    }

    @Test func aDollarBudgetStillCapsAReasoningModelsReply() async throws {
        let server = try FakeOpenAIServer(script: [.text("Paris.")])
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "gpt-5.6-luna"]
        let result = try await runAgent(
            ["investigate", "Capital of France?", "--no-web", "--max-cost", "0.005", "--home", freshHome()], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        // $0.005 at $1.20 per million output tokens, less the prompt, is under 4,200 tokens.
        try #require(server.requests.count == 1)
        let cap = try #require(try JSONValue.parse(server.requests[0].bodyString())["max_completion_tokens"]?.intValue)
        #expect(cap > 0 && cap < 4_200)
    }

    @Test func theWindowIsThePromptLimitNotTheTotal() async throws {
        let server = try FakeOpenAIServer(script: [.text("Paris.")])
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "gpt-5.1"]
        let home = freshHome()
        _ = try await runAgent(["investigate", "Capital of France?", "--no-web", "--home", home], environment: env)
        let start = try #require(try TranscriptFile(path: try onlyTranscript(home)).events.first)
        guard case .runStart(let run) = start.payload else { Issue.record("no run.start"); return }
        // 400,000 tokens in all, of which at most 272,000 of prompt: the window leaves room
        // for the prompt and one reply.
        #expect(run.config.contextWindowTokens == 272_000 + run.config.maxOutputTokensPerCall)
        #expect(run.config.price?.input == 1.25)
    }

    @Test func transcriptsRecordedBeforeTheLastStepKeptItsToolsReplayIdentical() async throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        for name in ["anthropic-last-step-before-tool-choice.jsonl", "openai-last-step-before-tool-choice.jsonl"] {
            let path = fixtures.appendingPathComponent(name).path
            let verify = try await runAgent(["replay", path, "--verify", "--home", freshHome()])
            #expect(verify.status == 0, "\(name): \(verify.stdout)\(verify.stderr)")
            #expect(verify.stdout.hasPrefix("identical: all 2 requests match"), "\(name)")
            // Their last step offered no tools, as the code of that day sent it.
            let file = try TranscriptFile(path: path)
            #expect(file.requests.last?.body["tools"] == nil)
        }
    }

    @Test func doctorWarnsOfARetirement() async throws {
        let server = try FakeOpenAIServer(script: [.text("pong")])
        let env = ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL, "RESEARCH_AGENT_MODEL": "gpt-5-mini"]
        let result = try await runAgent(["doctor", "--home", freshHome()], environment: env)
        #expect(
            result.stdout.contains("retirement") && result.stdout.contains("2026-12-11") && result.stdout.contains("gpt-5.6-luna"),
            "\(result.stdout)")
        // The fake lists no gpt-5-mini: doctor says so.
        #expect(result.stdout.contains("no: the provider's list of models has no gpt-5-mini"), "\(result.stdout)")
    }

    @Test func doctorChecksTheModelAgainstTheProvidersList() async throws {
        let server = try FakeAnthropicServer(script: [])
        for (model, listed) in [(nil, true), ("claude-haiku-4-5", true), ("claude-nonexistent-9", false)] {
            var env = anthropicEnv(server)
            env["RESEARCH_AGENT_MODEL"] = model
            let result = try await runAgent(["doctor", "--home", freshHome()], environment: env)
            #expect(result.stdout.contains("reachable          ok"), "\(result.stdout)")
            let line = result.stdout.split(separator: "\n").first { $0.contains("model listed") }.map(String.init) ?? ""
            #expect(line.hasSuffix("ok") == listed, "\(model ?? "default"): \(line)")
        }
        // The list is asked for with the key, as the API wants.
        #expect(server.requests.allSatisfy { $0.route == "/v1/models" && $0.header("x-api-key") == "sk-ant-test" })
    }
}
