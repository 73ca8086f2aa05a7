/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): each list gives an item
/// 1 / (k + rank); the sums rank the fused list. It needs no score calibration between
/// BM25 and cosine, which live on unrelated scales.
public enum RankFusion {
    /// The usual constant: it damps the weight of the very top ranks.
    public static let k = 60.0

    /// Fuses ranked id lists (best first) into one, best first, with fused scores. Ties go
    /// to the smaller id, so the order is deterministic.
    public static func fuse(_ lists: [[Int64]], k: Double = RankFusion.k) -> [(id: Int64, score: Double)] {
        var scores: [Int64: Double] = [:]
        for list in lists {
            for (rank, id) in list.enumerated() { scores[id, default: 0] += 1 / (k + Double(rank + 1)) }
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
