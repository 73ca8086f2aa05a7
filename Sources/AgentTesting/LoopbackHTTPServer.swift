/// A small real HTTP/1.1 server on 127.0.0.1 with a thread per connection, for tests.
///
/// Every response carries `Connection: close`; one request is served per connection.
public final class LoopbackHTTPServer: Sendable {
    private let core: ServerCore

    /// Binds an ephemeral port on 127.0.0.1 and starts accepting; `handler` runs on the
    /// connection's own thread and may block or sleep.
    public init(handler: @escaping @Sendable (RecordedRequest, ResponseWriter) -> Void) throws {
        let (fd, port) = try Socket.listenOnLoopback()
        core = ServerCore(listenFD: fd, port: port, handler: handler)
        core.start()
    }

    deinit {
        core.stop()
    }

    /// The port the server listens on.
    public var port: Int { core.port }

    /// "http://127.0.0.1:PORT".
    public var baseURL: String { "http://127.0.0.1:\(core.port)" }

    /// All requests received so far, in arrival order (thread-safe snapshot).
    public var requests: [RecordedRequest] { core.requests }

    /// Closes the listener and shuts down open connections; idempotent, also run on deinit.
    public func stop() {
        core.stop()
    }
}
