import Foundation
import Synchronization

/// A small web site on 127.0.0.1 for fetch tests: pages by path, redirects, slow replies, and
/// a log of every visit with its timing, so politeness can be checked.
public final class FakeWebSite: Sendable {
    /// One response the site gives for a path.
    public struct Page: Sendable {
        /// The status code.
        public var status: Int
        /// Response headers (framing headers are set by the server).
        public var headers: [HTTPField]
        /// The body as sent on the wire (already compressed when a Content-Encoding says so).
        public var body: [UInt8]
        /// How long to wait before answering.
        public var delayMilliseconds: Int

        /// A response.
        public init(status: Int = 200, headers: [HTTPField] = [], body: [UInt8], delayMilliseconds: Int = 0) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delayMilliseconds = delayMilliseconds
        }

        /// An HTML page; the Content-Type names `charset` when one is given.
        public static func html(_ text: String, charset: String? = "utf-8") -> Page {
            Page(headers: [HTTPField("Content-Type", "text/html" + (charset.map { "; charset=\($0)" } ?? ""))], body: Array(text.utf8))
        }

        /// A body with the given Content-Type.
        public static func typed(_ contentType: String, _ body: [UInt8]) -> Page {
            Page(headers: [HTTPField("Content-Type", contentType)], body: body)
        }

        /// A redirect to `location`.
        public static func redirect(to location: String, status: Int = 302) -> Page {
            Page(status: status, headers: [HTTPField("Location", location)], body: [])
        }
    }

    /// A header name and value.
    public struct HTTPField: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The value.
        public var value: String

        /// A header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One request the site served, with when it started and ended.
    public struct Visit: Sendable {
        /// Request target including the query.
        public var path: String
        /// Request headers.
        public var headers: [RecordedHeader]
        /// When the request arrived.
        public var started: ContinuousClock.Instant
        /// When the response was written.
        public var ended: ContinuousClock.Instant

        /// The first value of a request header, case-insensitively.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private struct State {
        var pages: [String: Page]
        var active = 0
        var maxActive = 0
        var visits: [Visit] = []
    }

    /// Shared by the site and its connection threads.
    private final class Shared: Sendable {
        let state: Mutex<State>
        init(_ pages: [String: Page]) { state = Mutex(State(pages: pages)) }
    }

    private let shared: Shared
    private let server: LoopbackHTTPServer

    /// Starts a site serving `pages` by path (with the query, else without); others are 404.
    public init(_ pages: [String: Page] = [:]) throws {
        let shared = Shared(pages)
        self.shared = shared
        server = try LoopbackHTTPServer { request, writer in
            let started = ContinuousClock.now
            let page = shared.state.withLock { s -> Page? in
                s.active += 1
                s.maxActive = max(s.maxActive, s.active)
                return s.pages[request.path] ?? s.pages[request.route]
            }
            let reply = page ?? Page(status: 404, headers: [HTTPField("Content-Type", "text/plain")], body: Array("not found".utf8))
            if reply.delayMilliseconds > 0 { writer.sleep(milliseconds: reply.delayMilliseconds) }
            writer.respond(status: reply.status, headers: reply.headers.map { ($0.name, $0.value) }, body: reply.body)
            shared.state.withLock { s in
                s.active -= 1
                s.visits.append(Visit(path: request.path, headers: request.headers, started: started, ended: .now))
            }
        }
    }

    /// Serves `page` at `path` from now on.
    public func set(_ path: String, _ page: Page) {
        shared.state.withLock { $0.pages[path] = page }
    }

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { server.baseURL }

    /// The port.
    public var port: Int { server.port }

    /// "127.0.0.1:PORT", the form `--allow-host` takes.
    public var hostPort: String { "127.0.0.1:\(server.port)" }

    /// Every completed visit, in the order responses finished.
    public var visits: [Visit] { shared.state.withLock { $0.visits } }

    /// Requests that reached the site so far, including any still being answered.
    public var requestCount: Int { server.requests.count }

    /// How many requests for `path` (route without query) were received.
    public func hits(_ path: String) -> Int { server.requests.filter { $0.route == path }.count }

    /// The most requests that were being answered at the same moment.
    public var maxConcurrent: Int { shared.state.withLock { $0.maxActive } }

    /// Stops the server.
    public func stop() { server.stop() }
}
