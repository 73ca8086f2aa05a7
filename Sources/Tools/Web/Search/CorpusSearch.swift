import AgentCore
import Foundation
import Retrieval

/// web_search's offline default: local corpora (the Wikipedia summaries setup installs,
/// and any the user adds) searched with the same hybrid retrieval as the docs index. The
/// page it returns says so, so a local copy never passes for the live web.
public struct CorpusSearch: SearchEngine {
    /// One corpus: a collection and how to open the search over it.
    public struct Corpus: Sendable {
        /// Its collection, e.g. "web:wikipedia".
        public var collection: String
        /// What it is and its licence, shown above its results.
        public var attribution: String?
        /// Opens the search (on first use; the same one after).
        public var open: @Sendable () throws -> DocumentSearch
        /// What rebuilds it when it cannot be searched (a damaged file), for the error to say.
        public var repair: String?

        /// A corpus.
        public init(
            collection: String, attribution: String?, repair: String? = nil, open: @escaping @Sendable () throws -> DocumentSearch
        ) {
            self.collection = collection
            self.attribution = attribution
            self.repair = repair
            self.open = open
        }
    }

    /// The corpora searched, in order.
    public let corpora: [Corpus]

    /// A search over `corpora`.
    public init(corpora: [Corpus]) {
        self.corpora = corpora
    }

    /// Up to `k` results for `query`, within `deadline`.
    public func search(_ query: String, k: Int, deadline: ContinuousClock.Instant) async throws -> SearchPage {
        var lists: [[SearchResult]] = []
        var notes: [String] = []
        var modes: Set<String> = []
        for corpus in corpora {
            let result: DocumentSearch.Result
            do { result = try await corpus.open().search(query, k: k * 2) } catch {
                throw WebSearchError(
                    "web_search: the offline corpus \(corpus.collection) cannot be searched: \(error)"
                        + (corpus.repair.map { "; \($0)" } ?? ""))
            }
            modes.insert(result.mode.rawValue)
            if let notice = result.notice { notes.append("Note: \(notice).") }
            if let attribution = corpus.attribution, !result.passages.isEmpty { notes.append(attribution) }
            var seen: Set<String> = []
            // An article split into several chunks is one result: its best chunk.
            lists.append(
                result.passages.compactMap { passage in
                    guard seen.insert(passage.uri).inserted else { return nil }
                    // Corpora the user added from files are cited as files, with their lines.
                    let isWeb = passage.uri.hasPrefix("https://") || passage.uri.hasPrefix("http://")
                    return SearchResult(
                        title: passage.title ?? passage.headingPath.last ?? (passage.uri as NSString).lastPathComponent,
                        url: isWeb ? passage.uri : passage.location, snippet: passage.text, kind: isWeb ? .url : .file)
                })
        }
        let names = corpora.map(\.collection).joined(separator: " and ")
        let origin = "the offline corpus \(names), a local copy searched by \(modes.sorted().joined(separator: "/")); not the live web"
        return SearchPage(results: Array(Self.interleaved(lists).prefix(k)), origin: origin, notes: notes)
    }

    /// Results of several corpora taken in turn by rank: their scores are not comparable
    /// (BM25 depends on each collection's statistics), their ranks are.
    static func interleaved(_ lists: [[SearchResult]]) -> [SearchResult] {
        var out: [SearchResult] = []
        var seen: Set<String> = []
        for rank in 0..<(lists.map(\.count).max() ?? 0) {
            for list in lists where rank < list.count && seen.insert(list[rank].url).inserted { out.append(list[rank]) }
        }
        return out
    }
}
