import AgentCore
import HTTP

/// A SearXNG instance's JSON API: `GET <base>/search?q=...&format=json`. The instance must
/// list `json` under `search.formats` in its settings.yml; otherwise it answers 403.
public struct SearXNGAPI: SearchAPI {
    /// The provider's name, for people.
    public let name = "SearXNG"
    /// The provider's id, as `--search` names it.
    public let id = "searxng"
    /// Where requests go.
    public let endpoint: String
    /// What to check when the provider refuses the credentials.
    public let credentialHint = "check SEARXNG_URL, and that the instance allows the json format (search.formats in its settings.yml)"

    /// The instance at `baseURL` (SEARXNG_URL, e.g. "http://127.0.0.1:8888").
    public init(baseURL: String) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = base.hasSuffix("/search") ? base : base + "/search"
    }

    /// The HTTP request for `query`, asking for `k` results.
    public func request(query: String, k: Int) -> HTTPRequest {
        // SearXNG has no result count parameter: it returns a page (about 20) and we keep k.
        HTTPRequest(
            url: endpoint + "?q=" + Self.queryEscaped(query) + "&format=json",
            headers: [HTTPHeader(name: "Accept", value: "application/json")])
    }

    /// The results in a response body.
    public func results(from json: JSONValue) -> [SearchResult]? {
        guard let items = json["results"]?.arrayValue else { return nil }
        return items.compactMap { item in
            guard let url = Self.text(item["url"]) else { return nil }
            return SearchResult(title: Self.text(item["title"]) ?? url, url: url, snippet: Self.text(item["content"]) ?? "")
        }
    }

    /// What a failed response body says went wrong.
    public func errorDetail(from json: JSONValue) -> String? {
        Self.text(json["error"]) ?? Self.text(json["message"])
    }
}
