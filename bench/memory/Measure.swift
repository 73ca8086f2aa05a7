import Foundation

/// A failure of the benchmark harness itself.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Timing helpers: a monotonic clock and percentiles of samples.
enum Measure {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `body` and returns its seconds.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// The `p`-th percentile (0...1) of `samples`, nearest rank.
    static func percentile(_ samples: [Double], _ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1)
        return sorted[min(sorted.count - 1, rank)]
    }

    /// Milliseconds with two decimals.
    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }

    /// Draws ranks 0..<n with probability proportional to 1 / (rank + 1)^s.
    struct Zipf {
        let cdf: [Double]

        init(n: Int, s: Double) {
            var acc = 0.0
            var cdf = [Double]()
            cdf.reserveCapacity(n)
            for k in 1...n {
                acc += 1 / pow(Double(k), s)
                cdf.append(acc)
            }
            self.cdf = cdf.map { $0 / acc }
        }

        func draw(_ u: Double) -> Int {
            var lo = 0, hi = cdf.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }
}
