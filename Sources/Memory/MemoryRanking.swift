import Foundation

/// How recall orders candidates: mostly by relevance to the query, then by how recently
/// the memory was saved or used, then by its importance.
enum MemoryRanking {
    /// Weights of relevance, recency and importance; they sum to 1.
    static let weights = (relevance: 0.7, recency: 0.2, importance: 0.1)
    /// Recency halves about every three weeks (a 30-day time constant).
    static let recencyDays = 30.0
    /// Vector candidates below this cosine are unrelated and never recalled.
    static let minimumCosine = 0.25
    /// Candidates taken from the index before re-ranking.
    static let candidates = 50

    /// The combined score; `relevance` is a cosine or a BM25 score scaled to the best one.
    static func score(relevance: Double, lastTouched: Int64, importance: Double, now: Int64) -> Double {
        let days = max(0, Double(now - lastTouched) / 86_400_000)
        let recency = exp(-days / recencyDays)
        return weights.relevance * relevance + weights.recency * recency + weights.importance * importance
    }
}
