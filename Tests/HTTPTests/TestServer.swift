import Foundation
import Glibc
import Synchronization

/// Minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port) with one thread per connection.
final class TestServer: Sendable {
    struct Stats {
        var requests: [RecordedRequest] = []
        var hits: [String: Int] = [:]
        var peerClosed = 0
        var lastPeerClosedAt: ContinuousClock.Instant?
        var lastChunkSentAt: ContinuousClock.Instant?
    }

    let port: UInt16
    private let listenFD: Int32
    let stats = Mutex(Stats())
    /// Signalled by a test once it has seen the first chunk of /chunked; the server holds
    /// the rest back until then (or 60 s), so "arrives incrementally" needs no timing luck.
    let firstChunkSeen = DispatchSemaphore(value: 0)

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listenFD = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting; shutdown wakes the blocked accept() on Linux.
    func stop() {
        shutdown(listenFD, Int32(SHUT_RDWR))
        Glibc.close(listenFD)
    }

    func hits(_ target: String) -> Int { stats.withLock { $0.hits[target] ?? 0 } }
    var peerClosedCount: Int { stats.withLock { $0.peerClosed } }

    private func recordPeerClosed() {
        stats.withLock {
            $0.peerClosed += 1
            $0.lastPeerClosedAt = .now
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            // Bounded waits so a forgotten connection cannot pin a thread forever.
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let thread = Thread { [self] in handle(TestConnection(fd: client)) }
            thread.start()
        }
    }

    private func handle(_ connection: TestConnection) {
        defer { connection.close() }
        guard let request = connection.readRequest() else { return }
        let path = request.target.split(separator: "?").first.map(String.init) ?? request.target
        let hit = stats.withLock { stats -> Int in
            stats.requests.append(request)
            stats.hits[path, default: 0] += 1
            return stats.hits[path] ?? 0
        }
        route(path, request: request, hit: hit, connection: connection)
    }

    private func route(_ path: String, request: RecordedRequest, hit: Int, connection c: TestConnection) {
        switch path {
        case "/hello":
            c.writeResponse(status: 200, headers: [("X-Greeting", "hi")], body: Array("hello".utf8))
        case "/echo":
            c.writeResponse(
                status: 200, headers: [("X-Method", request.method), ("X-Test", request.headers["x-test"] ?? "")], body: request.body)
        case "/chunked":
            c.writeHead(status: 200, length: nil)
            c.writeChunk(Array("one,".utf8))
            _ = firstChunkSeen.wait(timeout: .now() + 60)
            c.writeChunk(Array("two,".utf8))
            Thread.sleep(forTimeInterval: 0.2)
            stats.withLock { $0.lastChunkSentAt = .now }
            c.writeChunk(Array("three".utf8))
            c.endChunks()
        case "/cut":
            c.writeHead(status: 200, length: nil)
            c.writeChunk(Array("partial".utf8))
            Thread.sleep(forTimeInterval: 0.05)  // then close without the zero-length chunk
        case "/stall":
            c.writeHead(status: 200, length: nil)
            c.writeChunk(Array("first".utf8))
            Thread.sleep(forTimeInterval: 1.5)
            c.writeChunk(Array("late".utf8))
            c.endChunks()
        case "/trickle":
            c.writeHead(status: 200, length: nil)
            c.writeChunk(Array("first".utf8))
            c.waitForPeerClose()
            recordPeerClosed()
        case "/retry429":
            if hit <= 2 {
                c.writeResponse(
                    status: 429, reason: "Too Many Requests", headers: [("Retry-After", "3")], body: Array("{\"error\":\"slow down\"}".utf8)
                )
            } else {
                c.writeResponse(status: 200, body: Array("ok".utf8))
            }
        case "/status/500":
            c.writeResponse(status: 500, reason: "Internal Server Error", body: Array("boom".utf8))
        case "/status/404":
            c.writeResponse(status: 404, reason: "Not Found", body: Array("nope".utf8))
        case "/silent":
            c.waitForPeerClose()
            recordPeerClosed()
        case "/big":
            c.writeResponse(status: 200, body: [UInt8](repeating: 0x61, count: 100_000))
        case "/bigchunked":
            c.writeHead(status: 200, length: nil)
            for _ in 0..<10 { guard c.writeChunk([UInt8](repeating: 0x62, count: 10_000)) else { return } }
            c.endChunks()
        case "/gzip":
            c.writeResponse(status: 200, headers: [("Content-Encoding", "gzip")], body: Self.gzipBody)
        case "/sse":
            c.writeHead(status: 200, headers: [("Content-Type", "text/event-stream")], length: nil)
            for piece in [
                "data: hel", "lo\n\n: ping\r\nevent: up", "date\r\ndata: {\"n\":1}\r", "\n\r\n", "data: tail-without-blank-line\n",
            ] {
                c.writeChunk(Array(piece.utf8))
                Thread.sleep(forTimeInterval: 0.02)
            }
            c.endChunks()
        case "/redirect":
            c.writeResponse(status: 302, reason: "Found", headers: [("Location", "/hello")], body: Array("moved".utf8))
        case "/continue":
            c.write("HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")
            c.writeResponse(status: 201, reason: "Created", headers: [("X-Final", "yes")], body: Array("done".utf8))
        default:
            c.writeResponse(status: 404, reason: "Not Found", body: [])
        }
    }

    /// gzip of "hello gzip world, hello gzip world" (python gzip.compress, mtime=0).
    static let gzipBody: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xaf, 0xca, 0x2c, 0x50, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0xd1, 0x51, 0xc8, 0x40, 0x13, 0x01,
        0x00, 0xa0, 0x7d, 0xcc, 0x30, 0x22, 0x00, 0x00, 0x00,
    ]
}
