import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Tools

/// Offline web_search latency: a whole tool call (search, numbering, rendering) per query.
enum WebSearchBench {
    /// Natural questions, each with the article that answers it.
    static let questions: [(String, String)] = [
        ("What is the capital city of Australia?", "Canberra"), ("Who painted the Mona Lisa?", "Mona_Lisa"),
        ("Which planet is known as the red planet?", "Mars"), ("Who developed the theory of general relativity?", "General_relativity"),
        ("What is the largest ocean on Earth?", "Pacific_Ocean"), ("Who wrote Pride and Prejudice?", "Pride_and_Prejudice"),
        ("What gas do plants absorb for photosynthesis?", "Photosynthesis"), ("Which empire was ruled by Genghis Khan?", "Mongol_Empire"),
        ("What is the powerhouse of the cell?", "Mitochondrion"), ("What language is spoken in Brazil?", "Portuguese_language"),
        ("Which river flows through Cairo?", "Nile"), ("Who was the first person to walk on the Moon?", "Neil_Armstrong"),
        ("What is the tallest mountain in the world?", "Mount_Everest"), ("Which instrument has 88 keys?", "Piano"),
        ("What currency is used in Japan?", "Japanese_yen"), ("Who invented the telephone?", "Alexander_Graham_Bell"),
        ("What sport is played at Wimbledon?", "Tennis"), ("What is the study of earthquakes called?", "Seismology"),
        ("What organ pumps blood through the body?", "Heart"), ("Which city hosted the first modern Olympic Games?", "Athens"),
    ]

    /// Stored query vectors: search latency without the embedding call, which is timed apart.
    struct Precomputed: Embedder {
        let model: String
        let dimensions: Int
        let vectors: [String: [Float]]
        func embed(_ texts: [String]) async throws -> [[Float]] {
            texts.map { vectors[$0] ?? [] }
        }
    }

    static func run(index path: String, rounds: Int, synthetic: Bool, environment: [String: String]) async throws -> [String: Any] {
        var result: [String: Any] = [
            "index": path, "rounds": rounds, "queries": questions.count, "cores": ProcessInfo.processInfo.activeProcessorCount,
        ]
        result["loadavg_start"] = loadAverage()
        let openStart = ContinuousClock.now
        let database = try AgentDatabase(path: path, readOnly: true)
        let index = DocumentIndex(database: database, collection: WikipediaSummaries.collection)
        let stats = try index.stats()
        result["open_ms"] = milliseconds(since: openStart)
        result["chunks"] = stats.chunks
        result["embedded"] = stats.embedded

        result["bm25"] = try await measure(DocumentSearch(index: index, embedder: nil), rounds: rounds)

        if let choice = try? EmbedderChoice.choose(embedder: "local", model: nil, environment: environment),
            let embedder = choice.makeEmbedder(
                client: HTTPClient(userAgent: "bench-websearch"), logger: Logger(label: "bench"), environment: environment)
                as? LocalEmbedder,
            stats.embedded[embedder.model, default: 0] > 0
        {
            defer { embedder.stop() }
            _ = try await embedder.embed(["warm up"])
            var vectors: [String: [Float]] = [:]
            var embedMs: [Double] = []
            for (q, _) in questions {
                let start = ContinuousClock.now
                vectors[q] = try await embedder.embed([q]).first
                embedMs.append(milliseconds(since: start))
            }
            result["query_embedding"] = ["p50_ms": percentile(embedMs, 0.5), "p95_ms": percentile(embedMs, 0.95)]
            let hybrid = DocumentSearch(
                index: index, embedder: Precomputed(model: embedder.model, dimensions: embedder.dimensions, vectors: vectors))
            // The first hybrid search loads every vector into memory: a cost paid once per process.
            let load = ContinuousClock.now
            _ = try await hybrid.search(questions[0].0, k: 5)
            result["vector_load_ms"] = milliseconds(since: load)
            result["hybrid"] = try await measure(hybrid, rounds: rounds)
        } else {
            result["hybrid"] = "skipped: the index has no vectors from the local embedder (run corpus install with it set up)"
        }
        if synthetic {
            result["hybrid_synthetic_vectors"] = try await SyntheticHybrid.measure(copying: path, rounds: rounds)
        }
        result["loadavg_end"] = loadAverage()
        return result
    }

    /// p50/p95 of whole web_search calls over the questions, and how often the answering
    /// article is among the five results.
    static func measure(_ search: DocumentSearch, rounds: Int) async throws -> [String: Any] {
        let corpus = CorpusSearch.Corpus(collection: WikipediaSummaries.collection, attribution: WikipediaSummaries.attribution) { search }
        let tool = WebSearchTool(engine: CorpusSearch(corpora: [corpus]))
        let context = ToolContext(runID: "bench", step: 1, sources: SourceCatalog(), limits: WebSearchTool.manifest.limits)
        _ = try await tool.run(["query": "warm up"], context: context)
        var ms: [Double] = []
        var hits = 0
        for round in 0..<rounds {
            for (q, title) in questions {
                let start = ContinuousClock.now
                let output = try await tool.run(["query": .string(q), "k": 5], context: context)
                ms.append(milliseconds(since: start))
                if round == 0 && output.sources.contains(where: { $0.source.ref == "https://en.wikipedia.org/wiki/" + title }) { hits += 1 }
            }
        }
        return [
            "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95), "samples": ms.count,
            "answer_in_top5": "\(hits)/\(questions.count)",
        ]
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return (sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))] * 100).rounded() / 100
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let (s, atto) = (ContinuousClock.now - start).components
        return ((Double(s) * 1000 + Double(atto) / 1e15) * 100).rounded() / 100
    }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
