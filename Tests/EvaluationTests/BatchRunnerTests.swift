import AgentCore
import AgentTesting
import Evaluation
import Foundation
import Synchronization
import Testing

/// A stand-in for the executable's runs: answers after a delay chosen per task, spends a
/// set amount (at most its cap, as a run's budget ensures), and records how many ran at once.
final class StandInExecutor: TaskExecutor {
    let delays: [String: Duration]
    let cost: Double
    /// A task that ends only once this many others have ended.
    let last: (id: String, after: Int)?
    private let state = Mutex((running: 0, most: 0, started: [TaskKey](), caps: [Double?](), ended: 0))

    init(delays: [String: Duration] = [:], cost: Double = 0.01, last: (id: String, after: Int)? = nil) {
        self.delays = delays
        self.cost = cost
        self.last = last
    }

    var mostAtOnce: Int { state.withLock { $0.most } }
    var started: [TaskKey] { state.withLock { $0.started } }
    var caps: [Double?] { state.withLock { $0.caps } }

    func run(_ item: WorkItem, maxCost: Double?, transcript: String) async -> TaskResult {
        state.withLock {
            $0.running += 1
            $0.most = max($0.most, $0.running)
            $0.started.append(item.key)
            $0.caps.append(maxCost)
        }
        defer {
            state.withLock {
                $0.running -= 1
                $0.ended += 1
            }
        }
        _ = FileManager.default.createFile(atPath: transcript, contents: Data("{}\n".utf8))
        var status = RunStatus.answered
        do {
            try await Task.sleep(for: delays[item.task.id] ?? .milliseconds(5))
            if let last, last.id == item.task.id {
                while state.withLock({ $0.ended }) < last.after { try await Task.sleep(for: .milliseconds(5)) }
            }
        } catch {
            status = .cancelled
        }
        return TaskResult(
            id: item.task.id, epoch: item.epoch, status: status, answer: "answer to \(item.task.question)", sources: [], steps: 1,
            inputTokens: 10, outputTokens: 2, cachedTokens: 0, costUSD: status == .cancelled ? 0 : min(cost, maxCost ?? cost),
            latencySeconds: 0.01,
            tools: ["web_search": .init(calls: 1, errors: 0)], error: nil, transcript: "transcripts/" + item.key.transcriptName,
            transcriptSHA256: "")
    }
}

struct BatchRunnerTests {
    func tasks(_ n: Int) -> [EvalTask] { (1...n).map { EvalTask(id: "t\($0)", question: "q\($0)", answers: ["a"]) } }

    func directory() -> String {
        let path = TestDirectory.path("batch")
        try? FileManager.default.createDirectory(atPath: path + "/transcripts", withIntermediateDirectories: true)
        return path
    }

    @Test func selectionByIdsLimitShardAndEpochs() throws {
        let all = tasks(10)
        #expect(try BatchSelection(limit: 3).items(of: all).map(\.task.id) == ["t1", "t2", "t3"])
        #expect(try BatchSelection(ids: ["t9", "t2"]).items(of: all).map(\.task.id) == ["t2", "t9"])
        #expect(try BatchSelection(shard: Shard(index: 1, count: 3)).items(of: all).map(\.task.id) == ["t2", "t5", "t8"])
        let shards = (0..<3).flatMap { try! BatchSelection(shard: Shard(index: $0, count: 3)).items(of: all).map(\.task.id) }
        #expect(Set(shards) == Set(all.map(\.id)) && shards.count == 10, "the shards cover every task once")
        #expect(try BatchSelection(limit: 2, epochs: 3).items(of: all).map(\.key.epoch) == [1, 2, 3, 1, 2, 3])
        #expect(throws: BatchError("--ids: the task file has no task 't11'")) { try BatchSelection(ids: ["t11"]).items(of: all) }
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        #expect(Shard("4/4") == nil && Shard("a/2") == nil && Shard("1/0") == nil)
    }

    @Test func runsConcurrentlyAndRecordsEachResultAsItEnds() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The first task ends after all the others: results come back out of order.
        let executor = StandInExecutor(last: (id: "t1", after: 7))
        let results = try ResultsFile(path: dir + "/results.jsonl")
        let items = try BatchSelection().items(of: tasks(8))
        let runner = BatchRunner(concurrency: 4, transcripts: dir + "/transcripts")
        let ran = try await runner.run(items, executor: executor, results: results)
        #expect(ran == 8 && (2...4).contains(executor.mostAtOnce), "never more than -j at once")
        let read = ResultsFile.read(dir + "/results.jsonl")
        #expect(read.count == 8 && read.last?.id == "t1", "the slow task ends last")
        #expect(read.first?.answer.hasPrefix("answer to q") == true && read.first?.tools["web_search"]?.calls == 1)
    }

    @Test func resumeRunsOnlyWhatHasNoFinalLine() throws {
        let items = try BatchSelection(epochs: 1).items(of: tasks(4))
        func result(_ id: String, _ status: RunStatus) -> TaskResult {
            TaskResult(
                id: id, epoch: 1, status: status, answer: "", sources: [], steps: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0,
                costUSD: 0, latencySeconds: 0, tools: [:], error: nil, transcript: "", transcriptSHA256: "")
        }
        let results = [result("t1", .answered), result("t2", .cancelled), result("t3", .error), result("t4", .budget)]
        #expect(BatchSelection.remaining(items, results: results).map(\.task.id) == ["t2"])
        #expect(BatchSelection.remaining(items, results: results, retryErrors: true).map(\.task.id) == ["t2", "t3"])
        // A later line wins: t2 answered after being cancelled.
        #expect(BatchSelection.remaining(items, results: results + [result("t2", .answered)]).isEmpty)
    }

    @Test func aLineCutOffByACrashIsSkippedAndCutAway() throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/results.jsonl"
        let whole = TaskResult(
            id: "t1", epoch: 1, status: .answered, answer: "x", sources: [], steps: 1, inputTokens: 1, outputTokens: 1, cachedTokens: 0,
            costUSD: 0.5, latencySeconds: 1, tools: [:], error: nil, transcript: "transcripts/t1.jsonl", transcriptSHA256: "ab")
        try Data((whole.json.canonicalText + "\n" + #"{"id":"t2","epoch":1,"sta"#).utf8).write(to: URL(fileURLWithPath: path))
        #expect(ResultsFile.read(path) == [whole])
        var next = whole
        next.id = "t3"
        try ResultsFile(path: path).append(next)
        #expect(ResultsFile.read(path).map(\.id) == ["t1", "t3"])
    }

    /// No task starts that could cross the total: each may spend what is left after what
    /// the running ones may still spend, and none starts once nothing is left.
    @Test func theTotalCostCapHolds() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let executor = StandInExecutor(cost: 0.04)
        let runner = BatchRunner(concurrency: 2, maxTotalCost: 0.10, maxTaskCost: 0.04, transcripts: dir + "/transcripts")
        let capped = Mutex(false)
        let ran = try await runner.run(
            try BatchSelection().items(of: tasks(10)), executor: executor, results: try ResultsFile(path: dir + "/results.jsonl")
        ) { event in
            if case .costCapReached = event { capped.withLock { $0 = true } }
        }
        let ended = ResultsFile.read(dir + "/results.jsonl")
        let spent = ended.reduce(0) { $0 + ($1.costUSD ?? 0) }
        #expect(spent <= 0.10 + 1e-9, "spent \(spent)")
        #expect(ran == 3 && ended.count == 3 && capped.withLock { $0 })
        // The third task could spend only the 0.02 left after the first two's 0.04 each.
        #expect(executor.caps.map { $0.map { ($0 * 100).rounded() / 100 } } == [0.04, 0.04, 0.02])
    }

    @Test func cancellingStopsStartingAndRecordsTheRunningAsCancelled() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let executor = StandInExecutor(delays: Dictionary(uniqueKeysWithValues: (1...6).map { ("t\($0)", Duration.seconds(30)) }))
        let results = try ResultsFile(path: dir + "/results.jsonl")
        let runner = BatchRunner(concurrency: 2, transcripts: dir + "/transcripts")
        let items = try BatchSelection().items(of: tasks(6))
        let batch = Task { try await runner.run(items, executor: executor, results: results) }
        #expect(await waitFor { executor.started.count == 2 })
        batch.cancel()
        #expect(try await batch.value == 2)
        let ended = ResultsFile.read(dir + "/results.jsonl")
        #expect(ended.map(\.status) == [.cancelled, .cancelled] && executor.started.count == 2)
    }

    @Test func aTranscriptLeftByACutOffRunIsKeptAside() async throws {
        let dir = directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let item = try BatchSelection().items(of: tasks(1))
        let path = dir + "/transcripts/" + item[0].key.transcriptName
        try Data("cut off".utf8).write(to: URL(fileURLWithPath: path))
        _ = try await BatchRunner(concurrency: 1, transcripts: dir + "/transcripts").run(
            item, executor: StandInExecutor(), results: try ResultsFile(path: dir + "/results.jsonl"))
        let aside = dir + "/transcripts/aside/" + item[0].key.transcriptName + ".1"
        #expect(try String(contentsOfFile: aside, encoding: .utf8) == "cut off")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
    }
}

/// Polls `condition` for up to five seconds.
func waitFor(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
