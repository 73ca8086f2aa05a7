/// One candidate in a top-k selection: its score, id and row.
struct Candidate: Sendable {
    var score: Float
    var id: Int64
    var row: Int

    /// Whether `self` ranks after `other` (lower score, then higher id): the heap's order.
    @inline(__always)
    func ranks(after other: Candidate) -> Bool {
        score < other.score || (score == other.score && id > other.id)
    }
}

/// A bounded min-heap of the best `capacity` candidates seen so far, over caller-provided
/// memory so a search allocates nothing but its result. The root is the worst kept
/// candidate, so most rows are rejected by one comparison with `threshold`.
struct TopK {
    private let slots: UnsafeMutableBufferPointer<Candidate>
    /// How many candidates are kept.
    private(set) var count = 0

    /// A heap that keeps at most `slots.count` candidates.
    init(slots: UnsafeMutableBufferPointer<Candidate>) { self.slots = slots }

    /// Whether the heap holds as many candidates as it can keep.
    var isFull: Bool { count == slots.count }

    /// The score a row must reach to be considered: -infinity until the heap is full, then
    /// the worst kept score (a tie may still enter by a lower id).
    var threshold: Float { isFull ? slots[0].score : -.infinity }

    /// Offers a candidate; keeps it if it ranks among the best `capacity` seen.
    @inline(__always)
    mutating func offer(_ candidate: Candidate) {
        guard !slots.isEmpty else { return }
        if count < slots.count {
            slots[count] = candidate
            count += 1
            siftUp(count - 1)
        } else if slots[0].ranks(after: candidate) {
            slots[0] = candidate
            siftDown(0)
        }
    }

    /// The kept candidates, best first, sorted in place in the heap's memory.
    mutating func sortedBestFirst() -> UnsafeMutableBufferPointer<Candidate> {
        var kept = UnsafeMutableBufferPointer(rebasing: slots[0..<count])
        kept.sort { $1.ranks(after: $0) }
        return kept
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard slots[child].ranks(after: slots[parent]) else { return }
            slots.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            let worse = right < count && slots[right].ranks(after: slots[left]) ? right : left
            guard slots[worse].ranks(after: slots[parent]) else { return }
            slots.swapAt(worse, parent)
            parent = worse
        }
    }
}
