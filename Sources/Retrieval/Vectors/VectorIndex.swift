/// A searchable set of embedding vectors keyed by id: the seam between callers (document
/// search, memory recall) and the index behind it, exact or approximate.
///
/// Conforming types are values (or do their own locking) so they are `Sendable`; share
/// one between tasks behind a `Mutex` or an actor. Every vector and query is L2-normalised
/// by the embedder, so the score is the dot product.
///
/// Dimension mismatches throw rather than trap: vectors come from a configurable embedder
/// and from the database, so a 768-dimension vector reaching a 384-dimension index is a
/// runtime condition (a changed model), and search falls back to BM25 instead of crashing.
public protocol VectorIndex: Sendable {
    /// The length of every vector in the index.
    var dimensions: Int { get }
    /// How many vectors the index holds.
    var count: Int { get }

    /// Stores `vector` under `id`, replacing any vector stored under that id.
    mutating func add(id: Int64, vector: [Float]) throws(VectorError)

    /// Removes the vector stored under `id`; returns whether there was one.
    @discardableResult
    mutating func remove(id: Int64) -> Bool

    /// The `k` vectors most similar to `query` that `filter` allows, best first; ties in
    /// score are ordered by id. Fewer than `k` when fewer are allowed.
    func search(_ query: [Float], k: Int, filter: VectorFilter?) throws(VectorError) -> [VectorHit]
}

extension VectorIndex {
    /// The `k` vectors most similar to `query`, best first.
    public func search(_ query: [Float], k: Int) throws(VectorError) -> [VectorHit] {
        try search(query, k: k, filter: nil)
    }

    /// Throws unless `vector` has the index's dimensions and only finite values.
    func validate(_ vector: [Float]) throws(VectorError) {
        guard vector.count == dimensions else {
            throw VectorError(.dimensionMismatch(expected: dimensions, actual: vector.count))
        }
        guard vector.allSatisfy(\.isFinite) else { throw VectorError(.nonFinite) }
    }
}

/// An index that keeps one row per id and loads many rows at once the same way.
protocol RowVectorStorage: VectorIndex {
    /// Reserves room for `capacity` vectors.
    mutating func reserveCapacity(_ capacity: Int)
    /// Stores one checked vector under `id`, replacing any vector stored under it.
    mutating func store(id: Int64, _ vector: UnsafeBufferPointer<Float>)
}

extension RowVectorStorage {
    /// Stores `ids.count` vectors given row-major in `vectors`; a repeated id keeps its
    /// last vector. Nothing is stored when the lengths disagree or a value is not finite.
    mutating func load(ids: [Int64], vectors: [Float]) throws(VectorError) {
        guard vectors.count == ids.count * dimensions else {
            throw VectorError(.rowCountMismatch(ids: ids.count, values: vectors.count, dimensions: dimensions))
        }
        guard vectors.allSatisfy(\.isFinite) else { throw VectorError(.nonFinite) }
        reserveCapacity(ids.count)
        let d = dimensions
        vectors.withUnsafeBufferPointer { values in
            for (i, id) in ids.enumerated() {
                store(id: id, UnsafeBufferPointer(rebasing: values[i * d..<(i + 1) * d]))
            }
        }
    }
}
