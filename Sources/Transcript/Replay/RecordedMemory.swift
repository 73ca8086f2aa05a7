import AgentCore

/// Long-term memory from a transcript: recall answers with the memory.read items the run
/// recorded, and nothing is written, so replay never consults the memory database.
public struct RecordedMemory: MemoryStore {
    private let reads: [String: [RecalledMemory]]

    /// The recalls of `events` at the start of the run.
    public init(events: [Event]) {
        var reads: [String: [RecalledMemory]] = [:]
        for event in events {
            if case .memoryRead(let r) = event.payload, r.step == 0 { reads[r.query] = r.items }
        }
        self.reads = reads
    }

    /// The memories most related to `query`, best first.
    public func recall(_ query: String, limit: Int) async throws -> [RecalledMemory] {
        Array((reads[query] ?? []).prefix(limit))
    }

    /// Takes recorded events, in order.
    public func record(_ events: [Event]) async {}
}
