import Foundation

/// Exact-scan search over int8 codes: a quarter of Float32's memory traffic, with an
/// optional exact rescoring of the best candidates.
///
/// Each vector is stored as int8 codes with one scale (see `Int8Quantizer`); a query is
/// coded as int16 and every row is scored with an integer dot product. With
/// `rescoreFactor` > 0 the index also keeps the Float32 vectors, scores the best
/// `k × rescoreFactor` candidates exactly and returns exact scores; with 0 it keeps only
/// the codes and returns approximate scores.
public struct QuantizedVectorIndex: VectorIndex, RowVectorStorage {
    /// The vectors' length.
    public let dimensions: Int
    /// How many candidates per requested hit are rescored exactly; 0 keeps no Float32 copy.
    public let rescoreFactor: Int
    /// The most threads one search may use; scans under about 1 MiB per thread use fewer.
    public var maxThreads: Int
    /// Bytes a thread must scan to be worth waking; tests lower it to reach the parallel path.
    var parallelMinimumBytes = ParallelScan.minimumBytesPerPart
    private var rows = RowDirectory()
    private var codes: [Int8] = []
    private var scales: [Float] = []
    private var full: [Float] = []

    /// An empty index of `dimensions`-long vectors (at least 1).
    public init(dimensions: Int, rescoreFactor: Int = 0, maxThreads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(dimensions > 0, "a vector index needs at least one dimension")
        self.dimensions = dimensions
        self.rescoreFactor = max(0, rescoreFactor)
        self.maxThreads = max(1, maxThreads)
    }

    /// An index of `ids.count` vectors given row-major in `vectors`; a repeated id keeps its
    /// last vector.
    public init(
        dimensions: Int, ids: [Int64], vectors: [Float], rescoreFactor: Int = 0,
        maxThreads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(VectorError) {
        self.init(dimensions: dimensions, rescoreFactor: rescoreFactor, maxThreads: maxThreads)
        try load(ids: ids, vectors: vectors)
    }

    /// How many vectors the index holds.
    public var count: Int { rows.count }

    /// Approximate bytes held by the index: codes, scales, Float32 copies, ids and lookup table.
    public var byteCount: Int { codes.capacity + scales.capacity * 4 + full.capacity * 4 + rows.byteCount }

    /// Reserves room for `capacity` vectors, so a bulk load grows the storage once.
    public mutating func reserveCapacity(_ capacity: Int) {
        rows.reserveCapacity(capacity)
        codes.reserveCapacity(capacity * dimensions)
        scales.reserveCapacity(capacity)
        if rescoreFactor > 0 { full.reserveCapacity(capacity * dimensions) }
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
            codes.withUnsafeMutableBufferPointer { c in
                for i in 0..<d { c[row * d + i] = c[last * d + i] }
            }
            scales[row] = scales[last]
            if rescoreFactor > 0 {
                full.withUnsafeMutableBufferPointer { f in
                    for i in 0..<d { f[row * d + i] = f[last * d + i] }
                }
            }
        }
        codes.removeLast(d)
        scales.removeLast()
        if rescoreFactor > 0 { full.removeLast(d) }
        return true
    }

    /// The `k` vectors nearest to `query` among those `filter` admits, nearest first.
    public func search(_ query: [Float], k: Int, filter: VectorFilter?) throws(VectorError) -> [VectorHit] {
        try validate(query)
        guard k > 0, count > 0 else { return [] }
        let d = dimensions
        let keep = rescoreFactor > 0 ? k * rescoreFactor : k
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: d) { queryCodes in
            guard let queryCodes = queryCodes.baseAddress else { return [] }
            let queryScale = query.withUnsafeBufferPointer { Int8Quantizer.encodeQuery($0, into: queryCodes) }
            return codes.withUnsafeBufferPointer { codes in
                scales.withUnsafeBufferPointer { scales in
                    rows.ids.withUnsafeBufferPointer { ids in
                        guard let base = codes.baseAddress, let scales = scales.baseAddress, let ids = ids.baseAddress else { return [] }
                        let finish: (UnsafeMutableBufferPointer<Candidate>) -> [VectorHit] = { best in
                            rescoreFactor > 0 ? rescore(best, query: query, k: k) : best.map { VectorHit(id: $0.id, score: $0.score) }
                        }
                        @inline(__always) func score(_ row: Int) -> Float {
                            Float(DotProduct.int8(base + row * d, queryCodes, count: d)) * scales[row] * queryScale
                        }
                        if let allowed = filter?.smallIDSet(comparedTo: count) {
                            let keep = min(keep, allowed.count)
                            guard keep > 0 else { return [] }
                            return ParallelScan.select(
                                rows: 0, keep: keep, parts: 1,
                                scan: { _, heap in
                                    for id in allowed {
                                        guard let row = rows.row(of: id) else { continue }
                                        heap.offer(Candidate(score: score(row), id: id, row: row))
                                    }
                                }, finish: finish)
                        }
                        let parts = ParallelScan.parts(
                            rows: count, bytesPerRow: d, maxThreads: maxThreads, minimumBytes: parallelMinimumBytes)
                        return ParallelScan.select(
                            rows: count, keep: min(keep, count), parts: parts,
                            scan: { range, heap in
                                for row in range {
                                    let s = score(row)
                                    // The filter is asked only about rows that could enter the results.
                                    guard s >= heap.threshold else { continue }
                                    let id = ids[row]
                                    if let filter, !filter.allows(id) { continue }
                                    heap.offer(Candidate(score: s, id: id, row: row))
                                }
                            }, finish: finish)
                    }
                }
            }
        }
    }

    /// The best `k` of `candidates` by exact Float32 score, best first.
    private func rescore(_ candidates: UnsafeMutableBufferPointer<Candidate>, query: [Float], k: Int) -> [VectorHit] {
        let d = dimensions
        return full.withUnsafeBufferPointer { full in
            query.withUnsafeBufferPointer { q in
                guard let base = full.baseAddress, let q = q.baseAddress else { return [] }
                for i in candidates.indices {
                    candidates[i].score = DotProduct.float32(base + candidates[i].row * d, q, count: d)
                }
                var rescored = candidates
                rescored.sort { $1.ranks(after: $0) }
                return rescored.prefix(k).map { VectorHit(id: $0.id, score: $0.score) }
            }
        }
    }

    mutating func store(id: Int64, _ vector: UnsafeBufferPointer<Float>) {
        let d = dimensions
        let (row, isNew) = rows.claim(id)
        if isNew {
            codes.append(contentsOf: repeatElement(0, count: d))
            scales.append(0)
            if rescoreFactor > 0 { full.append(contentsOf: vector) }
        } else if rescoreFactor > 0 {
            full.withUnsafeMutableBufferPointer { f in
                for i in 0..<d { f[row * d + i] = vector[i] }
            }
        }
        scales[row] = codes.withUnsafeMutableBufferPointer { c in
            guard let base = c.baseAddress else { return 0 }
            return Int8Quantizer.encode(vector, into: base + row * d)
        }
    }
}
