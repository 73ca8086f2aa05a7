import Dispatch

/// Splits a top-k scan over rows into contiguous parts run on several cores, each with its
/// own heap, then merges the heaps.
enum ParallelScan {
    /// Bytes a part must read to be worth a thread: waking a worker costs tens of
    /// microseconds, about what one core needs to scan 1 MiB.
    static let minimumBytesPerPart = 1 << 20

    /// How many parts to split `rows` rows of `bytesPerRow` bytes into: at most
    /// `maxThreads`, each reading at least `minimumBytes`.
    static func parts(rows: Int, bytesPerRow: Int, maxThreads: Int, minimumBytes: Int = minimumBytesPerPart) -> Int {
        max(1, min(maxThreads, rows * bytesPerRow / max(1, minimumBytes)))
    }

    /// Runs `scan` over `0..<rows` in `parts` parts, keeps the best `keep` candidates of
    /// all parts, and hands them to `finish` best first.
    ///
    /// `scan` runs on several threads at once when `parts > 1`: it must only read shared
    /// state; each call gets its own row range and its own heap.
    static func select<R>(
        rows: Int, keep: Int, parts: Int,
        scan: (Range<Int>, inout TopK) -> Void,
        finish: (UnsafeMutableBufferPointer<Candidate>) -> R
    ) -> R {
        guard parts > 1 else {
            return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: keep) { slots in
                var heap = TopK(slots: slots)
                scan(0..<rows, &heap)
                return finish(heap.sortedBestFirst())
            }
        }
        // One heap per part, then one more for the merge.
        return withUnsafeTemporaryAllocation(of: Candidate.self, capacity: keep * (parts + 1)) { slots in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: parts) { kept in
                withoutActuallyEscaping(scan) { scan in
                    let shared = Shared(slots: slots, kept: kept, keep: keep, rows: rows, parts: parts, scan: scan)
                    DispatchQueue.concurrentPerform(iterations: parts) { shared.run($0) }
                }
                var merged = TopK(slots: UnsafeMutableBufferPointer(rebasing: slots[parts * keep..<(parts + 1) * keep]))
                for part in 0..<parts {
                    for candidate in slots[part * keep..<part * keep + kept[part]] { merged.offer(candidate) }
                }
                return finish(merged.sortedBestFirst())
            }
        }
    }

    /// What the worker threads share. Unchecked because it holds raw memory: each part
    /// writes only its own heap slots and its own `kept` entry, and the scan only reads.
    private struct Shared: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Candidate>
        let kept: UnsafeMutableBufferPointer<Int>
        let keep: Int
        let rows: Int
        let parts: Int
        let scan: (Range<Int>, inout TopK) -> Void

        func run(_ part: Int) {
            var heap = TopK(slots: UnsafeMutableBufferPointer(rebasing: slots[part * keep..<(part + 1) * keep]))
            scan(rows * part / parts..<rows * (part + 1) / parts, &heap)
            kept[part] = heap.count
        }
    }
}
