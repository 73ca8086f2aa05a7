import AgentTesting
import Foundation
import Retrieval

/// `bench-retrieval vectors [--count N] [--queries Q] [--out FILE]`: exact (`FlatVectorIndex`)
/// against int8 (`QuantizedVectorIndex`, with and without rescoring) on the same clustered
/// 384-dimension unit vectors: query latency p50/p95 on one thread and on all, recall@10
/// against the exact top ten, and memory per vector.
enum VectorBench {
    static func run(_ arguments: [String]) throws {
        var count = 100_000
        var queryCount = 200
        var out = "bench/results/vectors.json"
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--count": count = Int(it.next() ?? "") ?? count
            case "--queries": queryCount = Int(it.next() ?? "") ?? queryCount
            case "--out": out = it.next() ?? out
            default: throw BenchError("unknown argument \(a); see docs/BENCHMARKS.md")
            }
        }
        let dimensions = 384
        // Clusters of about 100 vectors with a tight spread: each query's top ten compete
        // with near-equals, the hard case for a coarse score (as with similar chunks).
        var generator = SplitMix64(seed: 2026)
        CorpusBench.log("generating \(count) vectors...")
        let vectors = SyntheticVectors.clustered(
            count: count, dimensions: dimensions, clusters: max(1, count / 100), spread: 1, using: &generator)
        let ids = (1...Int64(count)).map { $0 }
        let queries = (0..<queryCount).map { _ -> [Float] in
            let row = Int(generator.next() % UInt64(count))
            let base = Array(vectors[row * dimensions..<(row + 1) * dimensions])
            return SyntheticVectors.unit(base.map { $0 + 0.05 * generator.nextGaussian() })
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var result: [String: Any] = ["count": count, "dimensions": dimensions, "queries": queryCount, "cores": cores]
        var exactTop: [[Int64]] = []
        for threads in Set([1, cores]).sorted() {
            let exact = try FlatVectorIndex(dimensions: dimensions, ids: ids, vectors: vectors, maxThreads: threads)
            let q8 = try QuantizedVectorIndex(dimensions: dimensions, ids: ids, vectors: vectors, rescoreFactor: 0, maxThreads: threads)
            let q8r = try QuantizedVectorIndex(dimensions: dimensions, ids: ids, vectors: vectors, rescoreFactor: 4, maxThreads: threads)
            CorpusBench.log("querying on \(threads) thread(s)...")
            // Interleaved so the three see the same machine load.
            var times: [String: [Double]] = ["exact": [], "int8": [], "int8_rescored": []]
            var found: [String: [[Int64]]] = ["exact": [], "int8": [], "int8_rescored": []]
            for query in queries {
                for (name, index) in [("exact", exact as any VectorIndex), ("int8", q8), ("int8_rescored", q8r)] {
                    var hits: [VectorHit] = []
                    let t = try seconds { hits = try index.search(query, k: 10) }
                    times[name, default: []].append(t * 1000)
                    found[name, default: []].append(hits.map(\.id))
                }
            }
            if exactTop.isEmpty { exactTop = found["exact"] ?? [] }
            var row: [String: Any] = [:]
            for name in ["exact", "int8", "int8_rescored"] {
                let recall =
                    zip(found[name] ?? [], exactTop).map { Double(Set($0).intersection($1).count) / 10 }.reduce(0, +) / Double(queryCount)
                row[name] = [
                    "ms_p50": percentile(times[name] ?? [], 0.5), "ms_p95": percentile(times[name] ?? [], 0.95), "recall_at_10": recall,
                ]
            }
            row["speedup_int8_p50"] = percentile(times["exact"] ?? [], 0.5) / percentile(times["int8"] ?? [], 0.5)
            row["speedup_int8_rescored_p50"] = percentile(times["exact"] ?? [], 0.5) / percentile(times["int8_rescored"] ?? [], 0.5)
            row["bytes_per_vector"] = [
                "exact": exact.byteCount / count, "int8": q8.byteCount / count, "int8_rescored": q8r.byteCount / count,
            ]
            result["threads_\(threads)"] = row
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        try (json + Data("\n".utf8)).write(to: URL(fileURLWithPath: out))
        print(String(decoding: json, as: UTF8.self))
    }
}
