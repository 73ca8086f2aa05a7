import AgentCore
import AgentTesting
import Foundation
import LLM
import Testing

/// The local embedder must be all-MiniLM-L6-v2: cosine >= 0.999 with the reference
/// embeddings computed by the original model, for each of the fixture's sentences.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct LocalEmbeddingGoldenTests {
    @Test func matchesTheReferenceEmbeddings() async throws {
        let file = try RealLocalModel.model(LocalInstall.embeddingModel).get()
        let fixture = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minilm-reference.json")))
        let cases = try #require(fixture["cases"]?.arrayValue)
        let install = RealLocalModel.install
        let server = LocalServer(
            launch: .init(binary: install.server, model: file, contextTokens: 512, embedding: true, stateDirectory: install.cache),
            client: client, logger: quietLogger)
        defer { server.stop() }
        let embedder = OpenAIEmbedder(model: LocalInstall.embeddingModel, dimensions: 384, apiKey: nil, client: client) {
            try await server.baseURL() + "/v1"
        }
        let texts = cases.compactMap { $0["text"]?.stringValue }
        let vectors = try await embedder.embed(texts)
        for (i, c) in cases.enumerated() {
            let reference = (c["embedding"]?.arrayValue ?? []).compactMap { $0.doubleValue }
            let cosine = zip(vectors[i], reference).reduce(0.0) { $0 + Double($1.0) * $1.1 }
            #expect(cosine >= 0.999, "sentence \(i): cosine \(cosine) for \"\(texts[i])\"")
        }
    }
}
