import AgentCore

/// A memory as the memory commands show it: text, kind, dates, importance and sources.
public struct StoredMemory: Sendable, Hashable {
    /// The memory's id.
    public var id: String
    /// Its kind ("fact", "finding", "answer", ...).
    public var kind: String
    /// Its text.
    public var text: String
    /// How much it weighs in recall, 0 to 1.
    public var importance: Double
    /// When it was saved.
    public var createdAt: Instant
    /// When a run last recalled it, if ever.
    public var lastUsedAt: Instant?
    /// Its sources, first saved first.
    public var sources: [Source]
    /// The recall score, when it was found by a search.
    public var score: Double?

    /// The form memory.read records.
    var recalled: RecalledMemory {
        RecalledMemory(
            id: id, text: text, source: sources.first?.ref ?? "", score: ((score ?? 0) * 10_000).rounded() / 10_000,
            date: createdAt.dateString, moreSources: sources.dropFirst().map(\.ref))
    }
}

/// Row counts of the memory tables: nothing that differs between identical databases.
public struct MemoryStats: Sendable, Hashable {
    /// Memories by kind.
    public var memories: [String: Int]
    /// Graph nodes by kind.
    public var nodes: [String: Int]
    /// Graph edges by kind.
    public var edges: [String: Int]
    /// Memory vectors by embedding model.
    public var embedded: [String: Int]
}

/// A failure of long-term memory, in one line that names the database at fault.
public struct MemoryError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    /// A memory error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
