import AgentCore

/// A fetched page as text, ready to be shown in parts.
struct ReadablePage: Sendable {
    /// The URL the text came from, after redirects.
    var finalURL: String
    /// The URLs that redirected, starting with the one asked for.
    var redirects: [String]
    /// The page title, when there is one.
    var title: String?
    /// The readable text, cleaned of hidden characters.
    var text: String
    /// How many characters (Unicode scalars) `text` has, counted once: pages can be megabytes.
    var characterCount: Int
    /// The media type, e.g. "text/html".
    var mediaType: String
    /// The download cap, when the body was cut there.
    var cutAtBytes: Int?
    /// When the page was fetched, if it came from the http cache.
    var cachedAt: Instant?
}
