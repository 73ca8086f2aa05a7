import AgentCore
import Foundation

/// What a report shows of one batch: its summary, and for the HTML report its runs.
public struct ReportInput: Sendable {
    /// The batch's summary.
    public var summary: RunSummary
    /// Its runs (the last result of each).
    public var results: [TaskResult]
    /// Their scores.
    public var scores: [TaskKey: TaskScores]
    /// The batch directory, for the replay command of a run whose transcript path is relative.
    public var directory: String
    /// The tasks by id, for the metadata shown with each run.
    public var tasks: [String: EvalTask]

    /// An input.
    public init(
        summary: RunSummary, results: [TaskResult], scores: [TaskKey: TaskScores], directory: String, tasks: [String: EvalTask] = [:]
    ) {
        self.summary = summary
        self.results = results
        self.scores = scores
        self.directory = directory
        self.tasks = tasks
    }
}

/// `eval --format html`: one self-contained file (inline SVG and CSS, no script, nothing
/// fetched): the scores with their intervals, cost against score for each batch, the
/// latency distribution, the comparison, and a table of runs with the replay command of each.
enum HTMLReport {
    static let colours = ["#2563eb", "#dc2626", "#059669", "#d97706"]

    static func render(_ inputs: [ReportInput], comparison: RunComparison?, scorers: [Scorer]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>research-agent eval: \(escape(inputs.map(\.summary.name).joined(separator: " vs ")))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f4f6}
            code{font-size:.85em}svg{display:block;margin:.5em 0}
            </style></head><body>
            <h1>Evaluation</h1>

            """
        html += "<h2 id=\"summary\">Summary</h2>\n"
        html += table(
            header: [""] + inputs.map(\.summary.name),
            rows: summaryRows(inputs.map(\.summary), scorers: scorers))
        html += "<h2 id=\"scores\">Scores with 95% intervals</h2>\n" + scoreChart(inputs.map(\.summary), scorers: scorers)
        if let primary = scorers.first {
            html += "<h2 id=\"cost\">Cost against \(primary.rawValue)</h2>\n" + costChart(inputs.map(\.summary), scorer: primary)
        }
        html += "<h2 id=\"latency\">Latency</h2>\n" + latencyChart(inputs)
        if let comparison {
            html += "<h2 id=\"comparison\">Compared task by task (\(comparison.paired) runs in both)</h2>\n"
            html += table(
                header: ["scorer", "A", "B", "both right", "both wrong", "better", "worse", "McNemar p"],
                rows: comparison.changes.map { change in
                    [
                        change.scorer.rawValue, ReportFormat.percent(change.meanA), ReportFormat.percent(change.meanB),
                        "\(change.bothRight)",
                        "\(change.bothWrong)", change.better.map(\.id).joined(separator: ", "),
                        change.worse.map(\.id).joined(separator: ", "),
                        String(format: "%.3g", change.pValue),
                    ]
                })
        }
        for input in inputs {
            html += "<h2 id=\"runs-\(escape(input.summary.name))\">Runs of \(escape(input.summary.name))</h2>\n"
            html += table(
                header: ["task", "status"] + scorers.map(\.rawValue) + ["cost", "latency", "steps", "answer", "metadata", "replay"],
                rows: input.results.map { result in
                    let scores = input.scores[result.key]?.scores ?? [:]
                    return [result.key.epoch > 1 ? "\(result.id)#\(result.key.epoch)" : result.id, result.status.rawValue]
                        + scorers.map { scores[$0].map { String(format: "%.2f", $0) } ?? "n/a" }
                        + [
                            ReportFormat.dollars(result.costUSD), ReportFormat.seconds(result.latencySeconds), "\(result.steps)",
                            String(result.answer.prefix(300)), input.tasks[result.id]?.metadata?.canonicalText ?? "",
                            "research-agent replay "
                                + (result.transcript.hasPrefix("/") ? result.transcript : "\(input.directory)/\(result.transcript)"),
                        ]
                }, code: 2)
        }
        return html + "</body></html>\n"
    }

    private static func summaryRows(_ summaries: [RunSummary], scorers: [Scorer]) -> [[String]] {
        var rows: [[String]] = [["runs"] + summaries.map { "\($0.runs)" }]
        for status in RunStatus.allCases { rows.append([status.rawValue] + summaries.map { "\($0.statuses[status] ?? 0)" }) }
        for scorer in scorers { rows.append([scorer.rawValue] + summaries.map { ReportFormat.scoreCell($0.scores[scorer]) }) }
        rows.append(["cost total"] + summaries.map { ReportFormat.dollars($0.totalCost) })
        rows.append(
            ["latency p50 / p95"] + summaries.map { "\(ReportFormat.seconds($0.latency.p50)) / \(ReportFormat.seconds($0.latency.p95))" })
        rows.append(["steps p50 / p95"] + summaries.map { "\(Int($0.steps.p50)) / \(Int($0.steps.p95))" })
        return rows
    }

    /// A table; the cells of the last `code` columns are shown as code.
    private static func table(header: [String], rows: [[String]], code: Int = 0) -> String {
        var out = "<table>\n<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                out += index >= row.count - code ? "<td><code>\(escape(cell))</code></td>" : "<td>\(escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// One row per scorer and batch: a bar to the mean, a whisker over the interval.
    private static func scoreChart(_ summaries: [RunSummary], scorers: [Scorer]) -> String {
        let rowHeight = 18, left = 160, width = 400
        let rows = scorers.flatMap { scorer in summaries.enumerated().map { (scorer, $0.offset, $0.element) } }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(left + width + 80)\" height=\"\(rows.count * rowHeight + 24)\" role=\"img\" aria-label=\"scores\">\n"
        for (index, (scorer, batch, summary)) in rows.enumerated() {
            let y = index * rowHeight
            let colour = colours[batch % colours.count]
            svg += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"12\">\(escape(scorer.rawValue)) · \(escape(summary.name))</text>\n"
            guard let estimate = summary.scores[scorer] else { continue }
            let x = { (value: Double) in left + Int(value * Double(width)) }
            svg +=
                "<rect x=\"\(left)\" y=\"\(y + 3)\" width=\"\(x(estimate.mean) - left)\" height=\"12\" fill=\"\(colour)\" opacity=\"0.7\"/>\n"
            svg += "<line x1=\"\(x(estimate.low))\" x2=\"\(x(estimate.high))\" y1=\"\(y + 9)\" y2=\"\(y + 9)\" stroke=\"#111\"/>\n"
            svg += "<text x=\"\(left + width + 6)\" y=\"\(y + 13)\" font-size=\"12\">\(ReportFormat.percent(estimate.mean))</text>\n"
        }
        let axis = rows.count * rowHeight + 4
        svg += "<line x1=\"\(left)\" x2=\"\(left + width)\" y1=\"\(axis)\" y2=\"\(axis)\" stroke=\"#888\"/>"
        svg +=
            "<text x=\"\(left)\" y=\"\(axis + 16)\" font-size=\"11\">0%</text><text x=\"\(left + width - 24)\" y=\"\(axis + 16)\" font-size=\"11\">100%</text>\n"
        return svg + "</svg>\n"
    }

    /// Each batch as a point: dollars per run across, the scorer's mean up.
    private static func costChart(_ summaries: [RunSummary], scorer: Scorer) -> String {
        let width = 400, height = 200, pad = 40
        let most = max(summaries.compactMap(\.costPerRun).max() ?? 0, 1e-9)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width + 2 * pad + 120)\" height=\"\(height + 2 * pad)\" role=\"img\" aria-label=\"cost against score\">\n"
        svg += "<rect x=\"\(pad)\" y=\"\(pad)\" width=\"\(width)\" height=\"\(height)\" fill=\"none\" stroke=\"#888\"/>\n"
        for (index, summary) in summaries.enumerated() {
            guard let estimate = summary.scores[scorer] else { continue }
            let x = pad + Int((summary.costPerRun ?? 0) / most * Double(width))
            let y = pad + height - Int(estimate.mean * Double(height))
            svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"5\" fill=\"\(colours[index % colours.count])\"/>"
            svg +=
                "<text x=\"\(x + 8)\" y=\"\(y + 4)\" font-size=\"12\">\(escape(summary.name)): \(ReportFormat.dollars(summary.costPerRun)) per run, \(ReportFormat.percent(estimate.mean))</text>\n"
        }
        svg += "<text x=\"\(pad)\" y=\"\(height + pad + 16)\" font-size=\"11\">$0</text>"
        svg += "<text x=\"\(pad + width - 60)\" y=\"\(height + pad + 16)\" font-size=\"11\">\(ReportFormat.dollars(most)) per run</text>\n"
        return svg + "</svg>\n"
    }

    /// A histogram of seconds per run, ten bins, one colour per batch.
    private static func latencyChart(_ inputs: [ReportInput]) -> String {
        let all = inputs.flatMap { $0.results.map(\.latencySeconds) }
        let top = max(all.max() ?? 1, 1e-9)
        let bins = 10, width = 400, height = 120, pad = 30
        let barWidth = width / bins / max(1, inputs.count)
        let counts = inputs.map { input in
            var bin = [Int](repeating: 0, count: bins)
            for seconds in input.results.map(\.latencySeconds) { bin[min(bins - 1, Int(seconds / top * Double(bins)))] += 1 }
            return bin
        }
        let tallest = max(counts.flatMap { $0 }.max() ?? 1, 1)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width + 2 * pad)\" height=\"\(height + 2 * pad)\" role=\"img\" aria-label=\"latency\">\n"
        for (batch, bin) in counts.enumerated() {
            for (index, count) in bin.enumerated() where count > 0 {
                let h = count * height / tallest
                let x = pad + index * (width / bins) + batch * barWidth
                svg +=
                    "<rect x=\"\(x)\" y=\"\(pad + height - h)\" width=\"\(barWidth - 1)\" height=\"\(h)\" fill=\"\(colours[batch % colours.count])\"><title>\(count) runs</title></rect>"
            }
        }
        svg += "\n<text x=\"\(pad)\" y=\"\(height + pad + 16)\" font-size=\"11\">0 s</text>"
        svg += "<text x=\"\(pad + width - 40)\" y=\"\(height + pad + 16)\" font-size=\"11\">\(ReportFormat.seconds(top))</text>\n"
        return svg + "</svg>\n"
    }

    /// Text made safe for HTML.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
