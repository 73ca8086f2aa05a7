import AgentCore
import Foundation

/// Tavily's search API on 127.0.0.1: `POST /search` with a bearer key and a JSON body,
/// answered with Tavily's response shape, or with its error bodies (401, 429 with
/// Retry-After, 5xx), cut-off JSON or a slow reply as scripted.
public final class FakeTavilyServer: Sendable {
    private let server: LoopbackHTTPServer
    private let core: FakeSearchCore

    /// Starts the fake; requests must carry `Authorization: Bearer <apiKey>`.
    public init(pages: [FakeSearchResult], apiKey: String = "tvly-test-key", failures: [FakeSearchFailure] = []) throws {
        let core = FakeSearchCore(pages: pages, failures: failures)
        self.core = core
        server = try LoopbackHTTPServer { request, writer in
            Self.handle(request, writer, core: core, apiKey: apiKey)
        }
    }

    /// "http://127.0.0.1:PORT/search", the endpoint `TavilyAPI` takes.
    public var endpoint: String { server.baseURL + "/search" }

    /// Every request received, in order.
    public var requests: [RecordedRequest] { server.requests }

    /// Stops the server; idempotent.
    public func stop() { server.stop() }

    private static func handle(_ request: RecordedRequest, _ writer: ResponseWriter, core: FakeSearchCore, apiKey: String) {
        guard request.method == "POST", request.route == "/search" else {
            return error(writer, 404, "Not Found")
        }
        guard request.header("Authorization") == "Bearer \(apiKey)" else {
            return error(writer, 401, "Unauthorized: missing or invalid API key.")
        }
        guard let body = try? JSONValue.parse(Data(request.body)), let query = body["query"]?.stringValue, !query.isEmpty else {
            return error(writer, 400, "Query is missing.")
        }
        switch core.nextFailure(writer) {
        case .status(let status, let retryAfter)?:
            let message = status == 429 ? "Your request has been blocked due to excessive requests." : "Internal Server Error"
            return error(writer, status, message, extra: retryAfter.map { [("Retry-After", $0)] } ?? [])
        case .malformedJSON?:
            return writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: FakeSearchCore.malformedBody)
        default:
            break
        }
        let max = body["max_results"]?.intValue ?? 5
        let raw = body["include_raw_content"]?.boolValue ?? false
        let found = core.matches(query, limit: max)
        let results: [WireJSON] = found.enumerated().map { index, page in
            .object([
                "title": .string(page.title), "url": .string(page.url), "content": .string(page.snippet),
                "score": .raw(String(format: "%.8f", 0.9 - Double(index) * 0.07)),
                "raw_content": raw ? .optional(page.pageText) : .null,
            ])
        }
        let reply: WireJSON = .object([
            "query": .string(query), "follow_up_questions": nil, "answer": nil, "images": .array([]), "results": .array(results),
            "response_time": "0.42",
        ])
        writer.respond(status: 200, headers: [("Content-Type", "application/json")], body: reply.bytes)
    }

    /// Tavily's error body: `{"detail": {"error": "..."}}`.
    private static func error(_ writer: ResponseWriter, _ status: Int, _ message: String, extra: [(String, String)] = []) {
        let body: WireJSON = .object(["detail": .object(["error": .string(message)])])
        writer.respond(status: status, headers: [("Content-Type", "application/json")] + extra, body: body.bytes)
    }
}
