/// One search result: a stored vector's id and its cosine similarity to the query.
public struct VectorHit: Sendable, Hashable {
    /// The id the vector was added under (a chunk or memory row id).
    public var id: Int64
    /// Cosine similarity to the query (the dot product: vectors are L2-normalised), higher is better.
    public var score: Float

    /// Creates a hit.
    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }

    /// Whether `self` ranks before `other`: higher score first, then lower id, so equal
    /// scores come back in the same order on every run and every index.
    public func ranks(before other: VectorHit) -> Bool {
        score > other.score || (score == other.score && id < other.id)
    }
}
