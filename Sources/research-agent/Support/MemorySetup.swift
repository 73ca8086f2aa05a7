import AgentCore
import Foundation
import Logging
import Memory
import Retrieval
import Synchronization

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

    /// Where forgets made outside a run are recorded, for rebuilds to honour.
    static func operationsFile(home: Home) -> String { home.transcripts + "/" + MemoryRebuild.operationsFileName }
}
