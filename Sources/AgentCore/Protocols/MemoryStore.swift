/// Long-term memory as the loop sees it: recall by relevance, remember, forget.
///
/// What recall returns is recorded in a memory.read event, so replay answers from the
/// transcript and never consults the store.
public protocol MemoryStore: Sendable {
    /// The memories most related to `query`, best first.
    func recall(_ query: String, limit: Int) async throws -> [RecalledMemory]
    /// Stores a memory recorded by a memory.write event.
    func remember(_ memory: MemoryWriteRecord, event: String) async throws
    /// Removes a memory and what only it supported.
    func forget(id: String) async throws
}
