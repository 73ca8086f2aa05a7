import AgentCore
import AgentTesting
import Foundation
import LLM
import Testing
import Transcript

@Suite(.serialized) struct LocalProviderCommandTests {
    @Test func noKeyUsesTheLocalModelInReActFormat() async throws {
        let cache = try FakeLocalInstall.make()
        let home = freshHome()
        let result = try await runAgent(["investigate", "What is 2+2?", "--home", home], environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("local/qwen2.5-coder-1.5b-instruct-q4_k_m"))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first)
        let file = try TranscriptFile(path: home + "/transcripts/" + name)
        #expect(file.start?.config.toolFormat == .react)
        // Cited answers by default; an opening search only when config.toml asks for one.
        #expect(file.start?.config.citedAnswers == true && file.start?.config.openingSearch == nil)
        #expect(file.end?.answer.hasPrefix("pid") == true)
        #expect(file.end?.totals.costUSD == 0)
        // The server was stopped with the run.
        let pid = try #require(file.end?.answer.split(separator: " ").last.flatMap { Int32($0) })
        #expect(!FakeLocalInstall.alive(pid))
    }

    /// With `opening_search` in config.toml, the run opens with a search of the user's
    /// documents for the question itself, shows it as a step 0 of its own, and replays to
    /// the same requests.
    @Test func aLocalRunOpensWithASearchOfTheDocuments() async throws {
        let cache = try FakeLocalInstall.make()
        let folder = TestDirectory.path("notes")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# Garden\n\n## Tomatoes\n\nTomato plants want six hours of direct sun.\n".write(
            toFile: folder + "/garden.md", atomically: true, encoding: .utf8)
        let home = freshHome()
        try "opening_search = 2\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let run = try await runAgent(
            [
                "investigate", "How much sun do tomatoes need?", "--docs", folder, "--no-web", "--no-memory", "--embedder", "none",
                "--home", home,
            ],
            environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Opening search: the question as the query"), "\(run.stdout)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first)
        let path = home + "/transcripts/" + name
        let file = try TranscriptFile(path: path)
        #expect(file.start?.config.openingSearch == OpeningSearch(tool: "search_docs", results: 2))
        guard case .toolCall(let call) = file.events[1].payload, case .toolResult(let result) = file.events[2].payload else {
            Issue.record("\(file.events.map(\.type))")
            return
        }
        #expect(call.step == 0 && call.name == "search_docs" && call.arguments == ["k": 2, "query": "How much sun do tomatoes need?"])
        #expect(result.output.contains("Tomato plants want six hours of direct sun."))
        let request = try #require(file.requests.first)
        #expect(request.step == 1 && request.body.canonicalText.contains("six hours of direct sun"))
        // Two requests: the answer cites the passage (as the grammar asks), so it is read
        // again in a request that holds only that passage and the question.
        #expect(file.requests.count == 2 && file.start?.config.rereadAnswers == true)
        let reread = try #require(file.requests.last?.body["messages"]?.arrayValue?.last?["content"]?.stringValue)
        #expect(reread.hasPrefix("Answer the question from these sources") && reread.contains("six hours of direct sun"))
        #expect(reread.hasSuffix("\n</data>\n\nQuestion: How much sun do tomatoes need?"), "\(reread)")
        #expect(
            run.stdout.contains("[1]") && run.stdout.contains("\nReading the answer again from the sources alone\nStep 2 "), "\(run.stdout)"
        )
        let verify = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical: all 2 requests match"), "\(verify.stdout)\(verify.stderr)")
        // --diff shows the opening search as step 0; --step explains where to find it.
        let diff = try await runAgent(["replay", path, "--diff", path, "--home", home])
        #expect(diff.stdout.contains("\n0     search_docs {\"k\":2,\"query\":\"How much sun"), "\(diff.stdout)")
        let zero = try await runAgent(["replay", path, "--step", "0", "--home", home])
        #expect(zero.status == 2 && zero.stderr.contains("--step 1 shows its call and result"), "\(zero.stderr)")
    }

    @Test func aDollarBudgetHoldsAndDoctorStartsTheServer() async throws {
        let cache = try FakeLocalInstall.make()
        let environment = ["RESEARCH_AGENT_CACHE": cache]
        // The local model is free, so --max-cost needs no price in config.toml.
        let run = try await runAgent(["investigate", "What is 2+2?", "--max-cost", "0.2", "--home", freshHome()], environment: environment)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let doctor = try await runAgent(["doctor", "--home", freshHome()], environment: environment)
        #expect(doctor.stdout.contains("price              $0.0 in / $0.0 out per million tokens"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("reachable          ok"), "\(doctor.stdout)")

        // A server that cannot start is reported, not assumed to work.
        let server = LocalInstall(environment: environment).server
        try FileManager.default.removeItem(atPath: server)
        try TestDirectory.writeExecutable("#!/bin/sh\necho 'error: model is corrupt' >&2\nexit 1\n", to: server)
        let broken = try await runAgent(["doctor", "--home", freshHome()], environment: environment)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("llama-server exited while starting: error: model is corrupt"), "\(broken.stdout)")
    }

    @Test func aKilledAgentLeavesNoServerBehind() async throws {
        let cache = try FakeLocalInstall.make()
        let home = freshHome()
        let started: @Sendable () -> Bool = { FakeLocalInstall.serverPID(cache: cache) != nil && requestsRecorded(1, home: home)() }
        let result = try await runAgent(
            ["investigate", "q", "--home", home], environment: ["RESEARCH_AGENT_CACHE": cache, "FAKE_LLAMA_STALL": "1"],
            interruptWhen: started, signal: SIGKILL)
        #expect(result.status == SIGKILL)
        let pid = try #require(FakeLocalInstall.serverPID(cache: cache))
        let deadline = Date().addingTimeInterval(5)
        while FakeLocalInstall.alive(pid) && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!FakeLocalInstall.alive(pid))
    }
}
