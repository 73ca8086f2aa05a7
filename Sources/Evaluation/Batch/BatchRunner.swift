import AgentCore
import Foundation
import Synchronization

/// Runs one task: the executable builds the run (model, tools, transcript) and the loop.
public protocol TaskExecutor: Sendable {
    /// Runs `item` with at most `maxCost` dollars (nil: the task's or batch's own cap),
    /// writing its transcript to `transcript`, and returns how it ended. A cancelled task
    /// returns a result with status cancelled; it never throws.
    func run(_ item: WorkItem, maxCost: Double?, transcript: String) async -> TaskResult
}

/// What the runner reports as a batch goes on.
public enum BatchProgress: Sendable {
    /// A task started.
    case started(TaskKey)
    /// A task ended; its line is in results.jsonl.
    case finished(TaskResult)
    /// No more tasks start: the total cost cap is reached.
    case costCapReached(spent: Double, cap: Double)
}

/// Runs work items `concurrency` at a time, appending each result as it ends. Cancelling
/// the calling task stops starting tasks and cancels the running ones, whose cancelled
/// results are recorded too.
public struct BatchRunner: Sendable {
    /// Tasks run at once.
    public var concurrency: Int
    /// Dollars the whole batch may spend: no task starts that could cross it. Each task
    /// may spend at most what is left after what the running tasks may still spend.
    public var maxTotalCost: Double?
    /// The cap of a task that sets none itself (the batch's `--max-cost`).
    public var maxTaskCost: Double?
    /// Where transcripts go (one per task and epoch).
    public var transcripts: String

    /// A runner.
    public init(concurrency: Int, maxTotalCost: Double? = nil, maxTaskCost: Double? = nil, transcripts: String) {
        self.concurrency = max(1, concurrency)
        self.maxTotalCost = maxTotalCost
        self.maxTaskCost = maxTaskCost
        self.transcripts = transcripts
    }

    /// Runs `items` and returns how many ended (their results are in `results` only, so
    /// memory stays flat however many tasks a batch has).
    /// - Parameter spentBefore: dollars spent by earlier runs of this batch (a resume).
    public func run(
        _ items: [WorkItem], executor: some TaskExecutor, results: ResultsFile, spentBefore: Double = 0,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async throws(BatchError) -> Int {
        let ledger = CostLedger(cap: maxTotalCost, spent: spentBefore)
        var queue = items[...]
        var ended = 0
        var failure: BatchError?
        await withTaskGroup(of: (TaskResult, Double?).self) { group in
            var running = 0
            func startNext() -> Bool {
                guard !Task.isCancelled, let item = queue.first else { return false }
                guard case .granted(let allowance) = ledger.reserve(item.task.limits.maxCost ?? maxTaskCost) else {
                    if running == 0 {
                        progress(.costCapReached(spent: ledger.spent, cap: maxTotalCost ?? 0))
                        queue = queue.suffix(0)
                    }
                    return false
                }
                queue.removeFirst()
                running += 1
                let path = transcripts + "/" + item.key.transcriptName
                Self.setAside(path)
                progress(.started(item.key))
                group.addTask { (await executor.run(item, maxCost: allowance, transcript: path), allowance) }
                return true
            }
            while running < concurrency, startNext() {}
            while let (result, allowance) = await group.next() {
                running -= 1
                ledger.settle(reserved: allowance, spent: result.costUSD ?? 0)
                do throws(BatchError) { try results.append(result) } catch {
                    failure = error
                    group.cancelAll()
                }
                ended += 1
                progress(.finished(result))
                while running < concurrency, failure == nil, startNext() {}
            }
        }
        if let failure { throw failure }
        return ended
    }

    /// A transcript left by a run that was cut off is kept aside, numbered, before the task
    /// runs again from the start.
    static func setAside(_ path: String) {
        let files = FileManager.default
        guard files.fileExists(atPath: path) else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/aside"
        try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: path).lastPathComponent
        var n = 1
        while files.fileExists(atPath: "\(folder)/\(name).\(n)") { n += 1 }
        try? files.moveItem(atPath: path, toPath: "\(folder)/\(name).\(n)")
    }
}

/// The dollars of a batch under its cap: spent so far, and reserved by running tasks.
final class CostLedger: Sendable {
    private struct State {
        var spent: Double
        var reserved: Double = 0
    }

    private let cap: Double?
    private let state: Mutex<State>

    init(cap: Double?, spent: Double) {
        self.cap = cap
        state = Mutex(State(spent: spent))
    }

    var spent: Double { state.withLock { $0.spent } }

    /// Whether a task may start, and the dollars it may spend (nil: no cap).
    enum Reservation: Equatable {
        case granted(Double?)
        case refused
    }

    /// The dollars a task may spend, reserved until it settles: its own cap, cut to what
    /// is left; refused when nothing is left. Without a batch cap, the task's own cap.
    func reserve(_ own: Double?) -> Reservation {
        guard let cap else { return .granted(own) }
        return state.withLock { state in
            let left = cap - state.spent - state.reserved
            // Less than a hundredth of a cent cannot pay for a call.
            guard left > 0.0001 else { return .refused }
            let allowance = min(own ?? left, left)
            state.reserved += allowance
            return .granted(allowance)
        }
    }

    /// Releases a task's reservation and books what it spent.
    func settle(reserved: Double?, spent: Double) {
        state.withLock { state in
            if cap != nil { state.reserved -= reserved ?? 0 }
            state.spent += spent
        }
    }
}
