import AgentCore
import ArgumentParser
import Foundation
import HTTP
import LLM
import Logging
import Retrieval

/// `research-agent corpus`: the offline corpus web_search uses when no search provider is configured.
struct Corpus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the offline search corpus (English Wikipedia summaries, CC BY-SA 4.0) into the cache.",
        discussion: "web_search searches it when no search provider is configured. It lives in the cache shared by every "
            + "home ($RESEARCH_AGENT_CACHE, default ~/.cache/research-agent), never in a home.",
        subcommands: [Install.self])

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index the summaries file that research-agent setup downloads, once per machine.",
            discussion: "Checks the file's sha256, then writes <cache>/corpora/wikipedia/index.sqlite, with vectors when an embedder is "
                + "set up (search is then hybrid, else BM25). Does nothing when the index is already there with the embedder's vectors "
                + "(or with --embedder none), unless --force; an index without them is built again with them.")

        @Option(
            help: ArgumentHelp(
                "Read the summaries from this file (it must be the pinned one) instead of the cache's copy.", valueName: "file"))
        var from: String?

        @Flag(help: "Build the index again even if it is there.")
        var force = false

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let environment = ProcessInfo.processInfo.environment
            let corpus = OfflineCorpus(logger: logger, environment: environment)
            // The embedder the home's search would use, so the corpus has vectors from its model.
            let config = try Configuration.load(path: homeOptions.resolved.configFile)
            let choice = try embedderOptions.choice(config: config, environment: environment)
            let embedder = choice.makeEmbedder(
                client: HTTPClient(userAgent: "research-agent/\(programVersion)"), logger: logger, environment: environment)
            defer { (embedder as? LocalEmbedder)?.stop() }
            // Installed already: done, unless an embedder is set up now that made none of its vectors.
            if !force, let installed = try? AgentDatabase(path: corpus.index, readOnly: true),
                let embedded = try? DocumentIndex(database: installed, collection: WikipediaSummaries.collection).stats().embedded,
                embedder.map({ embedded[$0.model, default: 0] > 0 }) ?? true
            {
                StandardError.line("corpus: already installed (use --force to build it again)")
                print(corpus.index)
                return
            }
            let source = from.map(Home.absolute) ?? corpus.summaries
            let articles: [CorpusArticle]
            do {
                // A file the user named is theirs to keep: they are told to leave it out, not to delete it.
                articles =
                    try from == nil
                    ? WikipediaSummaries.articles(at: source)
                    : WikipediaSummaries.articles(
                        at: source, fix: "it is not the pinned summaries file; leave out --from to use the one setup downloads")
            } catch { throw CLIError.failure(error.message) }
            let how = embedder.map { "with vectors from \($0.model)" } ?? "for BM25 (no embedder is set up)"
            StandardError.line("corpus: indexing \(articles.count) articles \(how)...")
            let started = ContinuousClock.now
            let report: CorpusBuilder.Report
            do {
                try FileManager.default.createDirectory(atPath: corpus.directory, withIntermediateDirectories: true)
                report = try await CorpusBuilder(collection: WikipediaSummaries.collection, embedder: embedder).build(
                    articles, into: corpus.index
                ) { done in
                    if done % 1000 == 0 { StandardError.line("corpus: \(done) of \(articles.count)") }
                }
            } catch let error as IndexError {
                throw CLIError.failure(error.message)
            } catch {
                throw CLIError.failure("cannot create \(corpus.directory): \(error.fileReason)")
            }
            StandardError.line(
                "corpus: \(report.articles) articles, \(report.chunks) chunks\(report.model.map { ", vectors from \($0)" } ?? "") in \((ContinuousClock.now - started).components.seconds) s"
            )
            print(corpus.index)
        }
    }
}
