import AgentCore
import HTTP

/// Tavily's search API: `POST /search` with a JSON body and a bearer key; each result has a
/// snippet (`content`) and, when asked for, the page's extracted text (`raw_content`).
public struct TavilyAPI: SearchAPI {
    /// The provider's name, for people.
    public let name = "Tavily"
    /// The provider's id, as `--search` names it.
    public let id = "tavily"
    /// Where requests go.
    public let endpoint: String
    /// What to check when the provider refuses the credentials.
    public let credentialHint = "check TAVILY_API_KEY"
    private let apiKey: String

    /// The public endpoint.
    public static let defaultEndpoint = "https://api.tavily.com/search"

    /// The API at `endpoint` with `apiKey` (a "tvly-..." key).
    public init(apiKey: String, endpoint: String = TavilyAPI.defaultEndpoint) {
        self.apiKey = apiKey
        self.endpoint = endpoint
    }

    /// The HTTP request for `query`, asking for `k` results.
    public func request(query: String, k: Int) -> HTTPRequest {
        // Basic depth costs one credit; raw content gives the model the page text without a fetch.
        let body: JSONValue = [
            "query": .string(query), "max_results": .int(k), "search_depth": "basic", "include_raw_content": true,
            "include_answer": false,
        ]
        return HTTPRequest(
            method: "POST", url: endpoint,
            headers: [
                HTTPHeader(name: "Authorization", value: "Bearer \(apiKey)"), HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Accept", value: "application/json"),
            ],
            body: body.canonicalBytes)
    }

    /// The results in a response body.
    public func results(from json: JSONValue) -> [SearchResult]? {
        guard let items = json["results"]?.arrayValue else { return nil }
        return items.compactMap { item in
            guard let url = Self.text(item["url"]) else { return nil }
            return SearchResult(
                title: Self.text(item["title"]) ?? url, url: url, snippet: Self.text(item["content"]) ?? "",
                content: Self.text(item["raw_content"]))
        }
    }

    /// Tavily answers errors as `{"detail": {"error": "..."}}` (older versions: `{"detail": "..."}`).
    public func errorDetail(from json: JSONValue) -> String? {
        Self.text(json["detail"]?["error"]) ?? Self.text(json["detail"]) ?? Self.text(json["error"])
    }
}
