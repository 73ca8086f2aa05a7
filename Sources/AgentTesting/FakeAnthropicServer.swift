/// A scripted stand-in for the Anthropic Messages API over real loopback HTTP.
///
/// POST /v1/messages consumes one scripted reply per request once the `x-api-key` and
/// `anthropic-version` headers are present; a request past the end of the script gets a 500.
public final class FakeAnthropicServer: Sendable {
    private let server: LoopbackHTTPServer
    private let responder: AnthropicResponder

    /// Starts the fake. `splitEvents` cuts the SSE bytes at awkward places; `chunkDelayMilliseconds`
    /// paces chunk writes.
    public init(script: [AnthropicReply], splitEvents: Bool = true, chunkDelayMilliseconds: Int = 0) throws {
        let responder = AnthropicResponder(
            script: ReplyScript(script),
            delivery: StreamDelivery(splitEvents: splitEvents, chunkDelayMilliseconds: chunkDelayMilliseconds))
        self.responder = responder
        server = try LoopbackHTTPServer { request, writer in responder.handle(request, writer) }
    }

    /// "http://127.0.0.1:PORT", the form ANTHROPIC_BASE_URL takes (clients append /v1/messages).
    public var baseURL: String { server.baseURL }

    /// The listening port.
    public var port: Int { server.port }

    /// Every request received (all routes, including rejected ones), in order.
    public var requests: [RecordedRequest] { server.requests }

    /// Scripted replies not yet used.
    public var remainingReplies: Int { responder.remaining }

    /// Stops the server; idempotent.
    public func stop() {
        server.stop()
    }
}
