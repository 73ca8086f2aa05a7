import AgentCore
import Foundation
import Retrieval

/// `bench-retrieval query`: warm-process latency of bm25, vector and hybrid search, with
/// query embeddings computed beforehand and their time reported apart.
enum QueryBench {
    /// Natural questions over the Wikipedia corpus, each with the article that answers it.
    static let questions: [(String, String)] = [
        ("What is the capital city of Australia?", "Canberra"), ("Who painted the Mona Lisa?", "Mona Lisa"),
        ("Which planet is known as the red planet?", "Mars"), ("Who developed the theory of general relativity?", "General relativity"),
        ("What is the largest ocean on Earth?", "Pacific Ocean"), ("Who wrote Pride and Prejudice?", "Pride and Prejudice"),
        ("What gas do plants absorb for photosynthesis?", "Photosynthesis"), ("Which empire was ruled by Genghis Khan?", "Mongol Empire"),
        ("What is the powerhouse of the cell?", "Mitochondrion"),
        ("Who composed the Ninth Symphony with Ode to Joy?", "Ludwig van Beethoven"),
        ("What language is spoken in Brazil?", "Portuguese language"), ("What is the chemical symbol for gold?", "Gold"),
        ("Which river flows through Cairo?", "Nile"), ("Who was the first person to walk on the Moon?", "Neil Armstrong"),
        ("What is the tallest mountain in the world?", "Mount Everest"), ("Which instrument has 88 keys?", "Piano"),
        ("What disease did Jonas Salk develop a vaccine against?", "Polio"), ("What currency is used in Japan?", "Japanese yen"),
        ("Who invented the telephone?", "Alexander Graham Bell"), ("What is the hardest natural material?", "Diamond"),
        ("Which country has the largest population in Africa?", "Nigeria"), ("What sport is played at Wimbledon?", "Tennis"),
        ("What is the study of earthquakes called?", "Seismology"), ("Who wrote the Odyssey?", "Homer"),
        ("Which ancient wonder stood in Giza?", "Great Pyramid of Giza"), ("What organ pumps blood through the body?", "Heart"),
        ("Which metal is liquid at room temperature?", "Mercury (element)"), ("Who founded Buddhism?", "The Buddha"),
        ("What is the smallest prime number?", "Prime number"), ("Which city hosted the first modern Olympic Games?", "Athens"),
    ]

    /// Returns stored query vectors instead of calling a model, so search latency is
    /// measured without the embedding call (timed apart).
    struct Precomputed: Embedder {
        let model: String
        let dimensions: Int
        let vectors: [String: [Float]]
        func embed(_ texts: [String]) async throws -> [[Float]] {
            try texts.map { t in
                guard let v = vectors[t] else { throw BenchError("no vector for \(t)") }; return v
            }
        }
    }

    static func latencies(_ search: DocumentSearch, queries: [String], rounds: Int) async throws -> [String: Any] {
        var out: [String: Any] = [:]
        for mode in SearchMode.allCases {
            var ms: [Double] = []
            for _ in 0..<rounds {
                for q in queries {
                    let t = try await IngestBench.timed { _ = try await search.search(q, k: 10, mode: mode) }
                    ms.append(t * 1000)
                }
            }
            out[mode.rawValue] = ["p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95), "samples": ms.count]
        }
        return out
    }

    /// Share of questions whose answering article is among the top 5 passages, per mode.
    static func quality(_ search: DocumentSearch) async throws -> [String: Any] {
        var out: [String: Any] = ["questions": questions.count]
        for mode in SearchMode.allCases {
            var hits = 0
            var misses: [String] = []
            for (q, title) in questions {
                let passages = try await search.search(q, k: 5, mode: mode).passages
                if passages.contains(where: { $0.headingPath.first == title || $0.title == title }) { hits += 1 } else { misses.append(q) }
            }
            out[mode.rawValue] = ["top5_share": Double(hits) / Double(questions.count), "missed": misses]
        }
        return out
    }

    /// A deterministic unit vector (xorshift), for the synthetic 100k case.
    static func randomUnit(_ dimensions: Int, seed: inout UInt64) -> [Float] {
        var v = [Float](repeating: 0, count: dimensions)
        for i in 0..<dimensions {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            v[i] = Float(Double(seed % 2_000_001) / 1_000_000 - 1)
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// Fills `index` with `chunks` chunks of corpus text (copies numbered so they differ)
    /// and synthetic vectors under `model`.
    static func fillSynthetic(_ index: DocumentIndex, corpus: WikiCorpus, chunks: Int, model: String, dimensions: Int) throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var written = 0
        var doc = 0
        while written < chunks {
            let a = corpus.articles[doc % corpus.articles.count]
            let copy = doc / corpus.articles.count
            let sentences = a.extract.split(separator: ".").map { $0 + "." }
            var parts: [Chunk] = []
            var line = 1
            for s in stride(from: 0, to: sentences.count, by: 3) {
                parts.append(
                    Chunk(
                        text: sentences[s..<min(s + 3, sentences.count)].joined() + " (copy \(copy))", headingPath: [a.title],
                        startLine: line, endLine: line))
                line += 1
            }
            parts = Array(parts.prefix(chunks - written))
            let vectors = parts.map { _ in randomUnit(dimensions, seed: &seed) }
            try index.replace(
                uri: "wiki/\(copy)/\(a.title)", sha256: "\(doc)", mtime: 0, title: a.title, chunks: parts,
                vectors: .init(model: model, vectors: vectors), now: 0)
            written += parts.count
            doc += 1
        }
    }
}
