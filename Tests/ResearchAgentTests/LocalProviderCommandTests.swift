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
        #expect(file.end?.answer.hasPrefix("pid") == true)
        #expect(file.end?.totals.costUSD == 0)
        // The server was stopped with the run.
        let pid = try #require(file.end?.answer.split(separator: " ").last.flatMap { Int32($0) })
        #expect(!FakeLocalInstall.alive(pid))
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
