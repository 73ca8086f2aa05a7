import AgentCore

/// Which tasks of a file a batch runs, and how often: `--ids`, `--limit`, `--shard I/N`
/// and `--epochs K`, applied in that order.
public struct BatchSelection: Sendable, Equatable {
    /// Only these ids, when given.
    public var ids: [String]?
    /// Only the first this many tasks (after `ids`).
    public var limit: Int?
    /// This worker's shard: index (from 0) and count.
    public var shard: Shard?
    /// How many times each task runs.
    public var epochs: Int

    /// A selection.
    public init(ids: [String]? = nil, limit: Int? = nil, shard: Shard? = nil, epochs: Int = 1) {
        self.ids = ids
        self.limit = limit
        self.shard = shard
        self.epochs = epochs
    }

    /// Every task and epoch to run, in file order then epoch.
    /// - Throws: `BatchError` naming an id of `ids` the file does not have.
    public func items(of tasks: [EvalTask]) throws(BatchError) -> [WorkItem] {
        var chosen = tasks
        if let ids {
            let known = Set(tasks.map(\.id))
            if let missing = ids.first(where: { !known.contains($0) }) {
                throw BatchError("--ids: the task file has no task '\(missing)'")
            }
            let wanted = Set(ids)
            chosen = chosen.filter { wanted.contains($0.id) }
        }
        if let limit { chosen = Array(chosen.prefix(limit)) }
        if let shard { chosen = chosen.enumerated().filter { $0.offset % shard.count == shard.index }.map(\.element) }
        return chosen.flatMap { task in (1...max(1, epochs)).map { WorkItem(task: task, epoch: $0) } }
    }

    /// The selection as batch.json records it.
    public var json: JSONValue {
        [
            "ids": ids.map { .array($0.map(JSONValue.string)) } ?? .null, "limit": limit.map(JSONValue.int) ?? .null,
            "shard": .optional(shard?.description), "epochs": .int(epochs),
        ]
    }

    /// The items of `items` still to run given the results so far: those without a final
    /// line (a cancelled run is not final), and with `retryErrors` those whose last line
    /// is an error too (not those stopped by their budget).
    public static func remaining(_ items: [WorkItem], results: [TaskResult], retryErrors: Bool = false) -> [WorkItem] {
        var last: [TaskKey: RunStatus] = [:]
        for result in results { last[result.key] = result.status }
        return items.filter { item in
            switch last[item.key] {
            case nil, .cancelled?: return true
            case .error?: return retryErrors
            default: return false
            }
        }
    }
}

/// One worker's part of a batch split `count` ways: every `count`-th task from `index`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This worker's index, from 0.
    public var index: Int
    /// How many workers.
    public var count: Int

    /// "I/N" with 0 ≤ I < N; nil when it is not that.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, index >= 0, index < count else {
            return nil
        }
        self.index = index
        self.count = count
    }

    /// A shard.
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// "I/N".
    public var description: String { "\(index)/\(count)" }
}

/// A task and the epoch to run it in.
public struct WorkItem: Sendable, Equatable {
    /// The task.
    public var task: EvalTask
    /// The epoch, from 1.
    public var epoch: Int

    /// Its key in results.jsonl.
    public var key: TaskKey { TaskKey(id: task.id, epoch: epoch) }
}
