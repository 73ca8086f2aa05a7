import AgentCore
import HTTP

/// What one fetch brought back, before it is turned into text.
struct FetchedBody: Sendable {
    /// The URL the body came from, after redirects.
    var finalURL: WebURL
    /// The URLs that redirected, in order, starting with the one asked for.
    var redirects: [WebURL]
    /// The Content-Type header, if the server sent one.
    var contentType: String?
    /// The decoded (decompressed) body, possibly cut.
    var body: [UInt8]
    /// The download cap, when the body was longer and was cut there.
    var cutAtBytes: Int?
    /// When the body was fetched, if it came from the http cache rather than the web.
    var cachedAt: Instant?
}

/// The limits of one fetch, taken from the tool's manifest limits.
struct FetchLimits: Sendable {
    /// Most body bytes read (after decompression); the rest is not downloaded.
    var maxBytes: Int
    /// Most redirects followed, each one checked afresh.
    var maxRedirects: Int
    /// Limit for each connection (TCP plus TLS).
    var connectTimeout: Duration
    /// When the whole fetch, redirects and robots.txt included, must be done.
    var deadline: ContinuousClock.Instant
}
