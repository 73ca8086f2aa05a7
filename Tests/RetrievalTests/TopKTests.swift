import AgentTesting
import Testing

@testable import Retrieval

@Suite struct TopKTests {
    func best(_ candidates: [Candidate], keep: Int) -> [Int64] {
        withUnsafeTemporaryAllocation(of: Candidate.self, capacity: keep) { slots in
            var heap = TopK(slots: slots)
            for c in candidates { heap.offer(c) }
            return heap.sortedBestFirst().map(\.id)
        }
    }

    @Test func keepsTheBestInAnyOfferOrder() {
        var generator = SplitMix64(seed: 1)
        let candidates = (0..<500).map { Candidate(score: Float(generator.next() % 100), id: Int64($0), row: $0) }
        let expected = candidates.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }.prefix(20).map(\.id)
        for _ in 0..<5 { #expect(best(candidates.shuffled(using: &generator), keep: 20) == expected) }
    }

    @Test func fewerCandidatesThanSlotsAndZeroSlots() {
        #expect(best([Candidate(score: 1, id: 2, row: 0), Candidate(score: 1, id: 1, row: 1)], keep: 5) == [1, 2])
        #expect(best([Candidate(score: 1, id: 2, row: 0)], keep: 0).isEmpty)
    }

    @Test func thresholdIsTheWorstKeptScoreOnceFull() {
        withUnsafeTemporaryAllocation(of: Candidate.self, capacity: 2) { slots in
            var heap = TopK(slots: slots)
            #expect(heap.threshold == -.infinity)
            heap.offer(Candidate(score: 0.5, id: 1, row: 0))
            heap.offer(Candidate(score: 0.9, id: 2, row: 1))
            #expect(heap.threshold == 0.5)
            heap.offer(Candidate(score: 0.5, id: 0, row: 2))
            #expect(heap.sortedBestFirst().map(\.id) == [2, 0])
        }
    }
}
