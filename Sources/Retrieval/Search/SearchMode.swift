/// How passages are ranked.
public enum SearchMode: String, Sendable, CaseIterable {
    /// FTS5 BM25 over heading path and text.
    case bm25
    /// Cosine similarity of embeddings.
    case vector
    /// Both, fused by reciprocal rank.
    case hybrid
}
