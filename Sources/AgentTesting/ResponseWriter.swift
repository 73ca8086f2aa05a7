import Glibc
import Synchronization

/// Writes one HTTP/1.1 response onto a connection; every call goes straight to the socket.
///
/// Misuse (responding twice, writing chunks before `startChunked`) is ignored rather than
/// trapping, because a fake server must never crash the test process.
public final class ResponseWriter: Sendable {
    /// Where the response currently stands.
    enum Phase: Sendable {
        case idle, chunked, complete, cut
    }

    private let fd: Int32
    private let phase = Mutex(Phase.idle)
    private let isServerStopped: @Sendable () -> Bool

    /// Creates a writer for a connected socket owned by the server.
    init(fd: Int32, isServerStopped: @escaping @Sendable () -> Bool) {
        self.fd = fd
        self.isServerStopped = isServerStopped
    }

    /// The current phase, read by the connection thread once the handler returns.
    var currentPhase: Phase { phase.withLock { $0 } }

    /// Sends a complete response with a Content-Length and `Connection: close`.
    public func respond(status: Int, headers: [(String, String)] = [], body: [UInt8]) {
        phase.withLock { phase in
            guard phase == .idle else { return }
            let head = Self.head(status: status, headers: headers, framing: ("Content-Length", "\(body.count)"))
            _ = Socket.sendAll(fd, head + body)
            phase = .complete
        }
    }

    /// Sends the status line and headers of a `Transfer-Encoding: chunked` response.
    public func startChunked(status: Int, headers: [(String, String)]) {
        phase.withLock { phase in
            guard phase == .idle else { return }
            _ = Socket.sendAll(fd, Self.head(status: status, headers: headers, framing: ("Transfer-Encoding", "chunked")))
            phase = .chunked
        }
    }

    /// Sends one chunk in a single write (TCP_NODELAY is on, so it leaves at once); empty input is skipped
    /// because a zero-length chunk would terminate the body.
    public func writeChunk(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        phase.withLock { phase in
            guard phase == .chunked else { return }
            let frame = Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + [13, 10]
            _ = Socket.sendAll(fd, frame)
        }
    }

    /// Sends the terminating zero-length chunk.
    public func endChunked() {
        phase.withLock { phase in
            guard phase == .chunked else { return }
            _ = Socket.sendAll(fd, Array("0\r\n\r\n".utf8))
            phase = .complete
        }
    }

    /// Shuts the connection down immediately, mid-body, without any terminator.
    public func cut() {
        phase.withLock { phase in
            guard phase != .cut else { return }
            Socket.shutdown(fd, how: Int32(SHUT_RDWR))
            phase = .cut
        }
    }

    /// Blocks the connection thread; returns early when the server is stopped.
    public func sleep(milliseconds: Int) {
        var remaining = max(0, milliseconds)
        // Sleep in slices so stop() never waits for a long scripted stall.
        while remaining > 0 && !isServerStopped() {
            let slice = min(remaining, 10)
            usleep(useconds_t(slice * 1000))
            remaining -= slice
        }
    }

    /// Sends the head with the full Content-Length but only a prefix of the body, then cuts.
    func respondTruncated(status: Int, headers: [(String, String)], body: [UInt8], keeping count: Int) {
        phase.withLock { phase in
            guard phase == .idle else { return }
            let head = Self.head(status: status, headers: headers, framing: ("Content-Length", "\(body.count)"))
            _ = Socket.sendAll(fd, head + Array(body.prefix(max(0, min(count, body.count - 1)))))
            Socket.shutdown(fd, how: Int32(SHUT_RDWR))
            phase = .cut
        }
    }

    /// Builds the status line and header block; caller-supplied framing headers are replaced.
    private static func head(status: Int, headers: [(String, String)], framing: (String, String)) -> [UInt8] {
        let reserved: Set<String> = ["content-length", "transfer-encoding", "connection"]
        var text = "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n"
        for (name, value) in headers where !reserved.contains(name.lowercased()) {
            text += "\(name): \(value)\r\n"
        }
        text += "\(framing.0): \(framing.1)\r\n"
        // One request per connection keeps the server simple and clients honest about reconnecting.
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }
}
