import AgentCore
import ArgumentParser
import Foundation
import Retrieval

/// `research-agent docs`: the user's documents, indexed for `search_docs`.
struct Docs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Index your documents and search them.",
        discussion: "Documents live in <home>/memory/agent.sqlite. Markdown, text, HTML, PDF (pdftotext) and source code are read; .gitignore, .ignore and .research-agent-ignore files are honoured.",
        subcommands: [Add.self, Sync.self, Search.self, List.self, Remove.self, Stats.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index files and folders (unchanged files are skipped by hash).")

        @Argument(help: ArgumentHelp("Files and folders to index.", valueName: "path"))
        var paths: [String]

        @Option(help: ArgumentHelp(
            "Add them to a search corpus of your own, web:NAME, instead of your documents.",
            discussion: "web_search searches such corpora next to the offline Wikipedia corpus when no search provider is configured; "
                + "search_docs and docs list do not show them. docs remove --collection web:NAME takes them out.",
            valueName: "web:name"))
        var collection: String?

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func validate() throws {
            if paths.isEmpty { throw ValidationError("name at least one file or folder to index") }
            try DocsSetup.checkExist(paths)
            try Docs.validateCollection(collection)
        }

        func run() async throws {
            try await ingest(
                paths, removeVanished: false, homeOptions: homeOptions, embedderOptions: embedderOptions,
                collection: collection ?? DocumentIndex.userDocuments)
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Like add, and also remove documents whose files are gone from the folders named.")

        @Argument(help: ArgumentHelp("Files and folders to sync (default: every file and folder named to docs add or sync before).", valueName: "path"))
        var paths: [String] = []

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws { try await ingest(paths, removeVanished: true, homeOptions: homeOptions, embedderOptions: embedderOptions) }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the indexed documents; prints path:lines, score and a snippet.")

        @Argument(help: "What to look for.")
        var query: String

        @Option(name: .short, help: "How many passages.")
        var k = 5

        @Option(help: "bm25, vector or hybrid (default: hybrid, or bm25 without an embedder).")
        var mode: String?

        @Flag(help: "Diversify the results (maximal marginal relevance).")
        var mmr = false

        @Flag(help: "Print passages as JSON: path, start_line, end_line, heading_path, score, text.")
        var json = false

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func validate() throws {
            if !(1...100).contains(k) { throw ValidationError("-k must be between 1 and 100 (got \(k))") }
            if let mode, SearchMode(rawValue: mode) == nil { throw ValidationError("--mode must be bm25, vector or hybrid, not '\(mode)'") }
            if query.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the query is empty") }
        }

        func run() async throws {
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: embedderOptions)
            defer { setup.close() }
            let search = DocumentSearch(index: setup.index, embedder: setup.embedder)
            let result: DocumentSearch.Result
            do { result = try await search.search(query, k: k, mode: mode.flatMap(SearchMode.init(rawValue:)), diversify: mmr) } catch {
                throw CLIError.failure("\(error)")
            }
            if let notice = result.notice { FileHandle.standardError.write(Data("docs: \(notice)\n".utf8)) }
            if json {
                for p in result.passages {
                    let line: JSONValue = [
                        "path": .string(p.uri), "start_line": .int(p.startLine), "end_line": .int(p.endLine),
                        "heading_path": .array(p.headingPath.map(JSONValue.string)), "score": .number(p.score), "text": .string(p.text),
                    ]
                    print(line.canonicalText)
                }
                return
            }
            let style = Style.detect()
            if result.passages.isEmpty { print("no passage matches (\(result.mode.rawValue))") }
            for (i, p) in result.passages.enumerated() {
                let heading = p.headingPath.isEmpty ? "" : style.dim("  " + p.headingPath.joined(separator: " > "))
                print("\(i + 1). \(style.cyan(p.location))  \(String(format: "%.4g", p.score))\(heading)")
                print("   \(Snippet.make(p.text, query: query))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the indexed documents with their ids and chunk counts.")

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false)
            let documents: [StoredDocument]
            do { documents = try setup.index.documents() } catch { throw CLIError.failure(error.message) }
            if documents.isEmpty { print("no documents; add some with: research-agent docs add PATH") }
            for d in documents { print("\(String(d.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(d.chunkCount).padding(toLength: 5, withPad: " ", startingAt: 0)) \(d.uri)") }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove documents from the index (by id, or by the path of a file or a folder added); the files are not touched.")

        @Argument(help: ArgumentHelp("Document ids (see docs list), or paths of files or folders (a folder takes every document under it).", valueName: "id-or-path"))
        var documents: [String]

        @Option(help: ArgumentHelp("Remove them from your search corpus web:NAME instead of your documents.", valueName: "web:name"))
        var collection: String?

        @OptionGroup var homeOptions: HomeOptions

        /// The path as the index stores it: absolute, with symlinks resolved when it exists.
        static func indexedPath(_ given: String) -> String {
            let absolute = Home.absolute(given)
            return DocumentWalker.realPath(absolute) ?? URL(fileURLWithPath: absolute).standardizedFileURL.path
        }

        func validate() throws {
            if documents.isEmpty { throw ValidationError("name at least one document id or path") }
            try Docs.validateCollection(collection)
        }

        func run() async throws {
            let setup = try DocsSetup.open(
                home: homeOptions.resolved, embedderOptions: nil, embedding: false, collection: collection ?? DocumentIndex.userDocuments)
            var missing: [String] = []
            do {
                let all = try setup.index.documents()
                for given in documents {
                    let uri = Int64(given).flatMap { id in all.first { $0.id == id }?.uri } ?? Self.indexedPath(given)
                    // A file or folder that was named to add is no longer synced either.
                    let forgotten = try setup.index.removeRoots(under: uri)
                    let under = try setup.index.documents(under: uri + "/").map(\.uri)
                    var removed = try setup.index.remove(uri: uri) ? [uri] : []
                    for document in under where try setup.index.remove(uri: document) { removed.append(document) }
                    for document in removed { print("removed \(document)") }
                    for root in forgotten where !removed.contains(root) { print("stopped syncing \(root)") }
                    if removed.isEmpty && forgotten.isEmpty { missing.append(given) }
                    // Still inside a folder that was added: a sync would bring it back.
                    let roots = try setup.index.roots()
                    for document in removed {
                        if let root = roots.first(where: { document.hasPrefix($0 + "/") }) {
                            FileHandle.standardError.write(Data(
                                "docs: \(document) is inside \(root), which docs sync walks; list it in \(root)/.research-agent-ignore to keep it out\n".utf8))
                        }
                    }
                }
            } catch { throw CLIError.failure(error.message) }
            if !missing.isEmpty { throw CLIError.failure("not in the index: \(missing.joined(separator: ", ")) (see docs list)") }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show how many documents, chunks and embeddings the index holds.")

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false)
            let stats: IndexStats
            do { stats = try setup.index.stats() } catch { throw CLIError.failure(error.message) }
            print("database    \(setup.index.database.path)")
            print("documents   \(stats.documents)")
            print("chunks      \(stats.chunks) (\(String(format: "%.1f", Double(stats.textBytes) / 1e6)) MB of text)")
            if stats.embedded.isEmpty { print("embeddings  none (search uses BM25 alone)") }
            for (model, n) in stats.embedded.sorted(by: { $0.key < $1.key }) { print("embeddings  \(n) from \(model)") }
        }
    }
}

extension Docs {
    /// A corpus of the user's own is named web:NAME; "web:wikipedia" is the installed one.
    static func validateCollection(_ collection: String?) throws {
        guard let collection else { return }
        let name = collection.dropFirst(4)
        guard collection.hasPrefix("web:"), !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ValidationError("--collection must be web:NAME (letters, digits, - and _), e.g. web:papers, not '\(collection)'")
        }
        guard collection != WikipediaSummaries.collection else {
            throw ValidationError("--collection web:wikipedia is the offline corpus in the cache; pick another name, e.g. web:mywiki")
        }
    }
}

/// Runs an ingestion with progress and prints its report.
private func ingest(
    _ paths: [String], removeVanished: Bool, homeOptions: HomeOptions, embedderOptions: EmbedderOptions,
    collection: String = DocumentIndex.userDocuments
) async throws {
    let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: embedderOptions, collection: collection)
    defer { setup.close() }
    var targets = paths
    if targets.isEmpty {
        // sync without paths: what was named before; an index from before roots were
        // recorded has none, and then the folders of everything indexed stand in.
        targets = (try? setup.index.roots()) ?? []
        if targets.isEmpty {
            let uris = (try? setup.index.documents().map(\.uri)) ?? []
            targets = Array(Set(uris.map { ($0 as NSString).deletingLastPathComponent })).sorted()
        }
        if targets.isEmpty { throw CLIError.usage("nothing is indexed yet; name files or folders, e.g. research-agent docs sync ~/notes") }
    }
    print(try await setup.ingest(targets, removeVanished: removeVanished))
}

extension DocsSetup {
    /// Indexes `paths` with progress on stderr, says on stderr what was skipped, and
    /// returns a one-line summary.
    func ingest(_ paths: [String], removeVanished: Bool) async throws(CLIError) -> String {
        if embedder == nil { FileHandle.standardError.write(Data("docs: no embedder configured; documents are indexed for BM25 search only\n".utf8)) }
        let progress = IngestProgress()
        let report: Ingestion.Report
        do {
            report = try await Ingestion(index: index, embedder: embedder)
                .run(paths, removeVanished: removeVanished, now: { Date().timeIntervalSince1970 }, progress: progress.update)
        } catch { progress.finish(); throw .failure(error.message) }
        progress.finish()
        for line in report.problems { FileHandle.standardError.write(Data("docs: \(line)\n".utf8)) }
        if let failure = report.embedderFailure {
            FileHandle.standardError.write(Data("docs: the embedder failed (\(failure)); later documents are indexed for BM25 only; rerun to embed them\n".utf8))
        }
        var summary = "\(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged"
        if removeVanished { summary += ", \(report.removed) removed" }
        return summary + "; \(report.chunks) chunks written, \(report.embedded) embedded; \(report.problems.count) skipped"
    }
}
