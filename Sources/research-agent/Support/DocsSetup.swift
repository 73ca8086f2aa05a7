import AgentCore
import ArgumentParser
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Synchronization

/// What the docs commands share: the home's database, the document index and the chosen
/// embedder (started on first use, stopped by `close()`).
struct DocsSetup {
    let home: Home
    let index: DocumentIndex
    let embedder: (any Embedder)?
    let choice: EmbedderChoice

    /// Opens the home's database and picks the embedder from flags (if given), config and
    /// environment. Without `embedding`, no embedder: listing and removing need no vectors.
    /// `collection` is "docs" (the user's documents) or a search corpus of the user's own ("web:NAME").
    static func open(
        home: Home, embedderOptions: EmbedderOptions?, embedding: Bool = true, collection: String = DocumentIndex.userDocuments,
        logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CLIError) -> DocsSetup {
        try home.prepare()
        let config = try Configuration.load(path: home.configFile)
        var choice = EmbedderChoice.none
        if embedding {
            if let embedderOptions {
                choice = try embedderOptions.choice(config: config, environment: environment)
            } else {
                do {
                    choice = try EmbedderChoice.choose(embedder: config.embedder, model: config.embeddingModel, environment: environment)
                } catch {
                    throw .usage(error.message)
                }
            }
        }
        let database: AgentDatabase
        do { database = try AgentDatabase(path: home.memory + "/agent.sqlite") } catch { throw .failure(error.message) }
        let client = HTTPClient(userAgent: "research-agent/\(programVersion)")
        let embedder = choice.makeEmbedder(client: client, logger: logger, environment: environment)
        return DocsSetup(home: home, index: DocumentIndex(database: database, collection: collection), embedder: embedder, choice: choice)
    }

    /// The search over this setup's index and embedder.
    var search: DocumentSearch { DocumentSearch(index: index, embedder: embedder) }

    /// Stops a local embedding server, if one was started.
    func close() { (embedder as? LocalEmbedder)?.stop() }

    /// Opens the home's document search on first call and returns the same one after: for
    /// `tools run`, doctor and replay, which may never search at all.
    static func lazySearch(home: Home, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> @Sendable () throws -> DocumentSearch
    {
        let opened = Mutex<DocumentSearch?>(nil)
        return {
            try opened.withLock { search in
                if let search { return search }
                let made: DocumentSearch
                do throws(CLIError) {
                    made = try DocsSetup.open(home: home, embedderOptions: nil, logger: logger, environment: environment).search
                } catch {
                    throw IndexError(error.message)
                }
                search = made
                return made
            }
        }
    }
}

extension DocsSetup {
    /// Refuses paths to index that do not exist, before anything is opened or started: a
    /// typo must not end in an empty index and a run without the documents it was meant for.
    static func checkExist(_ paths: [String]) throws {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("\(path): no such file or folder; check the path")
        }
    }
}
