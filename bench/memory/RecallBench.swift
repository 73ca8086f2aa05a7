import AgentCore
import AgentTesting
import Foundation
import GRDB
import HTTP
import LLM
import Logging
import Memory
import Retrieval

/// `bench-memory recall`: warm recall latency at 10k and 100k memories, vector and BM25,
/// with the query's embedding supplied beforehand (its time is measured apart).
enum RecallBench {
    /// Returns stored vectors, so recall is timed without the embedding call.
    struct Precomputed: Embedder {
        let model = "bench-384"
        let dimensions = 384
        let vectors: [String: [Float]]
        func embed(_ texts: [String]) async throws -> [[Float]] {
            try texts.map { t in
                guard let v = vectors[t] else { throw BenchError("no vector for \(t)") }; return v
            }
        }
    }

    /// A fixed clock: recency is measured from one instant.
    struct Fixed: Clock { func now() -> Instant { Instant(milliseconds: 1_780_000_000_000) } }

    /// Sentences of the Wikipedia leads, as memory texts.
    static func sentences(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else {
            throw BenchError("\(path): not a JSON object")
        }
        var out: [String] = []
        for key in object.keys.sorted() {
            let extract = object[key]?["extract"] as? String ?? ""
            for s in extract.components(separatedBy: ". ") where s.count > 40 { out.append(s.hasSuffix(".") ? s : s + ".") }
        }
        return out
    }

    static func run(sizes: [Int], data: String) async throws {
        let texts = try sentences(data)
        print("corpus: \(texts.count) sentences")
        try await queryEmbedding(Array(texts.prefix(40)))
        for n in sizes { try await measure(n: n, texts: texts) }
    }

    /// The time recall spends before searching: embedding the query with the local
    /// embedder (all-MiniLM-L6-v2 on llama.cpp), warm, one query per call.
    static func queryEmbedding(_ queries: [String]) async throws {
        let env = ProcessInfo.processInfo.environment
        guard
            let embedder = try EmbedderChoice.choose(embedder: "local", model: nil, environment: env)
                .makeEmbedder(client: HTTPClient(userAgent: "bench"), logger: Logger(label: "bench"), environment: env) as? LocalEmbedder
        else { print("query embedding: the local embedder is not installed"); return }
        defer { embedder.stop() }
        _ = try await embedder.embed(["warm up"])
        var samples: [Double] = []
        for q in queries {
            let query = q.split(separator: " ").prefix(8).joined(separator: " ")
            let start = Measure.now()
            _ = try await embedder.embed([query])
            samples.append(Measure.now() - start)
        }
        print(
            "query embedding (local, warm): p50 \(Measure.ms(Measure.percentile(samples, 0.5))) ms, p95 \(Measure.ms(Measure.percentile(samples, 0.95))) ms"
        )
    }

    static func measure(n: Int, texts: [String]) async throws {
        let path = NSTemporaryDirectory() + "bench-recall-\(n)-\(UUID().uuidString)/agent.sqlite"
        let database = try AgentDatabase(path: path)
        var generator = SplitMix64(seed: 7)
        let d = 384
        let vectors = SyntheticVectors.clustered(count: n, dimensions: d, clusters: n / 50, using: &generator)
        let load = try Measure.seconds {
            try database.pool.write { db in
                let memory = try db.makeStatement(
                    sql:
                        "INSERT INTO memories (num, id, kind, text, importance, created_at, last_used_at, event) VALUES (?, ?, 'fact', ?, 0.6, ?, NULL, ?)"
                )
                let source = try db.makeStatement(
                    sql: "INSERT INTO memory_sources (memory_id, kind, ref, title, event) VALUES (?, 'url', ?, NULL, ?)")
                let vector = try db.makeStatement(
                    sql: "INSERT INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('memory', ?, 'bench-384', 384, ?)")
                for i in 0..<n {
                    let id = "mem_bench\(i)"
                    let num = MemoryProjector.num(of: id)
                    let text = texts[i % texts.count] + (i >= texts.count ? " (\(i / texts.count))" : "")
                    // Saved over the last year, so recency varies.
                    let created = 1_780_000_000_000 - Int64(i % 365) * 86_400_000
                    try memory.execute(arguments: [num, id, text, created, "bench:\(i)"])
                    try source.execute(arguments: [id, "https://example.org/\(i % 5000)", "bench:\(i)"])
                    try vector.execute(arguments: [num, VectorBlob.data(Array(vectors[i * d..<(i + 1) * d]))])
                }
            }
        }
        // Queries: the first words of stored memories, and vectors near theirs.
        var queries: [String: [Float]] = [:]
        var order: [String] = []
        for q in 0..<60 {
            let i = Int(generator.next() % UInt64(n))
            let words = texts[i % texts.count].split(separator: " ").prefix(6).joined(separator: " ") + " #\(q)"
            let noisy = SyntheticVectors.unit(
                Array(vectors[i * d..<(i + 1) * d]).map { $0 + 0.5 / Float(d).squareRoot() * generator.nextGaussian() })
            queries[words] = noisy
            order.append(words)
        }
        for (label, embedder) in [("vector", Precomputed(vectors: queries) as (any Embedder)?), ("bm25", nil)] {
            let memory = LongTermMemory(database: database, embedder: embedder, clock: Fixed()) { _ in }
            let first = Measure.now()
            _ = try await memory.search(order[0], limit: 5)
            let cold = Measure.now() - first
            var samples: [Double] = []
            for q in order.dropFirst(10) {
                let start = Measure.now()
                let found = try await memory.search(q, limit: 5)
                samples.append(Measure.now() - start)
                if found.isEmpty { throw BenchError("\(label): nothing recalled for \(q)") }
            }
            print(
                "recall n=\(n) \(label): p50 \(Measure.ms(Measure.percentile(samples, 0.5))) ms, p95 \(Measure.ms(Measure.percentile(samples, 0.95))) ms, first (loads vectors) \(Measure.ms(cold)) ms"
            )
        }
        // Saving one more memory: near-duplicate check over every vector, then the rows.
        let memory = LongTermMemory(database: database, embedder: Precomputed(vectors: queries), clock: Fixed()) { _ in }
        _ = try await memory.search(order[0], limit: 1)
        var saves: [Double] = []
        for (i, q) in order.prefix(20).enumerated() {
            let event = Event(
                run: "bench-save", seq: i, ts: Instant(milliseconds: 1_780_000_000_000),
                payload: .memoryWrite(MemoryWriteRecord(step: 1, id: "mem_save\(i)", kind: "fact", text: q, sources: [])))
            let start = Measure.now()
            await memory.record([event])
            saves.append(Measure.now() - start)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(
            "recall n=\(n): loaded in \(String(format: "%.1f", load)) s; save one memory p50 \(Measure.ms(Measure.percentile(saves, 0.5))) ms; file \(size / 1_048_576) MiB"
        )
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
