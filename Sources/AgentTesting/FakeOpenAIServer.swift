/// A scripted stand-in for the OpenAI Chat Completions API over real loopback HTTP.
///
/// POST /v1/chat/completions (or /chat/completions) consumes one scripted reply per request;
/// a request past the end gets a 500 with an OpenAI error body. GET /v1/models lists models.
public final class FakeOpenAIServer: Sendable {
    private let server: LoopbackHTTPServer
    private let responder: OpenAIResponder

    /// Starts the fake. `splitEvents` cuts the SSE bytes at awkward places; `chunkDelayMilliseconds`
    /// paces chunk writes; `models` are listed by GET /v1/models next to the requested ones.
    public init(
        script: [OpenAIReply], splitEvents: Bool = true, chunkDelayMilliseconds: Int = 0, models: [String] = []
    ) throws {
        let responder = OpenAIResponder(
            script: ReplyScript(script),
            delivery: StreamDelivery(splitEvents: splitEvents, chunkDelayMilliseconds: chunkDelayMilliseconds),
            models: models)
        self.responder = responder
        server = try LoopbackHTTPServer { request, writer in responder.handle(request, writer) }
    }

    /// "http://127.0.0.1:PORT/v1", the form OPENAI_BASE_URL takes.
    public var baseURL: String { server.baseURL + "/v1" }

    /// The listening port.
    public var port: Int { server.port }

    /// Every request received (all routes), in order.
    public var requests: [RecordedRequest] { server.requests }

    /// Scripted replies not yet used.
    public var remainingReplies: Int { responder.remaining }

    /// Stops the server; idempotent.
    public func stop() {
        server.stop()
    }
}
