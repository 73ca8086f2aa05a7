/// A libcurl-backed HTTP client; each request runs on its own dedicated thread.
public final class HTTPClient: Sendable {
    /// Sent as User-Agent unless a request sets its own.
    public let userAgent: String

    /// Creates a client and initialises libcurl once per process.
    public init(userAgent: String) {
        self.userAgent = userAgent
        _ = CurlGlobal.ensureInitialized()
    }

    /// Streams one response: `.head` first, then body chunks as they arrive.
    ///
    /// The transfer starts immediately on its own thread and ends with an `HTTPError` on failure.
    /// Cancelling the consuming task or dropping the stream aborts the transfer at once and
    /// the loop throws `HTTPError` of kind `.cancelled`.
    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        let transfer = CurlTransfer(request: request, userAgent: userAgent, continuation: continuation)
        continuation.onTermination = { [continuation] termination in
            guard case .cancelled = termination else { return }
            transfer.cancel()
            // AsyncThrowingStream runs this handler before it ends the stream itself, so
            // finishing here makes a cancelled consumer see HTTPError(.cancelled), not a
            // silent end that could pass for a complete body.
            continuation.finish(throwing: HTTPError.make(.cancelled, method: request.method, url: request.url, detail: "cancelled"))
        }
        transfer.start()
        return stream
    }

    /// Performs one request and buffers the whole body; throws `HTTPError` (kind `.cancelled` on task cancellation).
    ///
    /// Any status code is a successful response here; see `HTTPStatusError` to reject non-2xx.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        for try await part in stream(request) {
            switch part {
            case .head(let value): head = value
            case .body(let chunk): body.append(contentsOf: chunk)
            }
        }
        // Belt and braces: should the stream ever end silently on cancellation, a partial
        // body must not be returned as if it were complete.
        if Task.isCancelled {
            throw HTTPError.make(.cancelled, method: request.method, url: request.url, detail: "cancelled")
        }
        guard let head else {
            throw HTTPError.make(.transfer, method: request.method, url: request.url, detail: "response ended without a status line")
        }
        return HTTPResponse(head: head, body: body)
    }
}
