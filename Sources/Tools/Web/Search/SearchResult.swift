import AgentCore

/// One search result as web_search shows it, whichever engine found it.
public struct SearchResult: Sendable, Hashable {
    /// The page's title.
    public var title: String
    /// Where the page is: a URL, or `path:lines` for a file of the user's own corpus.
    public var url: String
    /// A short excerpt that matched the query.
    public var snippet: String
    /// Longer text the engine extracted from the page, when it gives one (Tavily's
    /// raw_content, Brave's extra snippets, a corpus article).
    public var content: String?
    /// How the answer cites it: a web page, or a file of a corpus the user added.
    public var kind: Source.Kind

    /// A result.
    public init(title: String, url: String, snippet: String, content: String? = nil, kind: Source.Kind = .url) {
        self.title = title
        self.url = url
        self.snippet = snippet
        self.content = content
        self.kind = kind
    }
}

/// What one search returned and where it came from, so the observation never passes a
/// local corpus off as the live web.
public struct SearchPage: Sendable {
    /// Results, best first.
    public var results: [SearchResult]
    /// Where they came from, e.g. "Tavily (live web search)".
    public var origin: String
    /// Lines the model should read before the results: a cached copy's age, a licence, a fallback.
    public var notes: [String]

    /// A page of results.
    public init(results: [SearchResult], origin: String, notes: [String] = []) {
        self.results = results
        self.origin = origin
        self.notes = notes
    }
}

/// Where web_search gets results: a hosted search API or a local corpus.
public protocol SearchEngine: Sendable {
    /// The `k` best results for `query`, finished before `deadline`.
    /// - Throws: `WebSearchError` with a one-line message, or `CancellationError`.
    func search(_ query: String, k: Int, deadline: ContinuousClock.Instant) async throws -> SearchPage
}

/// Why web_search produced no results, in one line the model and the user can act on.
public struct WebSearchError: Error, Sendable, CustomStringConvertible {
    /// The message, starting with "web_search:".
    public var message: String

    /// An error; `message` must be one line.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
