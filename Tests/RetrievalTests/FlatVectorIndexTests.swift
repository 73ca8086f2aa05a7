import AgentTesting
import Testing

@testable import Retrieval

@Suite struct FlatVectorIndexTests {
    static func index(_ data: ReferenceSearch, maxThreads: Int = 1) throws -> FlatVectorIndex {
        var index = try FlatVectorIndex(dimensions: data.dimensions, ids: data.ids, vectors: data.vectors, maxThreads: maxThreads)
        // Small test data still takes the parallel path when threads are allowed.
        index.parallelMinimumBytes = 4096
        return index
    }

    @Test(arguments: [(37, 1), (384, 1), (384, 2)])
    func topKEqualsTheReference(dimensions: Int, threads: Int) async throws {
        // Searched off the concurrency pool, which the timing tests running beside this one need.
        let results = try await onThread {
            let data = ReferenceSearch.clustered(count: 1000, dimensions: dimensions, clusters: 20, seed: 7)
            let index = try Self.index(data, maxThreads: threads)
            return try data.queries(8, seed: 8).flatMap { query in
                try [1, 10, 57].map { k in (found: try index.search(query, k: k), truth: data.search(query, k: k)) }
            }
        }
        for (hits, expected) in results {
            #expect(hits.map(\.id) == expected.map(\.id))
            for (hit, truth) in zip(hits, expected) { #expect(abs(hit.score - truth.score) < 1e-5) }
        }
    }

    @Test func kLargerThanCountReturnsEverythingSorted() throws {
        let data = ReferenceSearch.clustered(count: 5, dimensions: 8, clusters: 2, seed: 1)
        let index = try Self.index(data)
        let query = data.queries(1, seed: 2)[0]
        let hits = try index.search(query, k: 50)
        #expect(hits.map(\.id) == data.search(query, k: 50).map(\.id))
        #expect(hits.count == 5)
    }

    @Test func emptyIndexAndNonPositiveKReturnNothing() throws {
        let empty = FlatVectorIndex(dimensions: 4)
        #expect(try empty.search([1, 0, 0, 0], k: 10).isEmpty)
        let data = ReferenceSearch.clustered(count: 10, dimensions: 4, clusters: 2, seed: 1)
        let index = try Self.index(data)
        #expect(try index.search([1, 0, 0, 0], k: 0).isEmpty)
        #expect(try index.search([1, 0, 0, 0], k: -3).isEmpty)
    }

    @Test func filtersByIDSetAndByPredicate() throws {
        let data = ReferenceSearch.clustered(count: 2000, dimensions: 8, clusters: 10, seed: 3)
        let index = try Self.index(data)
        let query = data.queries(1, seed: 4)[0]
        // A small set takes the lookup path; a large one and a predicate take the scan.
        for allowed in [Set<Int64>([5, 17, 400, 1999, 5000]), Set((1...1500).map { Int64($0) })] {
            let expected = data.search(query, k: 10) { allowed.contains($0) }
            #expect(try index.search(query, k: 10, filter: .ids(allowed)).map(\.id) == expected.map(\.id))
        }
        let even = try index.search(query, k: 10, filter: .predicate { $0 % 2 == 0 })
        #expect(even.map(\.id) == data.search(query, k: 10) { $0 % 2 == 0 }.map(\.id))
        #expect(try index.search(query, k: 10, filter: .ids([])).isEmpty)
        #expect(try index.search(query, k: 10, filter: .predicate { _ in false }).isEmpty)
    }

    @Test(arguments: [1, 2])
    func tiesAreOrderedByID(threads: Int) throws {
        // 200 copies of one vector, split across parts when two threads are allowed, and one worse vector.
        var index = FlatVectorIndex(dimensions: 384, maxThreads: threads)
        index.parallelMinimumBytes = 4096
        let same = SyntheticVectors.unit((0..<384).map { Float($0 % 7) - 3 })
        var generator = SplitMix64(seed: 9)
        for id in (10..<210).map({ Int64($0) }).shuffled(using: &generator) { try index.add(id: id, vector: same) }
        try index.add(id: 5000, vector: same.map { $0 * 0.5 + 0.01 })
        let hits = try index.search(same, k: 5)
        #expect(hits.map(\.id) == [10, 11, 12, 13, 14])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func dimensionMismatchAndBrokenVectorsThrow() throws {
        var index = FlatVectorIndex(dimensions: 3)
        #expect(throws: VectorError(.dimensionMismatch(expected: 3, actual: 2))) { try index.add(id: 1, vector: [1, 0]) }
        #expect(throws: VectorError(.nonFinite)) { try index.add(id: 1, vector: [1, .nan, 0]) }
        try index.add(id: 1, vector: [1, 0, 0])
        #expect(throws: VectorError(.dimensionMismatch(expected: 3, actual: 4))) { try index.search([1, 0, 0, 0], k: 1) }
        #expect(throws: VectorError(.nonFinite)) { try index.search([.infinity, 0, 0], k: 1) }
        #expect(throws: VectorError(.rowCountMismatch(ids: 2, values: 3, dimensions: 3))) {
            try FlatVectorIndex(dimensions: 3, ids: [1, 2], vectors: [1, 0, 0])
        }
        #expect(index.count == 1)
        #expect("\(VectorError(.dimensionMismatch(expected: 384, actual: 768)))".contains("768 dimensions, the index expects 384"))
    }

    @Test func addReplacesAndRemoveMovesTheLastRow() throws {
        var index = FlatVectorIndex(dimensions: 2)
        try index.add(id: 1, vector: [1, 0])
        try index.add(id: 2, vector: [0, 1])
        try index.add(id: 3, vector: [0.6, 0.8])
        try index.add(id: 1, vector: [-1, 0])
        #expect(index.count == 3)
        #expect(index.vector(id: 1) == [-1, 0])
        let removed = index.remove(id: 1), again = index.remove(id: 1)
        #expect(removed && !again)
        #expect(index.count == 2)
        #expect(index.vector(id: 3) == [0.6, 0.8])
        #expect(try index.search([1, 0], k: 3).map(\.id) == [3, 2])
        let removedBoth = index.remove(id: 2) && index.remove(id: 3)
        #expect(removedBoth)
        #expect(try index.search([1, 0], k: 3).isEmpty)
        try index.add(id: 4, vector: [1, 0])
        #expect(try index.search([1, 0], k: 3) == [VectorHit(id: 4, score: 1)])
    }

    @Test func copiesAreIndependent() throws {
        var original = FlatVectorIndex(dimensions: 2)
        try original.add(id: 1, vector: [1, 0])
        var copy = original
        try copy.add(id: 2, vector: [0, 1])
        copy.remove(id: 1)
        #expect(original.count == 1 && original.vector(id: 1) == [1, 0])
        #expect(copy.count == 1 && copy.vector(id: 1) == nil)
    }

    @Test func byteCountIsAboutFourBytesPerValue() throws {
        let data = ReferenceSearch.clustered(count: 300, dimensions: 384, clusters: 10, seed: 5)
        let bytes = try Self.index(data).byteCount
        #expect(bytes >= 300 * 384 * 4 && bytes < 300 * (384 * 4 + 128))
    }
}
