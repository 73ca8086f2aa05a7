// Batch benchmarks: the runtime's overhead per task, finding what a resume must run, and
// scoring a batch with every model-free scorer.
//
// Usage: swift run -c release bench-batch overhead TASKS CONCURRENCY
//        swift run -c release bench-batch resume TASKS
//        swift run -c release bench-batch eval TASKS
// Each prints one JSON object.
import AgentCore
import AgentTesting
import Evaluation
import Foundation
import Synchronization
import Transcript

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "overhead"
let count = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 10_000 : 10_000
let concurrency = CommandLine.arguments.count > 3 ? Int(CommandLine.arguments[3]) ?? 1 : 1
let directory = NSTemporaryDirectory() + "bench-batch-\(getpid())"
try FileManager.default.createDirectory(atPath: directory + "/transcripts", withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

/// Resident set size in KiB (VmRSS), or peak (VmHWM).
func memoryKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

func milliseconds(_ d: Duration) -> Double { Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15 }

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func print(json: JSONValue) { print(json.canonicalText) }

let tasks = (1...count).map { EvalTask(id: "t\($0)", question: "Question \($0)?", answers: ["answer \($0)"], line: $0) }

/// Two steps per task: a call of the no-op tool, then the answer, decided from the request.
let noop = FakeTool(name: "noop", description: "Does nothing.") { _, _ in ToolOutput(text: "ok") }
let model = ScriptedModel(
    [
        .compute { request, i in
            let answered = request.messages.contains { if case .toolResult = $0 { return true } else { return false } }
            return answered
                ? ModelTurn(text: "The answer is answer \(i).", toolCalls: [], usage: TokenUsage(input: 100, output: 10))
                : ModelTurn(
                    text: "Looking it up.", toolCalls: [ToolCall(id: "c\(i)", name: "noop", arguments: "{\"query\":\"q\(i)\"}")],
                    usage: TokenUsage(input: 100, output: 20))
        }
    ], repeatLast: true, keepsRequests: false)

/// What the executable's BatchTaskRun does for a task, with the scripted model and the
/// no-op tool: a transcript, the loop, the result with the transcript's hash.
final class ScriptedTaskRun: TaskExecutor {
    let memoryAt = Mutex<[Int]>([])

    func run(_ item: WorkItem, maxCost: Double?, transcript: String) async -> TaskResult {
        let started = Date()
        let tools = ToolList([noop])
        var config = RunConfig(provider: "scripted", model: "scripted-1", maxOutputTokensPerCall: 512, contextWindowTokens: 8192)
        config.budget.maxSteps = 4
        let manifests = [Scratchpad.manifest, noop.manifest]
        let start = RunStart(task: item.task.question, config: config, tools: manifests.map(Digest.toolDigest), version: "bench", seed: 0)
        do {
            let writer = try TranscriptWriter(path: transcript)
            let end = try await Investigation(
                runID: item.task.id, start: start, tools: manifests, model: model, executor: tools, sink: writer, clock: BenchClock()
            ).run()
            writer.close()
            let sha = FileManager.default.contents(atPath: transcript).map { Digest.sha256(Array($0)) } ?? ""
            // The transcript is not needed after its hash: 10,000 of them would fill /tmp.
            try? FileManager.default.removeItem(atPath: transcript)
            if item.task.line % max(1, count / 10) == 0 { memoryAt.withLock { $0.append(memoryKiB("VmRSS")) } }
            return TaskResult(
                id: item.task.id, epoch: item.epoch, status: end.status, answer: end.answer, sources: end.citations,
                steps: end.totals.steps,
                inputTokens: end.totals.inputTokens, outputTokens: end.totals.outputTokens, cachedTokens: 0, costUSD: end.totals.costUSD,
                latencySeconds: Date().timeIntervalSince(started), tools: ["noop": .init(calls: 1)], error: nil,
                transcript: "transcripts/" + item.key.transcriptName, transcriptSHA256: sha)
        } catch {
            return TaskResult(
                id: item.task.id, epoch: item.epoch, status: .error, answer: "", sources: [], steps: 0, inputTokens: 0, outputTokens: 0,
                cachedTokens: 0, costUSD: 0, latencySeconds: 0, tools: [:], error: "\(error)", transcript: "", transcriptSHA256: "")
        }
    }
}

struct BenchClock: AgentCore.Clock {
    func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}

/// A results.jsonl of `n` answered runs, as a batch writes them.
func writeResults(_ n: Int, to path: String) throws {
    let results = try ResultsFile(path: path)
    for task in tasks.prefix(n) {
        try results.append(
            TaskResult(
                id: task.id, epoch: 1, status: .answered, answer: "The answer is \(task.answers[0]) [1].",
                sources: [NumberedSource(number: 1, source: Source(kind: .url, ref: "https://example.org/\(task.id)", title: "Page"))],
                steps: 2, inputTokens: 200, outputTokens: 30, cachedTokens: 100, costUSD: 0.001, latencySeconds: 3.2,
                tools: ["web_search": .init(calls: 1, errors: 0)], error: nil, transcript: "transcripts/\(task.id).jsonl",
                transcriptSHA256: String(repeating: "a", count: 64)))
    }
}

switch mode {
case "overhead":
    // Reference: the scripted model and the tool called directly, twice per task, with no
    // runtime, transcript or results file around them.
    let request = ModelRequest(system: "s", messages: [.user("q")], tools: [], maxOutputTokens: 100)
    let context = ToolContext(runID: "r", step: 0, sources: SourceCatalog(), limits: ToolLimits())
    let tools = ToolList([noop])
    let referenceStart = ContinuousClock.now
    for _ in 0..<count {
        for _ in 0..<2 { _ = try await model.respond(to: request, body: .null) }
        _ = await tools.execute(name: "noop", arguments: ["query": "q"], callID: "c", context: context)
    }
    let reference = milliseconds(ContinuousClock.now - referenceStart) / Double(count)

    let executor = ScriptedTaskRun()
    let results = try ResultsFile(path: directory + "/results.jsonl")
    let runner = BatchRunner(concurrency: concurrency, transcripts: directory + "/transcripts")
    let began = ContinuousClock.now
    let ran = try await runner.run(
        try BatchSelection().items(of: tasks), executor: executor, results: results)
    let total = milliseconds(ContinuousClock.now - began)
    let rss = executor.memoryAt.withLock { $0 }
    let peak = memoryKiB("VmHWM")
    print(
        json: [
            "mode": "overhead", "tasks": .int(count), "concurrency": .int(concurrency),
            "ran": .int(ran), "answered": .int(ResultsFile.read(directory + "/results.jsonl").filter { $0.status == .answered }.count),
            "ms_per_task": .number((total / Double(count) * 1000).rounded() / 1000),
            "tasks_per_second": .number((Double(count) / total * 1000).rounded()),
            "reference_ms_per_task": .number((reference * 1000).rounded() / 1000),
            "rss_kib_first_tenth": .int(rss.first ?? 0), "rss_kib_end": .int(rss.last ?? 0), "peak_rss_kib": .int(peak),
        ])
case "resume":
    // A task file of `count` tasks and results for nine in ten: the work of --resume
    // before any task runs (read and check the file, read the results, find what is left).
    let taskPath = directory + "/tasks.jsonl"
    try tasks.map { #"{"id":"\#($0.id)","question":"\#($0.question)","answers":["\#($0.answers[0])"]}"# }.joined(separator: "\n")
        .write(toFile: taskPath, atomically: true, encoding: .utf8)
    try writeResults(count * 9 / 10, to: directory + "/results.jsonl")
    var times: [Double] = []
    var left = 0
    for _ in 0..<5 {
        let t0 = ContinuousClock.now
        let loaded = try TaskFile.load(path: taskPath)
        let items = try BatchSelection().items(of: loaded)
        left = BatchSelection.remaining(items, results: ResultsFile.read(directory + "/results.jsonl")).count
        times.append(milliseconds(ContinuousClock.now - t0))
    }
    print(json: ["mode": "resume", "tasks": .int(count), "left": .int(left), "median_ms": .number(median(times).rounded())])
case "eval":
    try writeResults(count, to: directory + "/results.jsonl")
    var times: [Double] = []
    var report = ""
    for _ in 0..<5 {
        let t0 = ContinuousClock.now
        let results = ResultsFile.read(directory + "/results.jsonl")
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let scored = results.map { TaskScores.local($0, task: byID[$0.id], scorers: Scorer.local) }
        try TaskScores.write(scored, to: directory + "/scores.jsonl")
        let scores = Dictionary(uniqueKeysWithValues: scored.map { ($0.key, $0) })
        let summary = RunSummary(name: "bench", results: results, scores: scores, scorers: Scorer.local)
        report = ReportFormat.text.render(
            [ReportInput(summary: summary, results: results, scores: scores, directory: directory)], scorers: Scorer.local)
        times.append(milliseconds(ContinuousClock.now - t0))
    }
    print(json: [
        "mode": "eval", "results": .int(count), "median_ms": .number(median(times).rounded()),
        "report_lines": .int(report.split(separator: "\n").count),
    ])
default:
    FileHandle.standardError.write(Data("bench-batch: unknown mode '\(mode)'; use overhead, resume or eval\n".utf8))
    exit(2)
}
