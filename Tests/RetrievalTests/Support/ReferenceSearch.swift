import AgentTesting
@testable import Retrieval

/// The obvious search, to check the fast ones against: score every row in Double, sort.
struct ReferenceSearch {
    let dimensions: Int
    let ids: [Int64]
    let vectors: [Float]

    /// Row `i` of the vectors.
    func row(_ i: Int) -> ArraySlice<Float> { vectors[i * dimensions..<(i + 1) * dimensions] }

    /// The best `k` allowed ids by exact score, best first, ties by id.
    func search(_ query: [Float], k: Int, allowed: (Int64) -> Bool = { _ in true }) -> [VectorHit] {
        // Plain loops over buffers: debug builds run closures per element very slowly.
        let scored = vectors.withUnsafeBufferPointer { v in
            query.withUnsafeBufferPointer { q in
                ids.indices.filter { allowed(ids[$0]) }.map { i in
                    var sum = 0.0
                    for j in 0..<dimensions { sum += Double(v[i * dimensions + j]) * Double(q[j]) }
                    return (id: ids[i], score: sum)
                }
            }
        }
        return scored.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
            .prefix(max(0, k)).map { VectorHit(id: $0.id, score: Float($0.score)) }
    }

    /// Clustered unit vectors with ids 1...count.
    static func clustered(count: Int, dimensions: Int, clusters: Int, seed: UInt64) -> ReferenceSearch {
        var generator = SplitMix64(seed: seed)
        let vectors = SyntheticVectors.clustered(count: count, dimensions: dimensions, clusters: clusters, using: &generator)
        return ReferenceSearch(dimensions: dimensions, ids: (1...Int64(count)).map { $0 }, vectors: vectors)
    }

    /// Queries drawn like the data: near the same kind of centres, from their own seed.
    func queries(_ count: Int, seed: UInt64) -> [[Float]] {
        var generator = SplitMix64(seed: seed)
        // Perturbed stored rows: each query has a true neighbourhood, as a real question does.
        return (0..<count).map { _ in
            let base = row(Int(generator.next() % UInt64(ids.count)))
            return SyntheticVectors.unit(base.map { $0 + 0.5 / Float(dimensions).squareRoot() * generator.nextGaussian() })
        }
    }
}

/// The fraction of `truth`'s ids that `found` contains.
func recall(_ found: [VectorHit], of truth: [VectorHit]) -> Double {
    guard !truth.isEmpty else { return 1 }
    let expected = Set(truth.map(\.id))
    return Double(found.filter { expected.contains($0.id) }.count) / Double(truth.count)
}
