import AgentCore
import Foundation
import GRDB
import Retrieval

/// `bench-retrieval latency [--dir DIR] [--rounds N]`: warm query latency at 100k chunks
/// (synthetic vectors, as in `corpus`) of bm25, vector and hybrid, with hybrid under each
/// fusion, rounds interleaved so every variant shares the machine's state. References:
/// hybrid with rank fusion (the fusion before convex fusion replaced it), and BM25's query
/// as it was before FTS5 ranked ahead of the joins (every matching row joined, then
/// sorted), timed against `searchBM25` itself.
enum FusionLatencyBench {
    static func run(_ arguments: [String]) async throws {
        var dir = ".build/retrieval-quality"
        var rounds = 5
        var out = "bench/results/retrieval-latency.json"
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--dir": dir = it.next() ?? dir
            case "--rounds": rounds = Int(it.next() ?? "") ?? rounds
            case "--out": out = it.next() ?? out
            default: throw BenchError("unknown argument \(a); see docs/BENCHMARKS.md")
            }
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/big.sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            CorpusBench.log("building a 100k-chunk index with synthetic vectors...")
            let big = DocumentIndex(database: try AgentDatabase(path: path + ".part"))
            try QueryBench.fillSynthetic(
                big, corpus: try WikiCorpus.load(WikiCorpus.installed), chunks: 100_000, model: "synthetic-384", dimensions: 384)
            try FileManager.default.moveItem(atPath: path + ".part", toPath: path)
        }
        let index = DocumentIndex(database: try AgentDatabase(path: path))
        let queries = QueryBench.questions.map(\.0)
        var seed: UInt64 = 42
        let vectors = Dictionary(queries.map { ($0, QueryBench.randomUnit(384, seed: &seed)) }, uniquingKeysWith: { a, _ in a })
        let embedder = QueryBench.Precomputed(model: "synthetic-384", dimensions: 384, vectors: vectors)
        let variants: [(name: String, mode: SearchMode, search: DocumentSearch)] = [
            ("bm25", .bm25, DocumentSearch(index: index, embedder: embedder)),
            ("vector", .vector, DocumentSearch(index: index, embedder: embedder)),
            (
                "hybrid_rank_fusion", .hybrid,
                DocumentSearch(index: index, embedder: embedder, tuning: .init(fusion: .reciprocalRank(k: 60)))
            ),
            ("hybrid", .hybrid, DocumentSearch(index: index, embedder: embedder)),
        ]
        for v in variants { _ = try await v.search.search(queries[0], k: 10, mode: v.mode) }  // warm: vectors loaded
        var samples: [String: [Double]] = [:]
        for _ in 0..<rounds {
            for q in queries {
                guard let match = FTSQuery.match(q) else { continue }
                samples["bm25_joined_first", default: []].append(
                    try await IngestBench.timed {
                        _ = try index.database.pool.read { db in
                            try Row.fetchAll(
                                db,
                                sql: """
                                    SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title,
                                           bm25(chunks_fts, 2.0, 1.0) AS score
                                    FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
                                    WHERE chunks_fts MATCH ? AND d.collection = ? ORDER BY score, c.id LIMIT 10
                                    """, arguments: [match, index.collection])
                        }
                    } * 1000)
                samples["bm25_ranked_first", default: []].append(try await IngestBench.timed { _ = try index.searchBM25(q, k: 10) } * 1000)
            }
            for v in variants {
                for q in queries {
                    samples[v.name, default: []].append(
                        try await IngestBench.timed { _ = try await v.search.search(q, k: 10, mode: v.mode) } * 1000)
                }
            }
        }
        var result: [String: Any] = ["chunks": try index.stats().chunks, "loadavg": CorpusBench.loadAverage()]
        for (name, ms) in samples {
            result[name] = ["p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95), "samples": ms.count]
            print(
                "\(name.padding(toLength: 20, withPad: " ", startingAt: 0)) p50 \(percentile(ms, 0.5)) ms  p95 \(percentile(ms, 0.95)) ms")
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: out))
    }
}
