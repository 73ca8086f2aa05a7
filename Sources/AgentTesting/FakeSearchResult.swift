/// A page the fake search providers know: they return the ones whose words match a query.
public struct FakeSearchResult: Sendable {
    /// The page's title.
    public var title: String
    /// Its URL.
    public var url: String
    /// The snippet (Tavily's `content`, Brave's `description`, SearXNG's `content`).
    public var snippet: String
    /// The page's text (Tavily's `raw_content`, Brave's `extra_snippets`); SearXNG has none.
    public var pageText: String?

    /// A result.
    public init(title: String, url: String, snippet: String, pageText: String? = nil) {
        self.title = title
        self.url = url
        self.snippet = snippet
        self.pageText = pageText
    }
}

/// A failure a fake search provider gives instead of results, one per request in order.
public enum FakeSearchFailure: Sendable {
    /// An error status with the provider's own error body; `retryAfter` becomes a Retry-After header.
    case status(Int, retryAfter: String? = nil)
    /// A 200 whose body is cut-off JSON.
    case malformedJSON
    /// A normal answer after this long (the fake stops waiting when it is stopped).
    case slow(milliseconds: Int)
    /// A normal answer: lets a script fail on a later request only.
    case none
}
