import AgentCore
import AgentTesting
import Foundation
import Memory
import Retrieval

/// A new database file in a temporary folder.
func freshDatabase() throws -> AgentDatabase {
    try AgentDatabase(path: TestDirectory.path("memory", suffix: "/agent.sqlite"))
}

/// Notices a store gave, kept for the test to read.
final class Notices: Sendable {
    private let stored = Mutex<[String]>([])
    var all: [String] { stored.withLock { $0 } }
    func add(_ message: String) { stored.withLock { $0.append(message) } }
}

/// Builds the events of a run, one per call, with increasing sequence numbers.
struct RunEvents {
    let run = UUID().uuidString.lowercased()
    var seq = 0
    var events: [Event] = []
    let day: Int64

    /// A run on day `day` after 2026-01-01.
    init(day: Int64 = 0, task: String = "a question") {
        self.day = day
        add(
            .runStart(
                RunStart(task: task, config: RunConfig(provider: "openai", model: "m", memory: true), tools: [], version: "t", seed: 1)))
    }

    /// 2026-01-01 plus `day` days and `seq` seconds.
    var ts: Instant { Instant(milliseconds: 1_767_225_600_000 + day * 86_400_000 + Int64(seq) * 1000) }

    mutating func add(_ payload: EventPayload) {
        events.append(Event(run: run, seq: seq, ts: ts, payload: payload))
        seq += 1
    }

    /// Adds a memory.write and returns its id.
    @discardableResult
    mutating func remember(_ text: String, kind: String = "fact", sources: [String] = []) -> String {
        let id = MemoryTools.memoryID(run: run, index: seq)
        add(.memoryWrite(MemoryWriteRecord(step: 1, id: id, kind: kind, text: text, sources: sources.map { Source(kind: .url, ref: $0) })))
        return id
    }
}

import Synchronization
