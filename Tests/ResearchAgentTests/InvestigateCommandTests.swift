import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

@Suite(.serialized) struct InvestigateCommandTests {
    let key = "sk-e2e-secret-0123456789"

    func env(_ server: FakeOpenAIServer) -> [String: String] {
        ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": key, "OPENAI_MODEL": "fake-model"]
    }

    func transcripts(in home: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").filter { $0.hasSuffix(".jsonl") }.map {
            home + "/transcripts/" + $0
        }
    }

    @Test func answersWithStepsSourcesAndATranscript() async throws {
        let server = try FakeOpenAIServer(script: [
            .toolCalls(
                [ScriptedToolCall(id: "call_1", name: "scratchpad", arguments: #"{"op":"write","key":"plan","value":"add two and two"}"#)],
                text: "Let me note the plan."),
            .text("2 + 2 = 4."),
        ])
        let home = freshHome()
        let result = try await runAgent(["investigate", "What is 2+2?", "--home", home], environment: env(server))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Step 1"))
        #expect(result.stdout.contains("→ scratchpad {\"key\":\"plan\""))
        #expect(result.stdout.contains("Answer\n2 + 2 = 4."))
        #expect(result.stderr.contains("transcript: \(home)/transcripts/"))
        #expect(server.requests.count == 2)
        #expect(server.requests[0].header("Authorization") == "Bearer \(key)")

        let files = try transcripts(in: home)
        #expect(files.count == 1)
        let text = try String(contentsOfFile: files[0], encoding: .utf8)
        #expect(!text.contains(key))
        let file = try TranscriptFile(path: files[0])
        #expect(file.events.first?.type == "run.start" && file.end?.status == .answered)
        #expect(file.requests.count == 2)
        // The bytes the server received are the canonical body the transcript holds.
        #expect(server.requests[1].bodyString() == file.requests[1].body.canonicalText)

        let verify = try await runAgent(["replay", files[0], "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("identical: all 2 requests match"))
        let show = try await runAgent(["replay", files[0], "--home", home])
        #expect(show.status == 0 && show.stdout.contains("2 + 2 = 4."))
    }

    @Test func jsonPrintsTranscriptLines() async throws {
        // A reply that echoes the key: neither the file nor --json may show it.
        let server = try FakeOpenAIServer(script: [.text("Four. (key \(key))")])
        let result = try await runAgent(["investigate", "2+2?", "--json", "--home", freshHome()], environment: env(server))
        #expect(result.status == 0)
        #expect(!result.stdout.contains(key) && result.stdout.contains("[REDACTED]"))
        let types = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0))["type"]?.stringValue ?? "" }
        // The answered run saves its question and answer as a memory before run.end.
        #expect(types == ["run.start", "llm.request", "llm.response", "budget", "memory.write", "run.end"])
    }

    @Test func stepBudgetExitsThree() async throws {
        let call = ScriptedToolCall(id: "c", name: "scratchpad", arguments: #"{"op":"read"}"#)
        let server = try FakeOpenAIServer(script: [.toolCalls([call]), .toolCalls([call])])
        let home = freshHome()
        let result = try await runAgent(["investigate", "loop?", "--max-steps", "2", "--home", home], environment: env(server))
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Stopped without a final answer: step budget of 2 used up"))
        // The last step keeps the tools and forbids their use.
        let first = try JSONValue.parse(server.requests[0].bodyString())
        let last = try JSONValue.parse(server.requests[1].bodyString())
        #expect(last["tools"] != nil && last["tools"] == first["tools"])
        #expect(first["tool_choice"]?.stringValue == "auto" && last["tool_choice"]?.stringValue == "none")
    }

    @Test func ctrlCCancelsAndKeepsTheTranscript() async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 60_000, then: .text("late"))])
        let home = freshHome()
        let started = Date()
        let result = try await runAgent(
            ["investigate", "slow?", "--home", home], environment: env(server), interruptWhen: requestsRecorded(1, home: home))
        #expect(result.status == 4, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)  // well before the server's minute
        let file = try TranscriptFile(path: try transcripts(in: home)[0])
        #expect(file.end?.status == .cancelled)
    }

    /// SIGTERM (timeout, systemd, a pod's eviction) and SIGHUP (a closed terminal) end the run as Ctrl-C does.
    @Test(arguments: [SIGTERM, SIGHUP]) func aStopSignalCancelsAndKeepsTheTranscript(signal: Int32) async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 60_000, then: .text("late"))])
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "slow?", "--home", home], environment: env(server), interruptWhen: requestsRecorded(1, home: home),
            signal: signal)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("research-agent: asked to stop; cancelling"), "\(result.stderr)")
        #expect(result.stderr.contains("transcript: "))
        let file = try TranscriptFile(path: try transcripts(in: home)[0])
        #expect(file.end?.status == .cancelled)
    }

    @Test func usageAndSetupErrorsAreOneLine() async throws {
        let noProvider = try await runAgent(["investigate", "x", "--home", freshHome()])
        #expect(noProvider.status == 1)
        #expect(noProvider.stderr.split(separator: "\n").count == 1)
        #expect(noProvider.stderr.contains("set ANTHROPIC_API_KEY, OPENAI_API_KEY, or OPENAI_BASE_URL"))

        let badFlag = try await runAgent(["investigate", "x", "--max-steps", "zero"])
        #expect(badFlag.status == 2 && badFlag.stderr.split(separator: "\n").count == 1)

        let unknownPrice = try await runAgent(
            ["investigate", "x", "--max-cost", "1", "--home", freshHome()],
            environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "mystery-7b"])
        #expect(unknownPrice.status == 2)
        #expect(unknownPrice.stderr.contains("[prices.\"mystery-7b\"]"))

        let unreachable = try await runAgent(
            ["investigate", "x", "--home", freshHome()], environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "m"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stdout.contains("could not connect"))
        #expect(unreachable.stderr.split(separator: "\n").count == 1, "\(unreachable.stderr)")
        #expect(unreachable.stderr.hasPrefix("research-agent: openai: POST 127.0.0.1:9: could not connect"))
        #expect(unreachable.stderr.contains("(transcript: "))

        let typo = try await runAgent(["investigate", "x", "--docs", "/nonexistent-notes", "--home", freshHome()])
        #expect(typo.status == 2)
        #expect(
            typo.stderr
                == "research-agent: /nonexistent-notes: no such file or folder; check the path (see 'research-agent investigate --help')\n")

        let missing = try await runAgent(["replay", "/nonexistent.jsonl"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("research-agent: no transcript at /nonexistent.jsonl"))
    }

    @Test func aSlowModelCannotOutlastTheTimeBudget() async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 60_000, then: .text("late"))])
        let home = freshHome()
        let started = ContinuousClock.now
        let result = try await runAgent(
            ["investigate", "x", "--max-time", "2", "--home", home], environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(ContinuousClock.now - started < .seconds(30))  // the server would stall for 60 s
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("time budget of 2 s used up while waiting for the model"))
        let transcript = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first)
        let verify = try await runAgent(["replay", home + "/transcripts/" + transcript, "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func configFileErrorsNameTheKey() async throws {
        let home = freshHome()
        try "provider = \"openai\"\nmax_stepz = 3\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try await runAgent(["investigate", "x", "--home", home], environment: ["OPENAI_API_KEY": "k"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("config.toml: unknown key 'max_stepz'"))
        // A value out of range names the key the file holds, not a flag the user never gave.
        for (text, message) in [
            ("[budgets]\nmax_seconds = 1e99\n", "config.toml: 'budgets.max_seconds' must be a positive number of seconds up to 31536000"),
            ("[budgets]\nmax_cost_usd = 0\n", "config.toml: 'budgets.max_cost_usd' must be a positive number of dollars (got 0.0)"),
            (
                "[mcp.servers.x]\ncommand = \"x\"\ntimeout_s = -1\n",
                "config.toml: 'mcp.servers.x.timeout_s' must be above 0 and at most 86400"
            ),
        ] {
            try text.write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
            let bad = try await runAgent(["investigate", "x", "--home", home], environment: ["OPENAI_API_KEY": "k"])
            #expect(bad.status == 2 && bad.stderr.contains(message), "\(text): \(bad.stderr)")
        }
    }

    @Test func questionFromStandardInput() async throws {
        let server = try FakeOpenAIServer(script: [.text("Yes.")])
        let result = try await runAgent(["investigate", "--home", freshHome()], environment: env(server), stdin: "Is the sky blue?\n")
        #expect(result.status == 0)
        let body = try JSONValue.parse(server.requests[0].bodyString())
        #expect(body["messages"]?.arrayValue?[1]["content"] == "Question: Is the sky blue?")
    }
}
