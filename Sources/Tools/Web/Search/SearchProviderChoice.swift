import Foundation

/// A search provider as `--search` and `search_provider` name it.
public enum SearchProviderName: String, Sendable, CaseIterable {
    /// Tavily (TAVILY_API_KEY).
    case tavily
    /// Brave Search (BRAVE_API_KEY).
    case brave
    /// A SearXNG instance (SEARXNG_URL).
    case searxng
    /// The offline corpus in the cache.
    case offline
}

/// Which search provider web_search uses: the one named (flag, environment or config.toml's
/// `search_provider`), else the first whose key is set (TAVILY_API_KEY, BRAVE_API_KEY,
/// SEARXNG_URL), else the offline corpus.
public enum SearchProviderChoice: Sendable {
    /// A hosted API.
    case api(any SearchAPI)
    /// The local corpus installed into the cache (and the user's own `web:` collections).
    case offline

    /// The names `search_provider` and `--search` accept.
    public static let known = SearchProviderName.allCases.map(\.rawValue)

    /// The variables holding the hosted providers' keys, which redaction hides.
    public static let secretVariables = ["TAVILY_API_KEY", "BRAVE_API_KEY"]

    /// The provider `name` selects (nil: chosen from the environment).
    /// - Throws: a one-line message naming the unknown provider or the missing variable.
    public static func choose(provider name: String?, environment: [String: String]) throws(WebSearchError) -> SearchProviderChoice {
        func value(_ key: String) -> String? {
            guard let v = environment[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        switch name?.lowercased() {
        case nil:
            if let key = value("TAVILY_API_KEY") { return .api(TavilyAPI(apiKey: key)) }
            if let key = value("BRAVE_API_KEY") { return .api(BraveAPI(apiKey: key)) }
            if let url = value("SEARXNG_URL") { return .api(SearXNGAPI(baseURL: url)) }
            return .offline
        case "tavily":
            guard let key = value("TAVILY_API_KEY") else {
                throw WebSearchError("the search provider is tavily but TAVILY_API_KEY is not set; set it, or choose another provider")
            }
            return .api(TavilyAPI(apiKey: key))
        case "brave":
            guard let key = value("BRAVE_API_KEY") else {
                throw WebSearchError("the search provider is brave but BRAVE_API_KEY is not set; set it, or choose another provider")
            }
            return .api(BraveAPI(apiKey: key))
        case "searxng":
            guard let url = value("SEARXNG_URL") else {
                throw WebSearchError(
                    "the search provider is searxng but SEARXNG_URL is not set; set it to the instance's address, e.g. http://127.0.0.1:8888"
                )
            }
            return .api(SearXNGAPI(baseURL: url))
        case "offline":
            return .offline
        case let other?:
            throw WebSearchError("unknown search provider '\(other)'; expected one of \(known.joined(separator: ", "))")
        }
    }
}
