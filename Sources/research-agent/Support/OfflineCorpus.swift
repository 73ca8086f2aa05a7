import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Synchronization
import Tools

/// Where the offline search corpus lives in the cache, and web_search over it.
///
/// research-agent setup puts the pinned summaries file in `<cache>/corpora/wikipedia/`
/// and `corpus install` indexes it next to it, once per machine; every home then opens
/// that index read-only.
struct OfflineCorpus {
    /// `<cache>/corpora/wikipedia`.
    let directory: String
    /// The command's logger, for the embedder a search may start.
    let logger: Logger

    /// The corpus of the machine's cache.
    init(logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment) {
        directory = Home.absolute(LocalInstall(environment: environment).corpusDirectory)
        self.logger = logger
    }

    /// The summaries file setup downloads.
    var summaries: String { directory + "/" + WikipediaSummaries.fileName }

    /// The index `corpus install` builds.
    var index: String { directory + "/index.sqlite" }

    /// web_search over the installed index, opened on the first search with the home's
    /// embedder when the index holds vectors from it (else BM25); without an index, a
    /// tool that says how to install it.
    func searchTool(config: Configuration, home: Home, environment: [String: String]) -> WebSearchTool {
        let own = Self.ownCorpora(home: home, config: config, logger: logger, environment: environment)
        guard FileManager.default.fileExists(atPath: index) else {
            if !own.isEmpty { return WebSearchTool(engine: CorpusSearch(corpora: own)) }
            let how =
                FileManager.default.fileExists(atPath: summaries)
                ? "run research-agent corpus install to index it"
                : "install it with research-agent setup, then research-agent corpus install"
            return WebSearchTool(
                unavailable: WebSearchError(
                    "web_search: no search provider is configured and the offline corpus is not installed at \(index); \(how), "
                        + "or set TAVILY_API_KEY, BRAVE_API_KEY or SEARXNG_URL"))
        }
        let path = index
        let logger = logger
        let opened = Mutex<DocumentSearch?>(nil)
        let open: @Sendable () throws -> DocumentSearch = {
            try opened.withLock { search in
                if let search { return search }
                let index = DocumentIndex(
                    database: try AgentDatabase(path: path, readOnly: true), collection: WikipediaSummaries.collection)
                let made = DocumentSearch(
                    index: index, embedder: try Self.embedder(for: index, config: config, logger: logger, environment: environment))
                search = made
                return made
            }
        }
        let corpus = CorpusSearch.Corpus(
            collection: WikipediaSummaries.collection, attribution: WikipediaSummaries.attribution,
            repair: "research-agent corpus install builds it again", open: open)
        return WebSearchTool(engine: CorpusSearch(corpora: [corpus] + own))
    }

    /// The corpora the user added to the home's database (`docs add --collection web:NAME`),
    /// each opened on its first search.
    static func ownCorpora(home: Home, config: Configuration, logger: Logger, environment: [String: String]) -> [CorpusSearch.Corpus] {
        let path = home.memory + "/agent.sqlite"
        // A home without a database has no corpora; opening it here would create one.
        guard FileManager.default.fileExists(atPath: path), let database = try? AgentDatabase(path: path, readOnly: true),
            let names = try? DocumentIndex.collections(in: database, prefix: "web:")
        else { return [] }
        return names.filter { $0 != WikipediaSummaries.collection }.map { name in
            let opened = Mutex<DocumentSearch?>(nil)
            return CorpusSearch.Corpus(collection: name, attribution: nil) {
                try opened.withLock { search in
                    if let search { return search }
                    let index = DocumentIndex(database: try AgentDatabase(path: path), collection: name)
                    let made = DocumentSearch(
                        index: index, embedder: try embedder(for: index, config: config, logger: logger, environment: environment))
                    search = made
                    return made
                }
            }
        }
    }

    /// The home's embedder, if the index has vectors from its model: query vectors from any
    /// other model would be compared with vectors they have nothing in common with.
    private static func embedder(
        for index: DocumentIndex, config: Configuration, logger: Logger, environment: [String: String]
    ) throws -> (any Embedder)? {
        let embedded = try index.stats().embedded
        guard !embedded.isEmpty,
            let choice = try? EmbedderChoice.choose(embedder: config.embedder, model: config.embeddingModel, environment: environment),
            let embedder = choice.makeEmbedder(
                client: HTTPClient(userAgent: "research-agent/\(programVersion)"), logger: logger, environment: environment),
            embedded[embedder.model, default: 0] > 0
        else { return nil }
        return embedder
    }
}
