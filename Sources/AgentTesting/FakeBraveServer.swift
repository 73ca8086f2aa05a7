import Foundation

/// Brave's web search API on 127.0.0.1: `GET /res/v1/web/search?q=...&count=...` with an
/// X-Subscription-Token, answered with Brave's response shape (matches in `<strong>`,
/// extra snippets), or with its `ErrorResponse` bodies (401, 429 with Retry-After and
/// rate-limit headers, 5xx), cut-off JSON or a slow reply as scripted.
public final class FakeBraveServer: Sendable {
    private let server: LoopbackHTTPServer
    private let core: FakeSearchCore

    /// Starts the fake; requests must carry `X-Subscription-Token: <apiKey>`.
    public init(pages: [FakeSearchResult], apiKey: String = "brave-test-key", failures: [FakeSearchFailure] = []) throws {
        let core = FakeSearchCore(pages: pages, failures: failures)
        self.core = core
        server = try LoopbackHTTPServer { request, writer in
            Self.handle(request, writer, core: core, apiKey: apiKey)
        }
    }

    /// "http://127.0.0.1:PORT/res/v1/web/search", the endpoint `BraveAPI` takes.
    public var endpoint: String { server.baseURL + "/res/v1/web/search" }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { server.requests }

    /// Stops the server; idempotent.
    public func stop() { server.stop() }

    private static func handle(_ request: RecordedRequest, _ writer: ResponseWriter, core: FakeSearchCore, apiKey: String) {
        guard request.method == "GET", request.route == "/res/v1/web/search" else {
            return error(writer, 404, code: "RESOURCE_NOT_FOUND", detail: "Resource not found.")
        }
        guard request.header("X-Subscription-Token") == apiKey else {
            return error(writer, 401, code: "SUBSCRIPTION_TOKEN_INVALID", detail: "The provided subscription token is invalid.")
        }
        let items = FakeSearchCore.queryItems(request.path)
        guard let query = items["q"], !query.isEmpty else {
            return error(writer, 422, code: "VALIDATION", detail: "Unable to validate request parameter(s): field q is required.")
        }
        switch core.nextFailure(writer) {
        case .status(let status, let retryAfter)?:
            if status == 429 {
                var headers = [("X-RateLimit-Limit", "1, 2000"), ("X-RateLimit-Remaining", "0, 1998")]
                if let retryAfter { headers += [("Retry-After", retryAfter), ("X-RateLimit-Reset", "\(retryAfter), 2419200")] }
                return error(writer, 429, code: "RATE_LIMITED", detail: "Request rate limit exceeded for plan.", extra: headers)
            }
            return error(writer, status, code: "INTERNAL_ERROR", detail: "An unexpected error occurred.")
        case .malformedJSON?:
            return writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: FakeSearchCore.malformedBody)
        default:
            break
        }
        let count = items["count"].flatMap { Int($0) } ?? 20
        let words = Set(FakeSearchCore.words(query))
        let results: [WireJSON] = core.matches(query, limit: min(count, 20)).map { page in
            let host = URL(string: page.url)?.host ?? ""
            var fields: [(String, WireJSON)] = [
                ("title", .string(emphasised(page.title, words))), ("url", .string(page.url)), ("is_source_local", false),
                ("is_source_both", false), ("description", .string(emphasised(page.snippet, words))), ("language", "en"),
                ("family_friendly", true), ("type", "search_result"), ("subtype", "generic"),
                ("meta_url", .object(["scheme": "https", "netloc": .string(host), "hostname": .string(host), "path": "› page"])),
            ]
            if let text = page.pageText { fields.append(("extra_snippets", .array([.string(text)]))) }
            return .members(fields)
        }
        let reply: WireJSON = .object([
            "query": .object([
                "original": .string(query), "show_strict_warning": false, "is_navigational": false, "more_results_available": false,
            ]),
            "mixed": .object(["type": "mixed", "main": .array([])]),
            "type": "search",
            "web": .object(["type": "search", "results": .array(results), "family_friendly": true]),
        ])
        writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: reply.bytes)
    }

    /// `text` with the query's words in `<strong>`, as Brave marks matches.
    private static func emphasised(_ text: String, _ words: Set<String>) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            words.contains(word.lowercased().trimmingCharacters(in: .punctuationCharacters)) ? "<strong>\(word)</strong>" : String(word)
        }.joined(separator: " ")
    }

    /// Brave's error body.
    private static func error(_ writer: ResponseWriter, _ status: Int, code: String, detail: String, extra: [(String, String)] = []) {
        let body: WireJSON = .object([
            "type": "ErrorResponse",
            "error": .object([
                "id": "0b6ad3b1-3c2f-4a1e-9d1c-5f1f2a7c9e10", "status": .int(status), "code": .string(code), "detail": .string(detail),
                "meta": .object(["component": "api"]),
            ]),
            "time": 1_733_300_000,
        ])
        writer.respond(status: status, headers: [("Content-Type", "application/json")] + extra, body: body.bytes)
    }
}
