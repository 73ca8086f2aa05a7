import Foundation
import Glibc
import Synchronization

/// The running part of a LoopbackHTTPServer, owned by its threads so the public object can deinit.
final class ServerCore: Sendable {
    /// Mutable server state, guarded by one lock.
    private struct State {
        var stopped = false
        var connections: Set<Int32> = []
        var requests: [RecordedRequest] = []
    }

    /// The listening socket; only the accept thread closes it.
    let listenFD: Int32
    /// The ephemeral port the kernel chose.
    let port: Int
    private let handler: @Sendable (RecordedRequest, ResponseWriter) -> Void
    private let state = Mutex(State())

    /// Creates the core around an already-listening socket.
    init(listenFD: Int32, port: Int, handler: @escaping @Sendable (RecordedRequest, ResponseWriter) -> Void) {
        self.listenFD = listenFD
        self.port = port
        self.handler = handler
    }

    /// True once stop() has been called.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Snapshot of every request received so far, in arrival order.
    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// Starts the dedicated accept thread (blocking calls never touch the Swift concurrency pool).
    func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer.accept:\(port)"
        thread.start()
    }

    /// Stops accepting and shuts down open connections; safe to call repeatedly from any thread.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            // shutdown (not close) wakes blocked threads without freeing fd numbers they still own.
            Socket.shutdown(listenFD, how: Int32(SHUT_RDWR))
            for fd in state.connections {
                Socket.shutdown(fd, how: Int32(SHUT_RDWR))
            }
        }
    }

    /// Accepts connections until stopped, giving each its own thread.
    private func acceptLoop() {
        while !isStopped {
            guard let connection = Socket.accept(on: listenFD, timeoutMilliseconds: 100) else { continue }
            let registered = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                return true
            }
            guard registered else {
                Socket.close(connection)
                break
            }
            let thread = Thread { [self] in serve(connection) }
            thread.name = "LoopbackHTTPServer.connection:\(port)"
            thread.start()
        }
        Socket.close(listenFD)
    }

    /// Reads one request, runs the handler, then closes the connection gracefully.
    private func serve(_ fd: Int32) {
        Socket.setNoDelay(fd)
        // A client that connects and never sends must not pin this thread forever.
        Socket.setReceiveTimeout(fd, milliseconds: 30_000)
        let writer = ResponseWriter(fd: fd) { [self] in isStopped }
        switch HTTPRequestReader.read(fd: fd) {
        case .closed:
            break
        case .malformed(let reason):
            writer.respond(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(reason.utf8))
        case .request(let request):
            state.withLock { $0.requests.append(request) }
            handler(request, writer)
            if writer.currentPhase == .idle {
                let message = "LoopbackHTTPServer: handler returned without responding"
                writer.respond(status: 500, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(message.utf8))
            }
        }
        finish(fd, wasCut: writer.currentPhase == .cut)
    }

    /// Half-closes and drains before closing, so the kernel sends FIN rather than RST and the
    /// client reliably receives every byte that was written. A handler that started a chunked
    /// body but never ended it gets the same treatment as cut(): the body stays unterminated.
    private func finish(_ fd: Int32, wasCut: Bool) {
        if !wasCut {
            Socket.shutdown(fd, how: Int32(SHUT_WR))
        }
        Socket.setReceiveTimeout(fd, milliseconds: 1_000)
        while Socket.receive(fd) != nil {}
        state.withLock { state in
            state.connections.remove(fd)
            Socket.close(fd)
        }
    }
}
