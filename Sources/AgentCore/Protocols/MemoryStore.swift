/// Long-term memory as a run sees it: recall by relevance, and the run's events as they
/// are recorded, from which memories and the episodic graph are projected.
///
/// What recall returns is recorded in a memory.read event, so replay answers from the
/// transcript and never consults the store.
public protocol MemoryStore: Sendable {
    /// The memories most related to `query`, best first.
    func recall(_ query: String, limit: Int) async throws -> [RecalledMemory]
    /// Takes events just written to the transcript: memory.write saves a memory,
    /// memory.read marks memories used, memory.forget removes one, and every event extends
    /// the episodic graph. Never stops a run: the store reports its own failures, and
    /// `memory rebuild` restores from transcripts whatever a failure missed.
    func record(_ events: [Event]) async
}
