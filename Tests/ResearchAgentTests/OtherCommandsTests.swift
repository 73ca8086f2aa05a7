import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

@Suite(.serialized) struct OtherCommandsTests {
    @Test func killedRunLeavesAReadableTranscript() async throws {
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "scratchpad", arguments: #"{"op":"write","key":"k","value":"v"}"#)]),
            .stallBeforeFirstByte(milliseconds: 60_000, then: .text("late")),
        ])
        let home = freshHome()
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"]
        let result = try await runAgent(
            ["investigate", "q", "--home", home], environment: env, interruptWhen: requestsRecorded(2, home: home), signal: SIGKILL)
        #expect(result.status == SIGKILL)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let file = try TranscriptFile(path: home + "/transcripts/" + name)
        // Every completed event is there: the first step, its tool call, the second request.
        #expect(file.end == nil)
        #expect(file.requests.count == 2)
        #expect(file.events.map(\.type).contains("scratchpad"))
    }

    @Test func doctorChecksTheProviderForReal() async throws {
        let server = try FakeOpenAIServer(script: [], models: ["m"])
        let ok = try await runAgent(
            ["doctor", "--home", freshHome()], environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("selected           openai · m · \(server.baseURL)"))
        #expect(ok.stdout.contains("reachable          ok"))
        #expect(server.requests.first?.path == "/v1/models")

        let down = try await runAgent(
            ["doctor", "--home", freshHome()], environment: ["OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_MODEL": "m"])
        #expect(down.status == 1)
        #expect(down.stdout.contains("could not connect"))
        let none = try await runAgent(["doctor", "--home", freshHome()])
        #expect(none.status == 1 && none.stdout.contains("missing: no model provider configured"))
    }

    @Test func toolsRunAndList() async throws {
        let home = freshHome()
        let run = try await runAgent(["tools", "run", "scratchpad", #"{"op":"write","key":"a","value":"b"}"#, "--home", home])
        #expect(run.status == 0 && run.stdout == "Saved note 'a'.\n")
        let bad = try await runAgent(["tools", "run", "scratchpad", #"{"op":"fly"}"#, "--home", home])
        #expect(bad.status == 2 && bad.stderr.contains("arguments.op: must be one of"))
        let unknown = try await runAgent(["tools", "run", "telepathy", "{}", "--home", home])
        #expect(unknown.status == 2 && unknown.stderr.contains("no tool named 'telepathy'"))
        let list = try await runAgent(["tools", "list", "--json", "--home", home])
        let manifests = try JSONValue.parse(list.stdout)
        #expect(manifests.arrayValue?.first?["name"] == "scratchpad")
        let plain = try await runAgent(["tools", "list", "--home", home])
        #expect(plain.stdout.contains("run_code     disabled  (until allowed: --allow-code or allow_code = true) Run a short"))
        // config.toml is read as a run reads it: allow_code offers run_code, and errors are refused.
        try "allow_code = true\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        #expect(try await runAgent(["tools", "list", "--home", home]).stdout.contains("run_code     enabled   Run a short"))
        try "allow_codez = true\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let typo = try await runAgent(["tools", "list", "--home", home])
        #expect(typo.status == 2 && typo.stderr.contains("unknown key 'allow_codez'"))
    }

    @Test func verifyReportsTheDivergingStep() async throws {
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "c1", name: "scratchpad", arguments: #"{"op":"write","key":"k","value":"v"}"#)]),
            .text("done"),
        ])
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "q", "--home", home], environment: ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "m"])
        #expect(result.status == 0)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let path = home + "/transcripts/" + name
        // A model that had answered differently: the scratchpad (applied by the loop
        // itself, so replayed for real) and the second request must differ.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            line.contains(#""type":"llm.response""#)
                ? line.replacingOccurrences(of: #"\"value\":\"v\""#, with: #"\"value\":\"changed\""#) : String(line)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let verify = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("diverged at step 2: recorded sha256 "))
        #expect(verify.stdout.contains("changed"))
        #expect(!verify.stderr.contains("differs from the one the run recorded"))
        #expect(!verify.stderr.contains("settings this build does not have"))

        // A tool whose schema changed since the run is named before the verdict.
        try FileManager.default.createDirectory(atPath: home + "/tools", withIntermediateDirectories: true)
        try #"{"name": "scratchpad", "description": "Notes, described another way."}"#.write(
            toFile: home + "/tools/scratchpad.json", atomically: true, encoding: .utf8)
        let changed = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("replay: the schema of scratchpad differs from the one the run recorded"), "\(changed.stderr)")

        // Settings another version recorded (a field this build never writes, a value it
        // does not write) are named too, rather than left to explain the divergence.
        let other = lines.map {
            $0.replacingOccurrences(of: #""config":{"#, with: #""config":{"second_search":"advised","turn_grammar":"gbnf-2","#)
        }
        try (other.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let older = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(older.status == 1)
        #expect(
            older.stderr.contains(
                #"replay: the run used settings this build does not have (second_search "advised", turn_grammar "gbnf-2"): another version recorded it"#
            ),
            "\(older.stderr)")
    }
}
