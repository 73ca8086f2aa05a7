/// A stored web response, as the http_cache table keeps it.
public struct CachedResponse: Sendable, Hashable {
    /// The URL the body came from (after any redirects).
    public var url: String
    /// The HTTP status.
    public var status: Int
    /// Response headers that matter for reading the body again, names in lower case.
    public var headers: [String: String]
    /// The body, decompressed.
    public var body: [UInt8]
    /// When it was fetched.
    public var fetchedAt: Instant

    /// A cached response.
    public init(url: String, status: Int, headers: [String: String], body: [UInt8], fetchedAt: Instant) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
        self.fetchedAt = fetchedAt
    }
}

/// Where search and fetch responses are kept, so an evaluation can be repeated offline
/// (DESIGN.md "Memory database": http_cache). Keys are chosen by the tool, e.g.
/// "fetch_url GET https://example.org/".
public protocol ResponseCache: Sendable {
    /// The response stored under `key`, if any.
    func response(forKey key: String) async throws -> CachedResponse?
    /// Stores `response` under `key`, replacing what was there.
    func store(_ response: CachedResponse, forKey key: String) async throws
}

/// How tools use the response cache (`--cache`).
public enum CacheMode: String, Sendable, Hashable, CaseIterable {
    /// Answer from a recent enough entry, else fetch and store.
    case use
    /// Answer only from the cache; a miss is an error. Repeats a recorded run offline.
    case only
    /// Always fetch, and store the fresh response.
    case refresh
    /// Neither read nor write.
    case off
}
