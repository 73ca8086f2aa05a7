import AgentCore
import Foundation
import Synchronization

/// Ranked passages from one collection: BM25, vector or hybrid (the two fused), optionally
/// diversified. With no embedder, or one that fails, it searches by BM25 and
/// says so once.
public final class DocumentSearch: Sendable {
    /// The index searched.
    public let index: DocumentIndex
    /// The embedder for queries, if any.
    public let embedder: (any Embedder)?
    /// Vectors loaded on first use and kept for the process (tool calls reuse them), and
    /// whether the embedder has failed.
    private let state = Mutex<(vectors: (any VectorIndex)?, embedderFailed: Bool)>((nil, false))

    /// How the rankings are built and merged.
    public let tuning: Tuning

    /// The settings of BM25 and of the fusion. The defaults are what the tuning half of the
    /// retrieval question sets supports (docs/BENCHMARKS.md, `bench-retrieval quality`).
    public struct Tuning: Sendable, Equatable {
        /// How much a match in a heading (a document's title among them) counts against
        /// one in the text.
        public var headingWeight: Double
        /// How hybrid search merges BM25 and vectors.
        public var fusion: RankFusion
        /// Candidates each ranking contributes before fusion.
        public var candidates: Int

        /// Settings as given; the defaults are the tuned ones.
        public init(headingWeight: Double = 2, fusion: RankFusion = .convex(vectorWeight: 0.5), candidates: Int = 50) {
            self.headingWeight = headingWeight
            self.fusion = fusion
            self.candidates = candidates
        }
    }

    /// A search over `index`, embedding queries with `embedder`.
    public init(index: DocumentIndex, embedder: (any Embedder)?, tuning: Tuning = Tuning()) {
        self.index = index
        self.embedder = embedder
        self.tuning = tuning
    }

    /// What a search found.
    public struct Result: Sendable {
        /// Passages, best first.
        public var passages: [Passage]
        /// The ranking actually used.
        public var mode: SearchMode
        /// Why the mode differs from the one asked for, if it does (said once per process).
        public var notice: String?
    }

    /// The `k` best passages for `query`.
    /// - Parameters:
    ///   - mode: the ranking; nil means hybrid when an embedder is configured, else bm25.
    ///   - diversify: apply maximal marginal relevance to the candidates.
    public func search(_ query: String, k: Int, mode: SearchMode? = nil, diversify: Bool = false) async throws(IndexError) -> Result {
        var used = mode ?? (embedder == nil ? .bm25 : .hybrid)
        var notice: String?
        var queryVector: [Float]?
        if used != .bm25 {
            if let embedder, !state.withLock({ $0.embedderFailed }) {
                do { queryVector = try await embedder.embed([query]).first } catch {
                    state.withLock { $0.embedderFailed = true }
                    notice = "the embedder failed (\(error)); searching by BM25 alone"
                }
            } else if embedder == nil {
                notice = "no embedder is configured; searching by BM25 alone (see --embedder)"
            }
            if queryVector == nil { used = .bm25 }
        }
        let pool = diversify ? max(k * 4, tuning.candidates) : max(k, tuning.candidates)
        var ranked: [(id: Int64, score: Double)]
        switch used {
        case .bm25:
            ranked = try lexicalHits(query, k: diversify ? pool : k)
        case .vector:
            ranked = try vectorHits(queryVector ?? [], k: diversify ? pool : k)
        case .hybrid:
            ranked = tuning.fusion.fuse(lexical: try lexicalHits(query, k: pool), semantic: try vectorHits(queryVector ?? [], k: pool))
        }
        if diversify { ranked = try diversified(ranked, k: k) }
        ranked = Array(ranked.prefix(k))
        let passages = try index.passages(
            ranked.map(\.id), scores: Dictionary(ranked.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a }))
        return Result(passages: passages, mode: used, notice: notice)
    }

    private func lexicalHits(_ query: String, k: Int) throws(IndexError) -> [(id: Int64, score: Double)] {
        try index.searchBM25(query, k: k, headingWeight: tuning.headingWeight).map { ($0.chunkID, $0.score) }
    }

    private func vectorHits(_ query: [Float], k: Int) throws(IndexError) -> [(id: Int64, score: Double)] {
        guard let model = embedder?.model, !query.isEmpty else { return [] }
        let loaded = try vectors(model: model, dimensions: query.count)
        do { return try loaded.search(query, k: k).map { ($0.id, Double($0.score)) } } catch {
            throw IndexError("vector search failed: \(error) (was the index built with another embedding model? run docs sync)")
        }
    }

    private func vectors(model: String, dimensions: Int) throws(IndexError) -> any VectorIndex {
        if let loaded = state.withLock({ $0.vectors }) { return loaded }
        let built = try index.vectorIndex(model: model, dimensions: dimensions)
        state.withLock { $0.vectors = built }
        return built
    }

    /// MMR over the candidates with text overlap (Jaccard of word sets) as similarity:
    /// it needs no vectors, so it works in every mode.
    private func diversified(_ ranked: [(id: Int64, score: Double)], k: Int) throws(IndexError) -> [(id: Int64, score: Double)] {
        guard let top = ranked.first?.score, let bottom = ranked.last?.score else { return ranked }
        let passages = try index.passages(ranked.map(\.id), scores: [:])
        let words = Dictionary(passages.map { ($0.chunkID, Set(FTSQuery.terms($0.text))) }, uniquingKeysWith: { a, _ in a })
        let span = top - bottom
        let candidates = ranked.map { (item: $0, relevance: span > 0 ? ($0.score - bottom) / span : 1) }
        return MarginalRelevance.select(candidates, k: k) { a, b in
            let x = words[a.id] ?? [], y = words[b.id] ?? []
            let union = x.union(y).count
            return union == 0 ? 0 : Double(x.intersection(y).count) / Double(union)
        }
    }
}
