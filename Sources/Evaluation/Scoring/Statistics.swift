import Foundation

/// The statistics reports use: intervals, percentiles and the paired test.
public enum Statistics {
    /// A mean with its 95% confidence interval.
    public struct Estimate: Sendable, Equatable {
        /// The mean.
        public var mean: Double
        /// The interval's lower end.
        public var low: Double
        /// The interval's upper end.
        public var high: Double
        /// How many values.
        public var count: Int
    }

    /// z for a two-sided 95% interval.
    static let z = 1.959963984540054

    /// The mean of `values` in [0, 1] with a 95% interval: Wilson's score interval when
    /// every value is 0 or 1 (it stays inside [0, 1] and behaves at 0% and 100%), else the
    /// normal approximation, clipped to [0, 1]. Nil for no values.
    public static func estimate(_ values: [Double]) -> Estimate? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        if values.allSatisfy({ $0 == 0 || $0 == 1 }) {
            let centre = (mean + z * z / (2 * n)) / (1 + z * z / n)
            let half = z / (1 + z * z / n) * (mean * (1 - mean) / n + z * z / (4 * n * n)).squareRoot()
            return Estimate(mean: mean, low: max(0, centre - half), high: min(1, centre + half), count: values.count)
        }
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let half = z * (variance / n).squareRoot()
        return Estimate(mean: mean, low: max(0, mean - half), high: min(1, mean + half), count: values.count)
    }

    /// The nearest-rank percentile `p` (0...100) of `values`; nil for none.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// McNemar's exact two-sided p-value for `better` tasks right only in one run and
    /// `worse` right only in the other: the binomial test of the discordant pairs at 1/2.
    public static func mcNemar(better: Int, worse: Int) -> Double {
        let n = better + worse
        guard n > 0 else { return 1 }
        let k = min(better, worse)
        // Summed in log space: C(n, i) / 2^n underflows a Double for a few thousand pairs.
        var logTerms: [Double] = []
        for i in 0...k { logTerms.append(logChoose(n, i) - Double(n) * log(2)) }
        let top = logTerms.max() ?? 0
        let tail = exp(top) * logTerms.reduce(0) { $0 + exp($1 - top) }
        return min(1, 2 * tail)
    }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
