import AgentCore
import Evaluation
import Testing

/// Summaries and comparisons of two constructed batches whose figures are known.
struct ReportTests {
    func result(_ id: String, _ answer: String, status: RunStatus = .answered, cost: Double? = 0.01, seconds: Double = 2) -> TaskResult {
        TaskResult(
            id: id, epoch: 1, status: status, answer: answer,
            sources: answer.contains("[1]") ? [NumberedSource(number: 1, source: Source(kind: .url, ref: "u"))] : [],
            steps: 2, inputTokens: 100, outputTokens: 10, cachedTokens: 50, costUSD: cost, latencySeconds: seconds,
            tools: ["web_search": .init(calls: 2, errors: 1)], error: nil, transcript: "transcripts/\(id).jsonl", transcriptSHA256: "")
    }

    let tasks = (1...10).map { EvalTask(id: "t\($0)", question: "q", answers: ["right"], metadata: ["hops": .int($0 % 2 + 1)]) }

    func scores(_ results: [TaskResult]) -> [TaskKey: TaskScores] {
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        return Dictionary(uniqueKeysWithValues: results.map { ($0.key, TaskScores.local($0, task: byID[$0.id], scorers: Scorer.local)) })
    }

    /// A: t1...t8 right; B: t1...t3 and t9 right.
    var a: [TaskResult] { (1...10).map { result("t\($0)", $0 <= 8 ? "right [1]" : "wrong", seconds: Double($0)) } }
    var b: [TaskResult] {
        (1...10).map { result("t\($0)", $0 <= 3 || $0 == 9 ? "right" : "wrong", status: $0 == 10 ? .budget : .answered, cost: 0.02) }
    }

    @Test func aSummaryCountsAndEstimates() throws {
        let summary = RunSummary(name: "a", results: a, scores: scores(a), scorers: Scorer.local)
        #expect(summary.runs == 10 && summary.statuses[.answered] == 10)
        #expect(summary.scores[.exact]?.mean == 0.0, "\"right [1]\" is not exactly \"right\"")
        #expect(summary.scores[.contains]?.mean == 0.8 && summary.scores[.cited]?.mean == 0.8)
        #expect(abs((summary.totalCost ?? 0) - 0.1) < 1e-12 && summary.latency.p50 == 5 && summary.latency.p95 == 10)
        #expect(summary.cachedShare == 0.5 && summary.tools["web_search"] == .init(calls: 20, errors: 10))
    }

    @Test func aComparisonPairsTasks() throws {
        let comparison = RunComparison(a: a, aScores: scores(a), b: b, bScores: scores(b), scorers: [.contains])
        let change = try #require(comparison.changes.first)
        #expect(comparison.paired == 10 && change.bothRight == 3 && change.bothWrong == 1)
        #expect(change.better.map(\.id) == ["t4", "t5", "t6", "t7", "t8"] && change.worse.map(\.id) == ["t9"])
        // 5 better, 1 worse: 2 · (1 + 6) / 64.
        #expect(abs(change.pValue - 14.0 / 64.0) < 1e-12)
        #expect(!comparison.isWorse(on: .contains))
        let reverse = RunComparison(a: b, aScores: scores(b), b: a, bScores: scores(a), scorers: [.contains])
        #expect(!reverse.isWorse(on: .contains), "5 of 6 discordant pairs is not significant at 0.05")
        #expect(abs((comparison.costChange ?? 0) + 0.01) < 1e-12)
    }

    @Test func everyFormatShowsTheFigures() throws {
        let summaries = [
            ReportInput(
                summary: RunSummary(name: "a", results: a, scores: scores(a), scorers: Scorer.local), results: a, scores: scores(a),
                directory: "/runs/a"),
            ReportInput(
                summary: RunSummary(name: "b", results: b, scores: scores(b), scorers: Scorer.local), results: b, scores: scores(b),
                directory: "/runs/b"),
        ]
        let comparison = RunComparison(a: a, aScores: scores(a), b: b, bScores: scores(b), scorers: Scorer.local)
        let text = ReportFormat.text.render(summaries, comparison: comparison, scorers: Scorer.local)
        #expect(
            text.contains("contains (95% CI)") && text.contains("80.0% [49.0%, 94.3%]")
                && text.contains("contains better: t4, t5, t6, t7, t8"))
        let markdown = ReportFormat.md.render(summaries, comparison: comparison, scorers: Scorer.local)
        #expect(markdown.contains("| runs | 10 | 10 |") && markdown.contains("|---|---|---|"))
        let json = try JSONValue.parse(ReportFormat.json.render(summaries, comparison: comparison, scorers: Scorer.local))
        #expect(json["runs"]?.arrayValue?[1]["status"]?["budget"]?.intValue == 1)
        #expect(
            json["comparison"]?["scorers"]?.arrayValue?.first { $0["scorer"]?.stringValue == "contains" }?["worse"]?.arrayValue?.count == 1)
    }

    /// The HTML report's table of runs shows each task's metadata and escapes what it shows.
    @Test func theHTMLTableShowsMetadataEscaped() {
        var odd = a
        odd[0].answer = "<b>right</b> & more"
        let input = ReportInput(
            summary: RunSummary(name: "a", results: odd, scores: scores(odd), scorers: [.contains]), results: odd, scores: scores(odd),
            directory: "/runs/a", tasks: Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) }))
        let html = ReportFormat.html.render([input], scorers: [.contains])
        #expect(html.contains("<td><code>{&quot;hops&quot;:2}</code></td>"))
        #expect(html.contains("&lt;b&gt;right&lt;/b&gt; &amp; more") && !html.contains("<b>right"))
        #expect(html.contains("research-agent replay /runs/a/transcripts/t1.jsonl"))
    }
}
