import AgentTesting
import Testing

@testable import Retrieval

@Suite struct QuantizedVectorIndexTests {
    static func index(_ data: ReferenceSearch, rescoreFactor: Int, maxThreads: Int = 1) throws -> QuantizedVectorIndex {
        var index = try QuantizedVectorIndex(
            dimensions: data.dimensions, ids: data.ids, vectors: data.vectors, rescoreFactor: rescoreFactor, maxThreads: maxThreads)
        // Small test data still takes the parallel path when threads are allowed.
        index.parallelMinimumBytes = 4096
        return index
    }

    @Test(arguments: [(0, 1), (4, 1), (0, 2)])
    func recallAt10OnClusteredData(rescoreFactor: Int, threads: Int) async throws {
        // 40 points a cluster: each query's ten neighbours compete with thirty near-equals,
        // the hard case for a coarse score. Computed off the concurrency pool, which the
        // timing tests running beside this one need.
        let mean = try await onThread {
            let data = ReferenceSearch.clustered(count: 1000, dimensions: 384, clusters: 25, seed: 11)
            let index = try Self.index(data, rescoreFactor: rescoreFactor, maxThreads: threads)
            let queries = data.queries(24, seed: 12)
            return try queries.map { try recall(index.search($0, k: 10), of: data.search($0, k: 10)) }.reduce(0, +) / Double(queries.count)
        }
        #expect(mean >= 0.98, "recall@10 \(mean)")
    }

    @Test func rescoredScoresAreExactAndApproximateOnesClose() throws {
        let data = ReferenceSearch.clustered(count: 300, dimensions: 384, clusters: 10, seed: 13)
        let rescored = try Self.index(data, rescoreFactor: 4)
        let approximate = try Self.index(data, rescoreFactor: 0)
        let exact = try FlatVectorIndex(dimensions: 384, ids: data.ids, vectors: data.vectors)
        for query in data.queries(10, seed: 14) {
            let truth = try exact.search(query, k: 10)
            #expect(try rescored.search(query, k: 10) == truth)
            for hit in try approximate.search(query, k: 10) {
                let row = data.ids.firstIndex(of: hit.id) ?? 0
                let score = zip(data.row(row), query).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                #expect(abs(hit.score - score) < 0.01)
            }
        }
    }

    @Test func edgeCases() throws {
        #expect(try QuantizedVectorIndex(dimensions: 4).search([1, 0, 0, 0], k: 5).isEmpty)
        let data = ReferenceSearch.clustered(count: 6, dimensions: 40, clusters: 2, seed: 15)
        for factor in [0, 4] {
            let index = try Self.index(data, rescoreFactor: factor)
            let query = data.queries(1, seed: 16)[0]
            #expect(try index.search(query, k: 100).map(\.id) == data.search(query, k: 100).map(\.id))
            #expect(try index.search(query, k: 0).isEmpty)
            #expect(try index.search(query, k: 3, filter: .ids([2, 4])).map(\.id).sorted() == [2, 4])
            #expect(try index.search(query, k: 3, filter: .predicate { $0 > 4 }).map(\.id).sorted() == [5, 6])
        }
    }

    @Test(arguments: [1, 2])
    func tiesAreOrderedByID(threads: Int) throws {
        var index = QuantizedVectorIndex(dimensions: 384, rescoreFactor: 0, maxThreads: threads)
        index.parallelMinimumBytes = 4096
        let same = SyntheticVectors.unit((0..<384).map { Float($0 % 5) - 2 })
        var generator = SplitMix64(seed: 17)
        for id in (100..<400).map({ Int64($0) }).shuffled(using: &generator) { try index.add(id: id, vector: same) }
        #expect(try index.search(same, k: 3).map(\.id) == [100, 101, 102])
    }

    @Test func dimensionMismatchThrows() throws {
        var index = QuantizedVectorIndex(dimensions: 3, rescoreFactor: 2)
        #expect(throws: VectorError(.dimensionMismatch(expected: 3, actual: 1))) { try index.add(id: 1, vector: [1]) }
        try index.add(id: 1, vector: [1, 0, 0])
        #expect(throws: VectorError(.dimensionMismatch(expected: 3, actual: 2))) { try index.search([1, 0], k: 1) }
        #expect(throws: VectorError(.nonFinite)) { try index.search([.nan, 0, 0], k: 1) }
    }

    @Test(arguments: [0, 3])
    func addReplacesAndRemoveMovesTheLastRow(rescoreFactor: Int) throws {
        var index = QuantizedVectorIndex(dimensions: 2, rescoreFactor: rescoreFactor)
        try index.add(id: 1, vector: [1, 0])
        try index.add(id: 2, vector: [0, 1])
        try index.add(id: 3, vector: [0.6, 0.8])
        try index.add(id: 1, vector: [-1, 0])
        #expect(index.count == 3)
        #expect(try index.search([-1, 0], k: 1).map(\.id) == [1])
        let removed = index.remove(id: 1), again = index.remove(id: 1)
        #expect(removed && !again)
        let hits = try index.search([1, 0], k: 3)
        #expect(hits.map(\.id) == [3, 2])
        #expect(abs(hits[0].score - 0.6) < 0.01)
    }

    @Test func memoryIsAQuarterWithoutRescoring() throws {
        let data = ReferenceSearch.clustered(count: 300, dimensions: 384, clusters: 10, seed: 18)
        let codesOnly = try Self.index(data, rescoreFactor: 0).byteCount
        let withFloats = try Self.index(data, rescoreFactor: 4).byteCount
        #expect(codesOnly < 300 * (384 + 128))
        #expect(withFloats >= 300 * (384 * 5))
    }
}
