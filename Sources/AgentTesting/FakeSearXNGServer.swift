import Foundation

/// A SearXNG instance on 127.0.0.1: `GET /search?q=...&format=json` answered with
/// SearXNG's JSON shape. Like a real instance, it answers 403 to `format=json` when the
/// format is not enabled, and gives the scripted failures (429, 5xx, cut-off JSON, slow).
public final class FakeSearXNGServer: Sendable {
    private let server: LoopbackHTTPServer
    private let core: FakeSearchCore

    /// Starts the fake; `jsonEnabled: false` behaves like an instance whose settings.yml lacks json.
    public init(pages: [FakeSearchResult], jsonEnabled: Bool = true, failures: [FakeSearchFailure] = []) throws {
        let core = FakeSearchCore(pages: pages, failures: failures)
        self.core = core
        server = try LoopbackHTTPServer { request, writer in
            Self.handle(request, writer, core: core, jsonEnabled: jsonEnabled)
        }
    }

    /// "http://127.0.0.1:PORT", the form SEARXNG_URL takes.
    public var baseURL: String { server.baseURL }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { server.requests }

    /// Stops the server; idempotent.
    public func stop() { server.stop() }

    private static func handle(_ request: RecordedRequest, _ writer: ResponseWriter, core: FakeSearchCore, jsonEnabled: Bool) {
        let html = [("Content-Type", "text/html; charset=utf-8")]
        guard request.route == "/search" else {
            return writer.respond(status: 404, headers: html, body: Array("<html><body>Not Found</body></html>".utf8))
        }
        let items = FakeSearchCore.queryItems(request.path)
        guard items["format"] == "json", jsonEnabled else {
            return writer.respond(
                status: 403, headers: html, body: Array("<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1>".utf8))
        }
        let query = items["q"] ?? ""
        switch core.nextFailure(writer) {
        case .status(let status, let retryAfter)?:
            let headers = html + (retryAfter.map { [("Retry-After", $0)] } ?? [])
            return writer.respond(
                status: status, headers: headers, body: Array("<html><body>\(HTTPStatus.reason(status))</body></html>".utf8))
        case .malformedJSON?:
            return writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: FakeSearchCore.malformedBody)
        default:
            break
        }
        let results: [WireJSON] = core.matches(query, limit: 20).enumerated().map { index, page in
            let url = URL(string: page.url)
            return .object([
                "url": .string(page.url), "title": .string(page.title), "content": .string(page.snippet), "publishedDate": nil,
                "thumbnail": "", "engine": "duckduckgo",
                "parsed_url": .array([.string(url?.scheme ?? "https"), .string(url?.host ?? ""), .string(url?.path ?? "/"), "", "", ""]),
                "template": "default.html", "engines": .array(["duckduckgo", "brave"]),
                "positions": .array([.int(index + 1), .int(index + 2)]),
                "score": .raw(String(format: "%.4f", 4.0 / Double(index + 1))), "category": "general",
            ])
        }
        let reply: WireJSON = .object([
            "query": .string(query), "number_of_results": 0, "results": .array(results), "answers": .array([]),
            "corrections": .array([]), "infoboxes": .array([]), "suggestions": .array([]), "unresponsive_engines": .array([]),
        ])
        writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: reply.bytes)
    }
}
