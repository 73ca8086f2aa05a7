import Foundation

/// Exact nearest-neighbour search: every query is scored against every stored vector.
///
/// The vectors live in one contiguous row-major Float32 array, scanned with SIMD dot
/// products; a bounded heap keeps the best k, so a query allocates only its result. Large
/// indexes are scanned on several cores at once. A value type: copies share storage until
/// one of them is changed.
public struct FlatVectorIndex: VectorIndex, RowVectorStorage {
    /// The vectors' length.
    public let dimensions: Int
    /// The most threads one search may use; scans under about 1 MiB per thread use fewer.
    public var maxThreads: Int
    /// Bytes a thread must scan to be worth waking; tests lower it to reach the parallel path.
    var parallelMinimumBytes = ParallelScan.minimumBytesPerPart
    private var rows = RowDirectory()
    private var storage: [Float] = []

    /// An empty index of `dimensions`-long vectors (at least 1).
    public init(dimensions: Int, maxThreads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(dimensions > 0, "a vector index needs at least one dimension")
        self.dimensions = dimensions
        self.maxThreads = max(1, maxThreads)
    }

    /// An index of `ids.count` vectors given row-major in `vectors` (e.g. blobs appended
    /// with `VectorBlob.append`); a repeated id keeps its last vector.
    public init(
        dimensions: Int, ids: [Int64], vectors: [Float], maxThreads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(VectorError) {
        self.init(dimensions: dimensions, maxThreads: maxThreads)
        try load(ids: ids, vectors: vectors)
    }

    /// How many vectors the index holds.
    public var count: Int { rows.count }

    /// Approximate bytes held by the index: vectors, ids and the id lookup table.
    public var byteCount: Int { storage.capacity * 4 + rows.byteCount }

    /// Reserves room for `capacity` vectors, so a bulk load grows the storage once.
    public mutating func reserveCapacity(_ capacity: Int) {
        rows.reserveCapacity(capacity)
        storage.reserveCapacity(capacity * dimensions)
    }

    /// Adds or replaces the vector of `id`.
    public mutating func add(id: Int64, vector: [Float]) throws(VectorError) {
        try validate(vector)
        vector.withUnsafeBufferPointer { store(id: id, $0) }
    }

    /// Removes the vector of `id`.
    @discardableResult
    public mutating func remove(id: Int64) -> Bool {
        guard let (row, last) = rows.release(id) else { return false }
        let d = dimensions
        if row != last {
            storage.withUnsafeMutableBufferPointer { s in
                for i in 0..<d { s[row * d + i] = s[last * d + i] }
            }
        }
        storage.removeLast(d)
        return true
    }

    /// The vector stored under `id`, if any.
    public func vector(id: Int64) -> [Float]? {
        rows.row(of: id).map { Array(storage[$0 * dimensions..<($0 + 1) * dimensions]) }
    }

    /// The `k` vectors nearest to `query` among those `filter` admits, nearest first.
    public func search(_ query: [Float], k: Int, filter: VectorFilter?) throws(VectorError) -> [VectorHit] {
        try validate(query)
        guard k > 0, count > 0 else { return [] }
        let d = dimensions
        return storage.withUnsafeBufferPointer { data in
            query.withUnsafeBufferPointer { q in
                rows.ids.withUnsafeBufferPointer { ids in
                    guard let base = data.baseAddress, let q = q.baseAddress, let ids = ids.baseAddress else { return [] }
                    let hits: (UnsafeMutableBufferPointer<Candidate>) -> [VectorHit] = { best in
                        best.map { VectorHit(id: $0.id, score: $0.score) }
                    }
                    if let allowed = filter?.smallIDSet(comparedTo: count) {
                        let keep = min(k, allowed.count)
                        guard keep > 0 else { return [] }
                        return ParallelScan.select(
                            rows: 0, keep: keep, parts: 1,
                            scan: { _, heap in
                                for id in allowed {
                                    guard let row = rows.row(of: id) else { continue }
                                    heap.offer(Candidate(score: DotProduct.float32(base + row * d, q, count: d), id: id, row: row))
                                }
                            }, finish: hits)
                    }
                    let parts = ParallelScan.parts(
                        rows: count, bytesPerRow: d * 4, maxThreads: maxThreads, minimumBytes: parallelMinimumBytes)
                    return ParallelScan.select(
                        rows: count, keep: min(k, count), parts: parts,
                        scan: { range, heap in
                            for row in range {
                                let score = DotProduct.float32(base + row * d, q, count: d)
                                // The filter is asked only about rows that could enter the results.
                                guard score >= heap.threshold else { continue }
                                let id = ids[row]
                                if let filter, !filter.allows(id) { continue }
                                heap.offer(Candidate(score: score, id: id, row: row))
                            }
                        }, finish: hits)
                }
            }
        }
    }

    mutating func store(id: Int64, _ vector: UnsafeBufferPointer<Float>) {
        let (row, isNew) = rows.claim(id)
        if isNew {
            storage.append(contentsOf: vector)
        } else {
            storage.withUnsafeMutableBufferPointer { s in
                for i in 0..<dimensions { s[row * dimensions + i] = vector[i] }
            }
        }
    }
}
