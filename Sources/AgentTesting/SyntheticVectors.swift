/// Unit vectors for vector-search tests and benchmarks, made from a seeded generator.
///
/// Uniformly random unit vectors are the worst case for search and nothing like real
/// embeddings, whose neighbours share a topic; `clustered` makes topics: points scattered
/// around random centres, so each point has true near neighbours.
public enum SyntheticVectors {
    /// `count` random unit vectors, row-major.
    public static func uniform(count: Int, dimensions: Int, using generator: inout SplitMix64) -> [Float] {
        var values = [Float]()
        values.reserveCapacity(count * dimensions)
        for _ in 0..<count { values += unit((0..<dimensions).map { _ in generator.nextGaussian() }) }
        return values
    }

    /// `count` unit vectors, row-major, around `clusters` random centres. `spread` is the
    /// noise's length relative to the centre's: 1 puts a point at cosine ≈ 0.7 from its
    /// centre and ≈ 0.5 from its cluster's other points; other clusters are near 0.
    public static func clustered(
        count: Int, dimensions: Int, clusters: Int, spread: Float = 1, using generator: inout SplitMix64
    ) -> [Float] {
        let centres = (0..<max(1, clusters)).map { _ in unit((0..<dimensions).map { _ in generator.nextGaussian() }) }
        var values = [Float]()
        values.reserveCapacity(count * dimensions)
        let noiseScale = spread / Float(dimensions).squareRoot()
        for _ in 0..<count {
            let centre = centres[Int(generator.next() % UInt64(centres.count))]
            values += unit(centre.map { $0 + noiseScale * generator.nextGaussian() })
        }
        return values
    }

    /// `v` scaled to length 1 (a zero vector stays zero).
    public static func unit(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
