import AgentCore
import AgentTesting
import Foundation
import LLM
import Testing
import Transcript

/// A real investigation on the real llama.cpp server with the smallest model: the
/// transcript must be complete and valid, and replay must reproduce its requests. The
/// answer's quality is not judged (a 135M-parameter model invents freely).
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct RealLocalModelTests {
    @Test func investigatesWithTheRealServer() async throws {
        _ = try RealLocalModel.model(LocalInstall.testModel).get()
        let home = freshHome()
        let result = try await runAgent(
            ["investigate", "What is the capital of France?", "--model", LocalInstall.testModel, "--max-steps", "3", "--home", home],
            environment: ["RESEARCH_AGENT_CACHE": RealLocalModel.cache])
        #expect([0, 3].contains(result.status), "\(result.stdout)\(result.stderr)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let path = home + "/transcripts/" + name
        let file = try TranscriptFile(path: path)
        #expect(!file.tornLastLine)
        #expect(file.start?.config.provider == "local")
        #expect(file.end != nil)
        let responses = file.events.filter { $0.type == "llm.response" }
        #expect(!responses.isEmpty && responses.count == file.requests.count)
        // Every turn was constrained by the grammar, which the server accepted, and every
        // turn generated under it parses: a call of a tool the run has, or an answer.
        #expect(file.start?.config.turnGrammar == true)
        #expect(file.requests.allSatisfy { $0.body["grammar"]?.stringValue?.hasPrefix("root ::= ") == true })
        let tools = Set(file.start?.tools.map(\.name) ?? [])
        for event in responses {
            guard case .llmResponse(let r) = event.payload else { continue }
            #expect(r.turn.usage.input > 0 && r.turn.usage.output > 0)
            // A turn cut off by the reply cap may stop anywhere in the grammar.
            guard r.turn.finishReason == "stop" else { continue }
            switch ReActParser().parse(r.turn.text) {
            case .action(_, let tool, let input):
                #expect(tools.contains(tool), "\(r.turn.text)")
                #expect(try JSONValue.parse(input).objectValue != nil, "\(r.turn.text)")
            case .finalAnswer: break
            case .unparseable(let reason): Issue.record("\(reason): \(r.turn.text)")
            }
        }
        let verify = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)")
    }
}
