/// Two batches compared task by task (`eval A --compare B`): for each scorer, the runs
/// both got right or wrong, those that got better or worse in A, and McNemar's exact
/// p-value; and the change in cost and latency.
public struct RunComparison: Sendable {
    /// One scorer's paired outcome. A run is right when its score is at least 0.5 (for
    /// the 0-or-1 scorers: when it is 1).
    public struct Change: Sendable {
        /// The scorer.
        public var scorer: Scorer
        /// Runs right in both.
        public var bothRight: Int
        /// Runs wrong in both.
        public var bothWrong: Int
        /// Runs right in A only.
        public var better: [TaskKey]
        /// Runs right in B only.
        public var worse: [TaskKey]
        /// McNemar's exact two-sided p-value of better against worse.
        public var pValue: Double
        /// Mean score in A and in B over the paired runs.
        public var meanA: Double, meanB: Double
    }

    /// Runs present in both batches.
    public var paired: Int
    /// Per scorer.
    public var changes: [Change]
    /// Dollars per paired run, A minus B; nil when a price was unknown.
    public var costChange: Double?
    /// Median seconds per paired run, A minus B.
    public var latencyChange: Double

    /// Compares A's runs with B's on the runs both have.
    public init(
        a: [TaskResult], aScores: [TaskKey: TaskScores], b: [TaskResult], bScores: [TaskKey: TaskScores], scorers: [Scorer]
    ) {
        let bByKey = Dictionary(b.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let pairs = a.compactMap { run in bByKey[run.key].map { (run, $0) } }
        paired = pairs.count
        changes = scorers.compactMap { scorer in
            var change = Change(scorer: scorer, bothRight: 0, bothWrong: 0, better: [], worse: [], pValue: 1, meanA: 0, meanB: 0)
            var counted = 0
            for (runA, runB) in pairs {
                guard let scoreA = aScores[runA.key]?.scores[scorer], let scoreB = bScores[runB.key]?.scores[scorer] else { continue }
                counted += 1
                change.meanA += scoreA
                change.meanB += scoreB
                switch (scoreA >= 0.5, scoreB >= 0.5) {
                case (true, true): change.bothRight += 1
                case (false, false): change.bothWrong += 1
                case (true, false): change.better.append(runA.key)
                case (false, true): change.worse.append(runA.key)
                }
            }
            guard counted > 0 else { return nil }
            change.meanA /= Double(counted)
            change.meanB /= Double(counted)
            change.better.sort()
            change.worse.sort()
            change.pValue = Statistics.mcNemar(better: change.better.count, worse: change.worse.count)
            return change
        }
        let costs = pairs.map { ($0.0.costUSD, $0.1.costUSD) }
        costChange =
            costs.contains { $0.0 == nil || $0.1 == nil } || pairs.isEmpty
            ? nil : costs.reduce(0) { $0 + ($1.0 ?? 0) - ($1.1 ?? 0) } / Double(pairs.count)
        latencyChange =
            (Statistics.percentile(pairs.map(\.0.latencySeconds), 50) ?? 0)
            - (Statistics.percentile(pairs.map(\.1.latencySeconds), 50) ?? 0)
    }

    /// Whether A is worse than B on `scorer`: more runs got worse than better, at p < 0.05.
    public func isWorse(on scorer: Scorer) -> Bool {
        guard let change = changes.first(where: { $0.scorer == scorer }) else { return false }
        return change.worse.count > change.better.count && change.pValue < 0.05
    }
}
