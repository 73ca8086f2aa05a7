import AgentCore
import AgentTesting
import Foundation
import LLM
import Testing

/// The local embedder must be all-MiniLM-L6-v2: cosine >= 0.999 with the reference
/// embeddings computed by the original model, for each of the fixture's sentences.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct LocalEmbeddingGoldenTests {
    @Test func matchesTheReferenceEmbeddings() async throws {
        _ = try RealLocalModel.model(LocalInstall.embeddingModel).get()
        let fixture = try JSONValue.parse(
            try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                    "Fixtures/minilm-reference.json")))
        let cases = try #require(fixture["cases"]?.arrayValue)
        let choice = try EmbedderChoice.choose(embedder: "local", model: nil, environment: ["RESEARCH_AGENT_CACHE": RealLocalModel.cache])
        let embedder = try #require(
            choice.makeEmbedder(client: client, logger: quietLogger, environment: ["RESEARCH_AGENT_CACHE": RealLocalModel.cache])
                as? LocalEmbedder)
        defer { embedder.stop() }
        let texts = cases.compactMap { $0["text"]?.stringValue }
        let vectors = try await embedder.embed(texts)
        for (i, c) in cases.enumerated() {
            let reference = (c["embedding"]?.arrayValue ?? []).compactMap { $0.doubleValue }
            let cosine = zip(vectors[i], reference).reduce(0.0) { $0 + Double($1.0) * $1.1 }
            #expect(cosine >= 0.999, "sentence \(i): cosine \(cosine) for \"\(texts[i])\"")
        }
        // Past 256 word pieces the model reads no further: a long text embeds like its
        // beginning (the server alone would answer HTTP 500 past its 512-token batch).
        let long = Array(repeating: texts[0], count: 60).joined(separator: " ")
        let beginning = Array(repeating: texts[0], count: 30).joined(separator: " ")
        let pair = try await embedder.embed([long, beginning])
        let same = zip(pair[0], pair[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(same > 0.999, "cosine \(same)")
    }
}
