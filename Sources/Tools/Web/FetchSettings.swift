import AgentCore

/// How `fetch_url` behaves on this machine: what it may reach and how politely it asks.
public struct FetchSettings: Sendable {
    /// Host and port pairs fetched even when they are not public addresses (tests, intranets).
    /// Only an exact pair is allowed; a redirect anywhere else is judged afresh.
    public var allowedHosts: Set<HostPort>
    /// Whether robots.txt is fetched and obeyed (config `respect_robots_txt`).
    public var respectRobotsTxt: Bool
    /// The User-Agent header; its first word is also the token robots.txt groups are matched against.
    public var userAgent: String
    /// The least time between the end of one request to a host and the start of the next.
    public var minimumDelayPerHost: Duration
    /// Turns HTML into readable text. This is the seam where the libxml2 extractor plugs in.
    public var pageText: any PageText
    /// Characters of page text returned by one call unless the call asks for another amount.
    public var defaultPageCharacters: Int
    /// Where fetched pages are kept between runs (the http_cache table); nil keeps none.
    public var cache: (any ResponseCache)?
    /// How the cache is used (`--cache`).
    public var cacheMode: CacheMode
    /// How old a cached page may be and still answer in `.use` mode (`.only` takes any age).
    public var cacheMaxAge: Duration

    /// Settings; the defaults suit fetching public pages for a research run.
    public init(
        allowedHosts: Set<HostPort> = [],
        respectRobotsTxt: Bool = true,
        userAgent: String = FetchSettings.defaultUserAgent,
        minimumDelayPerHost: Duration = .seconds(1),
        pageText: any PageText = ReadablePageText(),
        defaultPageCharacters: Int = 8000,
        cache: (any ResponseCache)? = nil,
        cacheMode: CacheMode = .use,
        cacheMaxAge: Duration = .seconds(86_400)
    ) {
        self.allowedHosts = allowedHosts
        self.respectRobotsTxt = respectRobotsTxt
        self.userAgent = userAgent
        self.minimumDelayPerHost = minimumDelayPerHost
        self.pageText = pageText
        self.defaultPageCharacters = defaultPageCharacters
        self.cache = cache
        self.cacheMode = cacheMode
        self.cacheMaxAge = cacheMaxAge
    }

    /// Names the program and what it is, so site owners can tell it apart and address it in robots.txt.
    public static let defaultUserAgent =
        "research-agent/0.1 (autonomous research agent; fetches single pages on a user's request; obeys robots.txt)"

    /// The product token robots.txt groups name, e.g. "research-agent".
    var robotsToken: String {
        let product = userAgent.split(separator: " ").first.map(String.init) ?? userAgent
        return (product.split(separator: "/").first.map(String.init) ?? product).lowercased()
    }
}
