import AgentCore
import AgentTesting
import LLM
import Testing
import Tools

/// The grammars of every built-in tool together, which no single run offers, on the real
/// llama.cpp server with the smallest model: the server accepts each kind of turn's
/// grammar (a grammar it cannot parse fails the call), and a turn it constrains to the
/// end parses.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct TurnGrammarServerTests {
    @Test func theServerAcceptsEveryToolsGrammar() async throws {
        let path = try RealLocalModel.model(LocalInstall.testModel).get()
        let install = RealLocalModel.install
        let server = LocalServer(
            launch: .init(binary: install.server, model: path, stateDirectory: install.cache), client: client, logger: quietLogger)
        defer { server.stop() }
        let model = LocalModel(model: LocalInstall.testModel, server: server, client: client, logger: quietLogger)
        let tools = BuiltinTools.manifests.map(\.schema)
        let system = SystemPrompt.text(format: .react, tools: tools, date: "2026-12-06", examples: false)
        let task = "Question: How tall is Mount Everest? Sources so far: [1] Mount Everest, [2] Himalayas."
        for kind in [TurnGrammar.Turn.callOrAnswer, .answer, .citedAnswer(sources: [1, 2]), .callOrCitedAnswer(sources: [1, 2])] {
            let request = ModelRequest(
                system: system, messages: [.user(task)], tools: [], maxOutputTokens: 400, stop: ["\nObservation:"],
                grammar: TurnGrammar.gbnf(tools: tools, turn: kind))
            let turn = try await model.respond(to: request, body: model.body(for: request))
            // A 135M-parameter model may write to the reply cap; what it finished must parse.
            guard turn.finishReason == "stop" else { continue }
            switch ReActParser().parse(turn.text) {
            case .action(_, let tool, let input):
                #expect(kind.allowsCalls, "\(turn.text)")
                #expect(BuiltinTools.names.contains(tool), "\(turn.text)")
                // Bounds the grammar leaves to the validator (a number's range) may be off.
                #expect(try JSONValue.parse(input).objectValue != nil, "\(turn.text)")
            case .finalAnswer(_, let answer):
                if kind.cited != nil { #expect(!Citations.numbers(in: answer).isEmpty, "\(turn.text)") }
            case .unparseable(let reason):
                Issue.record("\(kind): \(reason): \(turn.text)")
            }
        }
    }
}
