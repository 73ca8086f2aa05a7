import Testing

@testable import Retrieval

@Suite struct ParallelScanTests {
    @Test func partsNeedAMebibyteEach() {
        #expect(ParallelScan.parts(rows: 100, bytesPerRow: 1536, maxThreads: 8) == 1)
        #expect(ParallelScan.parts(rows: 10_000, bytesPerRow: 1536, maxThreads: 2) == 2)
        #expect(ParallelScan.parts(rows: 10_000, bytesPerRow: 1536, maxThreads: 1) == 1)
        #expect(ParallelScan.parts(rows: 0, bytesPerRow: 1536, maxThreads: 4) == 1)
    }

    @Test(arguments: [1, 2, 3, 7])
    func mergesPartsIntoTheSameResult(parts: Int) {
        // Scores repeat every 97 rows, so the best ten are ties broken by id across parts.
        let ids = ParallelScan.select(
            rows: 1000, keep: 10, parts: parts,
            scan: { range, heap in
                for row in range { heap.offer(Candidate(score: Float(row % 97), id: Int64(row), row: row)) }
            }, finish: { $0.map(\.id) })
        #expect(ids == [96, 193, 290, 387, 484, 581, 678, 775, 872, 969])
    }
}
