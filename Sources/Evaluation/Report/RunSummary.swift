import AgentCore

/// What `eval` says about one batch: outcomes, scores with their intervals, cost, latency,
/// tokens and tools.
public struct RunSummary: Sendable {
    /// The batch's name in reports (its directory).
    public var name: String
    /// Runs counted (tasks times epochs).
    public var runs: Int
    /// Runs by how they ended.
    public var statuses: [RunStatus: Int]
    /// Each scorer's mean with its 95% interval, over the runs it could score.
    public var scores: [Scorer: Statistics.Estimate]
    /// Dollars in total; nil when a run's price was unknown.
    public var totalCost: Double?
    /// Seconds per run at p50 and p95.
    public var latency: (p50: Double, p95: Double)
    /// Steps per run at p50 and p95.
    public var steps: (p50: Double, p95: Double)
    /// Prompt and generated tokens, and the share of prompt tokens served from a cache.
    public var inputTokens: Int, outputTokens: Int, cachedShare: Double
    /// Tool calls by tool, with errors.
    public var tools: [String: TaskResult.ToolUse]

    /// The summary of `results` (the last line of each run) and their `scores`.
    public init(name: String, results: [TaskResult], scores: [TaskKey: TaskScores], scorers: [Scorer]) {
        self.name = name
        runs = results.count
        statuses = [:]
        for result in results { statuses[result.status, default: 0] += 1 }
        var estimates: [Scorer: Statistics.Estimate] = [:]
        for scorer in scorers {
            let values = results.compactMap { scores[$0.key]?.scores[scorer] }
            if let estimate = Statistics.estimate(values) { estimates[scorer] = estimate }
        }
        self.scores = estimates
        totalCost = results.contains { $0.costUSD == nil } ? nil : results.reduce(0) { $0 + ($1.costUSD ?? 0) }
        let seconds = results.map(\.latencySeconds), stepCounts = results.map { Double($0.steps) }
        latency = (Statistics.percentile(seconds, 50) ?? 0, Statistics.percentile(seconds, 95) ?? 0)
        steps = (Statistics.percentile(stepCounts, 50) ?? 0, Statistics.percentile(stepCounts, 95) ?? 0)
        inputTokens = results.reduce(0) { $0 + $1.inputTokens }
        outputTokens = results.reduce(0) { $0 + $1.outputTokens }
        let cached = results.reduce(0) { $0 + $1.cachedTokens }
        cachedShare = inputTokens > 0 ? Double(cached) / Double(inputTokens) : 0
        var tools: [String: TaskResult.ToolUse] = [:]
        for result in results {
            for (name, use) in result.tools {
                tools[name, default: .init()].calls += use.calls
                tools[name, default: .init()].errors += use.errors
            }
        }
        self.tools = tools
    }

    /// Dollars per run, when known.
    public var costPerRun: Double? { totalCost.map { runs > 0 ? $0 / Double(runs) : 0 } }
}
