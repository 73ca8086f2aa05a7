/// How hybrid search merges its BM25 and vector rankings.
public enum RankFusion: Sendable, Equatable {
    /// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each list gives an
    /// item 1 / (k + rank). It ignores how strong a match is, so a confident hit in one
    /// list counts no more than a weak one in the other.
    case reciprocalRank(k: Double)
    /// A convex combination of min-max normalised scores (Bruch, Gai and Ingber, 2023):
    /// `vectorWeight` (in 0...1) times the vector score plus the rest times the BM25 score,
    /// each scaled to 0...1 over its own candidates (an item a list did not return gets 0).
    /// It keeps how far ahead a list's best match is, which rank fusion throws away.
    case convex(vectorWeight: Double)

    /// Merges BM25's and the vectors' ranked lists (best first, each with its own scores,
    /// higher better) into one, best first, with fused scores. Ties go to the smaller id,
    /// so the order is deterministic.
    public func fuse(lexical: [(id: Int64, score: Double)], semantic: [(id: Int64, score: Double)]) -> [(id: Int64, score: Double)] {
        var scores: [Int64: Double] = [:]
        for (list, isSemantic) in [(lexical, false), (semantic, true)] {
            switch self {
            case .reciprocalRank(let k):
                for (rank, item) in list.enumerated() { scores[item.id, default: 0] += 1 / (k + Double(rank + 1)) }
            case .convex(let vectorWeight):
                let weight = isSemantic ? vectorWeight : 1 - vectorWeight
                guard let top = list.map(\.score).max(), let bottom = list.map(\.score).min() else { continue }
                let span = top - bottom
                for item in list { scores[item.id, default: 0] += weight * (span > 0 ? (item.score - bottom) / span : 1) }
            }
        }
        return scores.map { (id: $0.key, score: $0.value) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }
}

/// Maximal marginal relevance (Carbonell and Goldstein, 1998): picks results one at a time,
/// trading relevance against similarity to what is already picked, so five passages from
/// one paragraph's neighbours do not crowd out a second source.
public enum MarginalRelevance {
    /// Reorders `candidates` (best first, with relevance in 0...1) and keeps `k`.
    /// - Parameters:
    ///   - lambda: 1 is pure relevance, 0 pure diversity.
    ///   - similarity: similarity of two candidates in 0...1.
    public static func select<T>(_ candidates: [(item: T, relevance: Double)], k: Int, lambda: Double = 0.7, similarity: (T, T) -> Double)
        -> [T]
    {
        var left = candidates
        var picked: [T] = []
        while picked.count < k, !left.isEmpty {
            var best = 0
            var bestScore = -Double.infinity
            for (i, c) in left.enumerated() {
                let redundancy = picked.map { similarity(c.item, $0) }.max() ?? 0
                let score = lambda * c.relevance - (1 - lambda) * redundancy
                if score > bestScore { best = i; bestScore = score }
            }
            picked.append(left.remove(at: best).item)
        }
        return picked
    }
}
