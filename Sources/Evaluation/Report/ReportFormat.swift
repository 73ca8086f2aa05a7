import AgentCore
import Foundation

/// How `eval` prints its report.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned text for a terminal.
    case text
    /// Markdown tables.
    case md
    /// One JSON object.
    case json
    /// One self-contained HTML file with charts.
    case html

    /// The report of `inputs` (one per batch given), with `comparison` when asked for.
    public func render(_ inputs: [ReportInput], comparison: RunComparison? = nil, scorers: [Scorer]) -> String {
        let summaries = inputs.map(\.summary)
        switch self {
        case .json: return Self.json(summaries, comparison: comparison, scorers: scorers).prettyText + "\n"
        case .text, .md: return Self.table(summaries, comparison: comparison, scorers: scorers, markdown: self == .md)
        case .html: return HTMLReport.render(inputs, comparison: comparison, scorers: scorers)
        }
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func dollars(_ value: Double?) -> String { value.map { String(format: "$%.4f", $0) } ?? "unknown" }
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    static func scoreCell(_ estimate: Statistics.Estimate?) -> String {
        guard let estimate else { return "n/a" }
        return "\(percent(estimate.mean)) [\(percent(estimate.low)), \(percent(estimate.high))]"
    }

    private static func table(_ summaries: [RunSummary], comparison: RunComparison?, scorers: [Scorer], markdown: Bool) -> String {
        var rows: [[String]] = [[""] + summaries.map(\.name)]
        rows.append(["runs"] + summaries.map { "\($0.runs)" })
        for status in RunStatus.allCases {
            rows.append([status.rawValue] + summaries.map { "\($0.statuses[status] ?? 0)" })
        }
        for scorer in scorers { rows.append(["\(scorer.rawValue) (95% CI)"] + summaries.map { scoreCell($0.scores[scorer]) }) }
        rows.append(["cost total"] + summaries.map { dollars($0.totalCost) })
        rows.append(["cost per run"] + summaries.map { dollars($0.costPerRun) })
        rows.append(["latency p50 / p95"] + summaries.map { "\(seconds($0.latency.p50)) / \(seconds($0.latency.p95))" })
        rows.append(["steps p50 / p95"] + summaries.map { "\(Int($0.steps.p50)) / \(Int($0.steps.p95))" })
        rows.append(["tokens in / out"] + summaries.map { "\($0.inputTokens) / \($0.outputTokens)" })
        rows.append(["prompt cache share"] + summaries.map { percent($0.cachedShare) })
        for tool in Set(summaries.flatMap(\.tools.keys)).sorted() {
            rows.append(
                ["\(tool) calls (errors)"]
                    + summaries.map { summary in
                        let use = summary.tools[tool] ?? .init()
                        return "\(use.calls) (\(use.errors), \(percent(use.calls > 0 ? Double(use.errors) / Double(use.calls) : 0)))"
                    })
        }
        var out = grid(rows, markdown: markdown)
        if let comparison {
            out += "\n" + (markdown ? "## " : "") + "Compared task by task (\(comparison.paired) runs in both)\n\n"
            var compared: [[String]] = [["scorer", "A", "B", "both right", "both wrong", "better", "worse", "McNemar p"]]
            for change in comparison.changes {
                compared.append([
                    change.scorer.rawValue, percent(change.meanA), percent(change.meanB), "\(change.bothRight)", "\(change.bothWrong)",
                    "\(change.better.count)", "\(change.worse.count)", String(format: "%.3g", change.pValue),
                ])
            }
            out += grid(compared, markdown: markdown)
            out += "\ncost per run change: \(comparison.costChange.map { String(format: "%+.4f $", $0) } ?? "unknown")"
            out += "; latency p50 change: \(String(format: "%+.1f s", comparison.latencyChange))\n"
            for change in comparison.changes where !change.better.isEmpty || !change.worse.isEmpty {
                let list = { (keys: [TaskKey]) in keys.map { $0.epoch > 1 ? "\($0.id)#\($0.epoch)" : $0.id }.joined(separator: ", ") }
                if !change.better.isEmpty { out += "\(change.scorer.rawValue) better: \(list(change.better))\n" }
                if !change.worse.isEmpty { out += "\(change.scorer.rawValue) worse: \(list(change.worse))\n" }
            }
        }
        return out
    }

    /// Rows as aligned text, or as a Markdown table.
    private static func grid(_ rows: [[String]], markdown: Bool) -> String {
        if markdown {
            var lines = rows.map { "| " + $0.joined(separator: " | ") + " |" }
            lines.insert("|" + String(repeating: "---|", count: rows.first?.count ?? 0), at: 1)
            return lines.joined(separator: "\n") + "\n"
        }
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    private static func json(_ summaries: [RunSummary], comparison: RunComparison?, scorers: [Scorer]) -> JSONValue {
        func estimate(_ e: Statistics.Estimate) -> JSONValue {
            ["mean": .number(e.mean), "low": .number(e.low), "high": .number(e.high), "n": .int(e.count)]
        }
        let runs: [JSONValue] = summaries.map { s in
            .object(
                JSONObject(pairs: [
                    ("name", .string(s.name)), ("runs", .int(s.runs)),
                    ("status", .object(JSONObject(pairs: RunStatus.allCases.map { ($0.rawValue, .int(s.statuses[$0] ?? 0)) }))),
                    ("scores", .object(JSONObject(pairs: scorers.compactMap { sc in s.scores[sc].map { (sc.rawValue, estimate($0)) } }))),
                    ("cost_usd", .optional(s.totalCost)), ("cost_per_run_usd", .optional(s.costPerRun)),
                    ("latency_s", ["p50": .number(s.latency.p50), "p95": .number(s.latency.p95)]),
                    ("steps", ["p50": .number(s.steps.p50), "p95": .number(s.steps.p95)]),
                    ("tokens", ["input": .int(s.inputTokens), "output": .int(s.outputTokens), "cached_share": .number(s.cachedShare)]),
                    (
                        "tool_calls",
                        .object(
                            JSONObject(
                                pairs: s.tools.keys.sorted().map {
                                    ($0, ["calls": .int(s.tools[$0]?.calls ?? 0), "errors": .int(s.tools[$0]?.errors ?? 0)] as JSONValue)
                                }))
                    ),
                ]))
        }
        var fields: [(String, JSONValue)] = [("runs", .array(runs))]
        if let comparison {
            let keys = { (list: [TaskKey]) -> JSONValue in .array(list.map { ["id": .string($0.id), "epoch": .int($0.epoch)] }) }
            let changes: [JSONValue] = comparison.changes.map { c in
                [
                    "scorer": .string(c.scorer.rawValue), "mean_a": .number(c.meanA), "mean_b": .number(c.meanB),
                    "both_right": .int(c.bothRight), "both_wrong": .int(c.bothWrong), "better": keys(c.better), "worse": keys(c.worse),
                    "mcnemar_p": .number(c.pValue),
                ]
            }
            fields.append(
                (
                    "comparison",
                    [
                        "paired": .int(comparison.paired), "scorers": .array(changes),
                        "cost_per_run_change_usd": .optional(comparison.costChange),
                        "latency_p50_change_s": .number(comparison.latencyChange),
                    ]
                ))
        }
        return .object(JSONObject(pairs: fields))
    }
}
