import AgentCore
import ArgumentParser
import Evaluation
import Foundation
import LLM
import Logging

extension Scorer: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

/// `research-agent eval DIR...`: scores a batch's answers and reports on it, or compares
/// it with another, task by task. Scoring never runs a task again.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a batch's answers and report: outcomes, scores with 95% intervals, cost, latency, tokens, tools.",
        discussion: """
            Several directories are read as one batch (the shards of a batch run over several workers). Scores are \
            written to scores.jsonl in each batch directory. With --compare, the runs both batches have are paired: \
            both right, both wrong, better, worse, and McNemar's exact p-value. A run is right on a scorer when its \
            score is at least 0.5. See docs/BATCH.md.
            """)

    @Argument(help: ArgumentHelp("The batch directory, or the directories of its shards.", valueName: "dir"))
    var directories: [String]

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Scorers, comma-separated: exact (normalised answer equals an accepted one), f1 (token F1), contains (an accepted "
                + "answer appears in the answer), cited (the answer cites a source), judge (a model grades the answer against "
                + "the accepted ones; graded once, kept in scores.jsonl). Default: exact,f1,contains,cited.",
            valueName: "list"))
    var scorer: [String] = [Scorer.local.map(\.rawValue).joined(separator: ",")]

    @Option(
        parsing: .singleValue,
        help: ArgumentHelp("A batch to compare with, task by task (repeat it for its shards).", valueName: "dir"))
    var compare: [String] = []

    @Option(
        name: .customLong("judge-provider"),
        help: "The judge's provider (default: as investigate chooses: anthropic, openai, else local).")
    var judgeProvider: Provider?

    @Option(name: .customLong("judge-model"), help: "The judge's model (default: the provider's default).")
    var judgeModel: String?

    @Flag(name: .customLong("fail-if-worse"), help: "With --compare: exit 1 when a scorer is worse than the compared batch at p < 0.05.")
    var failIfWorse = false

    @Option(help: "Report format: text, md, json, or html (one self-contained file with charts; use --out).")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if failIfWorse && compare.isEmpty { throw ValidationError("--fail-if-worse needs --compare DIR") }
        _ = try scorers()
    }

    /// The scorers named, in report order.
    func scorers() throws(ValidationError) -> [Scorer] {
        var chosen: [Scorer] = []
        for name in scorer.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let scorer = Scorer(rawValue: name) else {
                throw ValidationError("--scorer: unknown scorer '\(name)'; use exact, f1, contains, cited or judge, comma-separated")
            }
            if !chosen.contains(scorer) { chosen.append(scorer) }
        }
        guard !chosen.isEmpty else { throw ValidationError("--scorer: name at least one of exact, f1, contains, cited, judge") }
        return chosen.sorted()
    }

    func run() async throws {
        let scorers = try scorers()
        var judge: AnswerJudge?
        if scorers.contains(.judge) {
            // Parsed, not built: an ArgumentParser group's values exist only once parsed.
            let options = try RunOptions.parse(
                (judgeProvider.map { ["--provider", $0.rawValue] } ?? []) + (judgeModel.map { ["--model", $0] } ?? []))
            let home = homeOptions.resolved
            try home.prepare()
            judge = AnswerJudge(
                setup: try RunSetup.make(
                    home: home, options: options, web: try WebOptions.parse([]), offerWeb: false,
                    environment: ProcessInfo.processInfo.environment,
                    logger: Logger(label: "research-agent")))
        }
        let batch = try await ScoredBatch(directories: directories, judge: judge)
        var inputs = [batch.input(scorers: scorers)]
        var comparison: RunComparison?
        if !compare.isEmpty {
            let other = try await ScoredBatch(directories: compare, judge: judge)
            inputs.append(other.input(scorers: scorers))
            let paired = RunComparison(a: batch.results, aScores: batch.scores, b: other.results, bScores: other.scores, scorers: scorers)
            // Nothing to pair would report no change and let --fail-if-worse pass.
            guard paired.paired > 0 else {
                throw CLIError.usage(
                    "--compare \(compare.joined(separator: " ")): no run there has the task id and epoch of a run here; compare batches of the same tasks"
                )
            }
            comparison = paired
        }
        let report = format.render(inputs, comparison: comparison, scorers: scorers)
        if let out {
            do { try Data(report.utf8).write(to: URL(fileURLWithPath: Home.absolute(out)), options: .atomic) } catch {
                throw CLIError.failure("cannot write \(out): \(error.fileReason)")
            }
            StandardError.line("eval: report written to \(out)")
        } else {
            print(report, terminator: "")
        }
        if failIfWorse, let comparison, let worse = scorers.first(where: comparison.isWorse(on:)) {
            let change = comparison.changes.first { $0.scorer == worse }
            throw CLIError.failure(
                "worse than \(compare.joined(separator: ", ")) on \(worse.rawValue): \(change?.worse.count ?? 0) runs worse, "
                    + "\(change?.better.count ?? 0) better, McNemar p = \(String(format: "%.3g", change?.pValue ?? 1))")
        }
    }
}

/// One batch read from its directories (shards merged), with its runs scored.
struct ScoredBatch {
    /// The name reports show.
    let name: String
    /// The tasks of every directory, by id.
    let tasks: [String: EvalTask]
    /// The (first) directory, for replay commands.
    let directory: String
    /// The last result of each run.
    let results: [TaskResult]
    /// The scores of each run.
    let scores: [TaskKey: TaskScores]

    /// Reads each directory's tasks and results, scores the results, and writes each
    /// directory's scores.jsonl. With a judge, answers not graded yet (or changed since)
    /// are graded; earlier grades are kept.
    init(directories: [String], judge: AnswerJudge?) async throws(CLIError) {
        var tasks: [String: EvalTask] = [:]
        var latest: [TaskKey: TaskResult] = [:]
        var all: [TaskKey: TaskScores] = [:]
        for path in directories {
            let directory = BatchDirectory(path: Home.absolute(path))
            _ = try directory.record()
            let own: [EvalTask]
            do { own = try TaskFile.load(path: directory.tasks, exists: { _ in true }) } catch { throw .failure(error.message) }
            for task in own { tasks[task.id] = task }
            var mine: [TaskKey: TaskResult] = [:]
            let (results, unreadable) = ResultsFile.readLines(directory.results)
            if !unreadable.isEmpty {
                let lines = unreadable.prefix(5).map(String.init).joined(separator: ", ") + (unreadable.count > 5 ? ", ..." : "")
                StandardError.line(
                    "eval: \(directory.results): skipped \(unreadable.count) line(s) that hold no result (line \(lines)); the report counts the rest"
                )
            }
            for var result in results {
                // Absolute, so a report over several shard directories points at each one's own.
                result.transcript = directory.path + "/" + result.transcript
                mine[result.key] = result
            }
            let earlier = TaskScores.read(directory.scores)
            var scored: [TaskScores] = []
            // A grade made for this very answer is kept; the judge grades the others that have
            // accepted answers.
            func kept(_ result: TaskResult) -> TaskScores? {
                guard let kept = earlier[result.key], kept.scores[.judge] != nil,
                    kept.judgedAnswerSHA256 == BatchDirectory.sha256(Data(result.answer.utf8))
                else { return nil }
                return kept
            }
            func gradable(_ result: TaskResult) -> EvalTask? {
                guard judge != nil, let task = tasks[result.id], !task.answers.isEmpty else { return nil }
                return task
            }
            // Grading is a model call per answer (seconds each with the local model): say what runs.
            let toGrade = mine.values.filter { kept($0) == nil && gradable($0) != nil }.count
            if let judge, toGrade > 0 {
                StandardError.line(
                    "eval: \(directory.path): grading \(toGrade) answers with \(judge.setup.config.provider)/\(judge.setup.config.model)")
            }
            var graded = 0
            for result in mine.values.sorted(by: { $0.key < $1.key }) {
                var scores = TaskScores.local(result, task: tasks[result.id], scorers: Scorer.local)
                if let kept = kept(result) {
                    scores.scores[.judge] = kept.scores[.judge]
                    scores.judgeReason = kept.judgeReason
                    scores.judgeTranscript = kept.judgeTranscript
                    scores.judgedAnswerSHA256 = kept.judgedAnswerSHA256
                } else if let judge, let task = gradable(result) {
                    let relative = "judge/" + result.key.transcriptName
                    let grade = try await judge.grade(result, task: task, transcript: directory.path + "/" + relative)
                    graded += 1
                    let verdict = grade.score.map { $0 == 1 ? "correct" : "incorrect" } ?? "no grade"
                    StandardError.line("eval: \(graded) of \(toGrade): \(result.id) (epoch \(result.epoch)) \(verdict)")
                    scores.scores[.judge] = grade.score
                    scores.judgeReason = grade.reason
                    scores.judgeTranscript = relative
                    scores.judgedAnswerSHA256 = BatchDirectory.sha256(Data(result.answer.utf8))
                    // Kept as it comes: an eval stopped midway has paid for these grades.
                    let done = Set(scored.map(\.key)).union([result.key])
                    let rest = mine.keys.filter { !done.contains($0) }.compactMap { earlier[$0] }
                    try? TaskScores.write(scored + [scores] + rest, to: directory.scores)
                }
                scored.append(scores)
            }
            do { try TaskScores.write(scored, to: directory.scores) } catch { throw .failure(error.message) }
            latest.merge(mine) { _, new in new }
            for score in scored { all[score.key] = score }
        }
        results = latest.values.sorted { $0.key < $1.key }
        scores = all
        self.tasks = tasks
        directory = Home.absolute(directories[0])
        let names = directories.map { URL(fileURLWithPath: $0).lastPathComponent }
        name = names.count == 1 ? names[0] : "\(names[0]) (+\(names.count - 1) shards)"
    }

    /// What the report shows of this batch.
    func input(scorers: [Scorer]) -> ReportInput {
        ReportInput(
            summary: RunSummary(name: name, results: results, scores: scores, scorers: scorers), results: results, scores: scores,
            directory: directory, tasks: tasks)
    }
}
