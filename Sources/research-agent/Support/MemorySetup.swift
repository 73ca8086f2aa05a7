import AgentCore
import Foundation
import Logging
import Memory
import Retrieval
import Synchronization
import Transcript

/// Opens the home's long-term memory for the memory commands and for runs.
enum MemorySetup {
    /// Memory over `database`, reporting its notices on stderr.
    static func store(database: AgentDatabase, embedder: (any Embedder)?) -> LongTermMemory {
        LongTermMemory(database: database, embedder: embedder, clock: SystemClock()) { message in
            StandardError.line("\(message)")
        }
    }

    /// The home's memory, with the embedder that flags, config and environment choose
    /// (none when `embedding` is false: listing, forgetting and stats need no vectors).
    static func open(home: Home, embedderOptions: EmbedderOptions?, embedding: Bool = true, logger: Logger) throws(CLIError) -> (
        memory: LongTermMemory, docs: DocsSetup
    ) {
        let docs = try DocsSetup.open(home: home, embedderOptions: embedderOptions, embedding: embedding, logger: logger)
        return (store(database: docs.index.database, embedder: docs.embedder), docs)
    }

    /// Opens the home's memory on first call and returns the same one after: for
    /// `tools list` and `tools run`, which may never recall anything.
    static func lazy(home: Home, logger: Logger) -> @Sendable () throws -> any MemoryStore {
        let opened = Mutex<LongTermMemory?>(nil)
        return {
            try opened.withLock { memory in
                if let memory { return memory }
                let made: LongTermMemory
                do throws(CLIError) { made = try open(home: home, embedderOptions: nil, logger: logger).memory } catch {
                    throw MemoryError(error.message)
                }
                memory = made
                return made
            }
        }
    }

    /// Where memory changes made outside a run (forgets, memories the user saved) are
    /// recorded, for rebuilds to honour.
    static func operationsFile(home: Home) -> String { home.transcripts + "/" + MemoryRebuild.operationsFileName }

    /// Removes the memory `id` (or a unique prefix of one) names and what only it supported.
    static func forget(_ id: String, memory: LongTermMemory, home: Home) async throws(CLIError) -> StoredMemory {
        let found: StoredMemory?
        do { found = try memory.resolve(id) } catch { throw .failure(error.message) }
        guard let found else { throw .failure("no memory with id '\(id)'; see research-agent memory list") }
        try await apply(.memoryForget(MemoryForgetRecord(id: found.id)), to: memory, home: home)
        return found
    }

    /// Saves `text` as a fact the user gave; returns its id.
    static func remember(_ text: String, memory: LongTermMemory, home: Home) async throws(CLIError) -> String {
        let run = UUID().uuidString.lowercased()
        let id = MemoryTools.memoryID(run: run, index: 0)
        let record = MemoryWriteRecord(step: 0, id: id, kind: "fact", text: text, sources: [])
        try await apply(.memoryWrite(record), to: memory, home: home, run: run)
        return id
    }

    /// Records `payload` as the only event of a new run id in the operations file, then
    /// applies it. The record comes first: a change the file does not hold would be undone
    /// by a rebuild.
    private static func apply(
        _ payload: EventPayload, to memory: LongTermMemory, home: Home, run: String = UUID().uuidString.lowercased()
    ) async throws(CLIError) {
        let event = Event(run: run, seq: 0, ts: SystemClock().now(), payload: payload)
        do {
            let writer = try TranscriptWriter(path: operationsFile(home: home))
            defer { writer.close() }
            try writer.record(event)
        } catch {
            throw .failure("cannot record the change in \(operationsFile(home: home)): \(error)")
        }
        await memory.record([event])
    }
}
