import AgentCore
import Foundation
import GRDB
import Retrieval

/// Hybrid latency at the corpus's full size when its real vectors are not built: a copy of
/// the index gets a random unit vector per chunk. The fusion, the exact scan over every
/// chunk and the rendering cost the same as with real vectors; which results come back
/// does not, so no quality figure is reported for it.
enum SyntheticHybrid {
    static let model = "synthetic-384"

    static func measure(copying path: String, rounds: Int) async throws -> [String: Any] {
        let copy = NSTemporaryDirectory() + "bench-websearch-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) } }
        let database = try AgentDatabase(path: copy)
        let index = DocumentIndex(database: database, collection: WikipediaSummaries.collection)
        let ids = try await database.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM chunks ORDER BY id") }
        var seed: UInt64 = 42
        try index.storeVectors(model: model, ids.map { ($0, randomUnit(384, seed: &seed)) })
        let vectors = Dictionary(WebSearchBench.questions.map { ($0.0, randomUnit(384, seed: &seed)) }, uniquingKeysWith: { a, _ in a })
        let search = DocumentSearch(index: index, embedder: WebSearchBench.Precomputed(model: model, dimensions: 384, vectors: vectors))
        let load = ContinuousClock.now
        _ = try await search.search(WebSearchBench.questions[0].0, k: 5)
        var result = try await WebSearchBench.measure(search, rounds: rounds)
        result["answer_in_top5"] = nil
        result["vector_load_ms"] = WebSearchBench.milliseconds(since: load)
        result["vectors"] = ids.count
        return result
    }

    /// A random unit vector from a SplitMix64 stream, so runs are repeatable.
    static func randomUnit(_ dimensions: Int, seed: inout UInt64) -> [Float] {
        var v = [Float](repeating: 0, count: dimensions)
        for i in 0..<dimensions {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            v[i] = Float(Double(z ^ (z >> 31)) / Double(UInt64.max)) - 0.5
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}
