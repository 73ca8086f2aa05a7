import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Retrieval

/// `bench-retrieval corpus [--data FILE] [--documents N] [--out FILE]`: ingestion, warm
/// query latency at 10k and 100k chunks, cold `docs search`, and answer quality, in one
/// run so every figure shares the machine's state.
enum CorpusBench {
    static func run(_ arguments: [String]) async throws {
        var data = WikiCorpus.installed
        var documents = 10_000
        var out = "bench/results/retrieval.json"
        var binary = ".build/release/research-agent"
        var it = arguments.makeIterator()
        while let a = it.next() {
            switch a {
            case "--data": data = it.next() ?? data
            case "--documents": documents = Int(it.next() ?? "") ?? documents
            case "--out": out = it.next() ?? out
            case "--binary": binary = it.next() ?? binary
            default: throw BenchError("unknown argument \(a); see docs/BENCHMARKS.md")
            }
        }
        let corpus = try WikiCorpus.load(data)
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("bench-retrieval-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let env = ProcessInfo.processInfo.environment
        let choice = try EmbedderChoice.choose(embedder: "local", model: nil, environment: env)
        let client = HTTPClient(userAgent: "bench-retrieval")
        guard let embedder = choice.makeEmbedder(client: client, logger: Logger(label: "bench"), environment: env) as? LocalEmbedder else {
            throw BenchError("the local embedder is not installed: run research-agent setup --models embed")
        }
        defer { embedder.stop() }
        var result: [String: Any] = ["machine": ["cores": ProcessInfo.processInfo.activeProcessorCount, "loadavg_start": loadAverage()]]

        log("ingesting \(documents) documents (without, then with embeddings)...")
        result["ingest"] = try await IngestBench.run(corpus: corpus, documents: documents, embedder: embedder, workspace: workspace)

        // 10k-document index with real embeddings, from the ingestion above.
        let hybridIndex = DocumentIndex(database: try AgentDatabase(path: workspace + "/hybrid/agent.sqlite"))
        let queries = QueryBench.questions.map(\.0)
        var vectors: [String: [Float]] = [:]
        var embedMs: [Double] = []
        for q in queries {
            let t = try await IngestBench.timed { vectors[q] = try await embedder.embed([q]).first }
            embedMs.append(t * 1000)
        }
        let real = DocumentSearch(
            index: hybridIndex, embedder: QueryBench.Precomputed(model: embedder.model, dimensions: 384, vectors: vectors))
        _ = try await real.search(queries[0], k: 10, mode: .vector)  // load the vectors once: warm process
        let stats = try hybridIndex.stats()
        log("querying \(stats.chunks) chunks...")
        result["query_10k"] = [
            "chunks": stats.chunks, "query_embedding_ms": ["p50": percentile(embedMs, 0.5), "p95": percentile(embedMs, 0.95)],
            "latency": try await QueryBench.latencies(real, queries: queries, rounds: 5),
            "reference_substring_scan_ms": try substringScan(hybridIndex, queries: queries),
        ]
        result["quality"] = try await QueryBench.quality(real)

        log("building a 100k-chunk index with synthetic vectors...")
        let big = DocumentIndex(database: try AgentDatabase(path: workspace + "/big/agent.sqlite"))
        let fill = try seconds {
            try QueryBench.fillSynthetic(big, corpus: corpus, chunks: 100_000, model: "synthetic-384", dimensions: 384)
        }
        var seed: UInt64 = 42
        let synthetic = Dictionary(queries.map { ($0, QueryBench.randomUnit(384, seed: &seed)) }, uniquingKeysWith: { a, _ in a })
        let bigSearch = DocumentSearch(
            index: big, embedder: QueryBench.Precomputed(model: "synthetic-384", dimensions: 384, vectors: synthetic))
        let load = try await IngestBench.timed { _ = try await bigSearch.search(queries[0], k: 10, mode: .vector) }
        result["query_100k"] = [
            "chunks": try big.stats().chunks, "fill_seconds": fill, "vector_load_seconds": load,
            "latency": try await QueryBench.latencies(bigSearch, queries: queries, rounds: 3),
            "reference_substring_scan_ms": try substringScan(big, queries: queries),
        ]

        if FileManager.default.isExecutableFile(atPath: binary) {
            log("cold docs search (\(binary))...")
            result["cold_docs_search"] = try coldSearch(
                binary: binary, home: workspace + "/hybrid-home", database: workspace + "/hybrid/agent.sqlite", query: queries[0])
        }
        result["machine"] = [
            "cores": ProcessInfo.processInfo.activeProcessorCount,
            "loadavg_start": (result["machine"] as? [String: Any])?["loadavg_start"] ?? "", "loadavg_end": loadAverage(),
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: out))
        print(String(decoding: json, as: UTF8.self))
    }

    /// The in-run reference for query latency: a plain case-insensitive substring scan of
    /// every chunk's text for the query's words (what grep would do), median ms per query.
    static func substringScan(_ index: DocumentIndex, queries: [String]) throws -> Double {
        let texts = try index.database.pool.read { db in try String.fetchAll(db, sql: "SELECT lower(text) FROM chunks") }
        var ms: [Double] = []
        for q in queries {
            let terms = FTSQuery.terms(q)
            ms.append(seconds { _ = texts.filter { t in terms.contains { t.contains($0) } }.count } * 1000)
        }
        return percentile(ms, 0.5)
    }

    /// `research-agent docs search` as a new process per query, BM25 (no embedder: the
    /// query embedding would start a server) and hybrid with the local embedder.
    static func coldSearch(binary: String, home: String, database: String, query: String) throws -> [String: Any] {
        try FileManager.default.createDirectory(atPath: home + "/memory", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/transcripts", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: database, toPath: home + "/memory/agent.sqlite")
        var out: [String: Any] = [:]
        for (name, extra) in [("bm25", ["--embedder", "none"]), ("hybrid_local_embedder", ["--embedder", "local"])] {
            var runs: [Double] = []
            for _ in 0..<7 {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: binary)
                p.arguments = ["docs", "search", query, "--home", home] + extra
                p.standardOutput = FileHandle.nullDevice
                p.standardError = FileHandle.nullDevice
                runs.append(
                    try seconds {
                        try p.run(); p.waitUntilExit()
                    } * 1000)
            }
            out[name] = ["p50_ms": percentile(runs, 0.5), "min_ms": runs.min() ?? 0]
        }
        return out
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func log(_ s: String) { FileHandle.standardError.write(Data("bench-retrieval: \(s)\n".utf8)) }
}
