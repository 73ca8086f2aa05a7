import AgentCore
import Foundation
import HTTP

/// Brave Search's web search API: `GET /res/v1/web/search?q=...` with an
/// X-Subscription-Token header; results under `web.results`, with HTML emphasis in the
/// descriptions and, on plans that have them, extra snippets from the page.
public struct BraveAPI: SearchAPI {
    /// The provider's name, for people.
    public let name = "Brave"
    /// The provider's id, as `--search` names it.
    public let id = "brave"
    /// Where requests go.
    public let endpoint: String
    /// What to check when the provider refuses the credentials.
    public let credentialHint = "check BRAVE_API_KEY"
    private let apiKey: String

    /// The public endpoint.
    public static let defaultEndpoint = "https://api.search.brave.com/res/v1/web/search"

    /// The API at `endpoint` with `apiKey`.
    public init(apiKey: String, endpoint: String = BraveAPI.defaultEndpoint) {
        self.apiKey = apiKey
        self.endpoint = endpoint
    }

    /// The HTTP request for `query`, asking for `k` results.
    public func request(query: String, k: Int) -> HTTPRequest {
        // Brave returns at most 20 results per request.
        let url = endpoint + "?q=" + Self.queryEscaped(query) + "&count=\(min(k, 20))&extra_snippets=true"
        return HTTPRequest(
            url: url,
            headers: [HTTPHeader(name: "Accept", value: "application/json"), HTTPHeader(name: "X-Subscription-Token", value: apiKey)])
    }

    /// The results in a response body.
    public func results(from json: JSONValue) -> [SearchResult]? {
        guard json["type"]?.stringValue == "search" || json["web"] != nil else { return nil }
        // A query with no web results has no "web" object at all.
        guard let items = json["web"]?["results"]?.arrayValue ?? (json["web"] == nil ? [] : nil) else { return nil }
        return items.compactMap { item in
            guard let url = Self.text(item["url"]) else { return nil }
            let extra = (item["extra_snippets"]?.arrayValue ?? []).compactMap { Self.text($0).map(Self.plain) }
            return SearchResult(
                title: Self.text(item["title"]).map(Self.plain) ?? url, url: url,
                snippet: Self.text(item["description"]).map(Self.plain) ?? "",
                content: extra.isEmpty ? nil : extra.joined(separator: "\n"))
        }
    }

    /// Brave answers errors as `{"type": "ErrorResponse", "error": {"code": ..., "detail": ...}}`.
    public func errorDetail(from json: JSONValue) -> String? {
        let code = Self.text(json["error"]?["code"])
        let detail = Self.text(json["error"]?["detail"])
        switch (code, detail) {
        case (let code?, let detail?): return "\(code): \(detail)"
        default: return code ?? detail
        }
    }

    /// Brave marks matches with `<strong>` and escapes entities; the model wants the words.
    static func plain(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true; continue }
            if character == ">" && inTag { inTag = false; continue }
            if !inTag { out.append(character) }
        }
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: character)
        }
        return out
    }
}
