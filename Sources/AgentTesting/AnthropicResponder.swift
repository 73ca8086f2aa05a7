import Foundation
import LLM

/// Routes requests for FakeAnthropicServer and answers them from the script.
final class AnthropicResponder: Sendable {
    /// Model reported when a request names none.
    static let fallbackModel = "claude-sonnet-4-20250514"

    private let script: ReplyScript<AnthropicReply>
    private let delivery: StreamDelivery
    private let rules = AnthropicRequestRules()

    /// Creates a responder over a script.
    init(script: ReplyScript<AnthropicReply>, delivery: StreamDelivery) {
        self.script = script
        self.delivery = delivery
    }

    /// Unused scripted replies.
    var remaining: Int { script.remaining }

    /// Entry point called on the connection thread.
    func handle(_ request: RecordedRequest, _ writer: ResponseWriter) {
        let serial = script.nextSerial()
        let requestID = "req_fake\(serial)"
        if request.method == "GET", request.route == "/v1/models" {
            listModels(request, requestID: requestID, writer)
            return
        }
        guard request.method == "POST", request.route == "/v1/messages" else {
            fail(404, type: "not_found_error", message: "Not Found", requestID: requestID, writer)
            return
        }
        // Header problems are rejected before the script is touched, as the real API rejects
        // them before any model work; the messages are the API's own.
        guard let key = request.header("x-api-key"), !key.isEmpty else {
            fail(401, type: "authentication_error", message: "x-api-key header is required", requestID: requestID, writer)
            return
        }
        guard let version = request.header("anthropic-version"), !version.isEmpty else {
            fail(400, type: "invalid_request_error", message: "anthropic-version: header is required", requestID: requestID, writer)
            return
        }
        guard let fields = RequestFields.parse(request.body) else {
            fail(400, type: "invalid_request_error", message: "The request body is not valid JSON.", requestID: requestID, writer)
            return
        }
        if let refusal = rules.refusal(request.body) {
            fail(refusal.status, type: refusal.type, message: refusal.message, requestID: requestID, writer)
            return
        }
        guard let reply = script.next() else {
            fail(
                500, type: "api_error",
                message: "FakeAnthropicServer: script ran out (only \(script.count) replies scripted)",
                requestID: requestID, writer)
            return
        }
        let plan = reply.deliveryPlan
        writer.sleep(milliseconds: plan.stallMilliseconds)
        let wire = AnthropicWireFormat(id: "msg_fake\(serial)", model: fields.model ?? Self.fallbackModel)
        let truncate = plan.cutAfterEvents != nil
        let headers = [("request-id", requestID)]
        switch plan.base {
        case .status(let status, let retryAfter, let custom):
            var errorHeaders = headers
            if let retryAfter { errorHeaders.append(("retry-after", "\(retryAfter)")) }
            let fallback = AnthropicWireFormat.defaultError(status: status)
            let body =
                custom.map { Array($0.utf8) }
                ?? AnthropicWireFormat.error(type: fallback.type, message: fallback.message, requestID: requestID).bytes
            delivery.send(status: status, headers: errorHeaders, body: body, truncate: truncate, to: writer)
        case .streamError(let type, let message):
            if fields.stream {
                stream(wire.errorStreamEvents(type: type, message: message), plan: plan, headers: headers, writer)
            } else {
                let body = AnthropicWireFormat.error(type: type, message: message, requestID: requestID)
                delivery.json(
                    status: AnthropicWireFormat.status(forErrorType: type), headers: headers, body: body, truncate: truncate, to: writer)
            }
        case .text(let text, let usage):
            answer(wire, request.body, fields.stream, text: text, uses: [], usage: usage, plan: plan, headers: headers, writer)
        case .toolUses(let uses, let text, let usage):
            answer(wire, request.body, fields.stream, text: text, uses: uses, usage: usage, plan: plan, headers: headers, writer)
        case .cutAfter, .stallBeforeFirstByte, .thinking:
            break  // deliveryPlan never leaves a wrapper as the base.
        }
    }

    /// Sends a successful reply, streamed or as one Message object.
    private func answer(
        _ wire: AnthropicWireFormat, _ requestBody: [UInt8], _ stream: Bool, text: String?, uses: [ScriptedToolCall], usage: Usage,
        plan: DeliveryPlan<AnthropicReply>, headers: [(String, String)], _ writer: ResponseWriter
    ) {
        let thinking = plan.thinking.map { AnthropicWireFormat.ThinkingBlock(text: $0, signature: wire.signature(for: $0)) }
        if let thinking {
            rules.issue(
                [["type": "thinking", "thinking": .string(thinking.text), "signature": .string(thinking.signature)]], for: uses.map(\.id),
                request: requestBody)
        }
        if stream {
            self.stream(
                wire.streamEvents(thinking: thinking, text: text, toolUses: uses, usage: usage), plan: plan, headers: headers, writer)
        } else {
            let body = wire.message(thinking: thinking, text: text, toolUses: uses, usage: usage)
            delivery.json(status: 200, headers: headers, body: body, truncate: plan.cutAfterEvents != nil, to: writer)
        }
    }

    /// Streams events with the SSE content type.
    private func stream(_ events: [[UInt8]], plan: DeliveryPlan<AnthropicReply>, headers: [(String, String)], _ writer: ResponseWriter) {
        let all = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache")] + headers
        delivery.stream(events: events, headers: all, cutAfter: plan.cutAfterEvents, to: writer)
    }

    /// GET /v1/models: the catalog's current Anthropic models, in the API's list shape.
    private func listModels(_ request: RecordedRequest, requestID: String, _ writer: ResponseWriter) {
        guard let key = request.header("x-api-key"), !key.isEmpty else {
            fail(401, type: "authentication_error", message: "x-api-key header is required", requestID: requestID, writer)
            return
        }
        let ids = ModelCatalog.current(provider: .anthropic, on: ModelCatalog.day(Date())).map(\.id)
        let data = ids.map { id -> WireJSON in
            .object(["type": "model", "id": .string(id), "display_name": .string(id), "created_at": "2026-09-28T00:00:00Z"])
        }
        let body: WireJSON = .object([
            "data": .array(data), "has_more": false, "first_id": .optional(ids.first), "last_id": .optional(ids.last),
        ])
        delivery.json(status: 200, headers: [("request-id", requestID)], body: body, truncate: false, to: writer)
    }

    /// Sends an error in Anthropic's envelope.
    private func fail(_ status: Int, type: String, message: String, requestID: String, _ writer: ResponseWriter) {
        let body = AnthropicWireFormat.error(type: type, message: message, requestID: requestID)
        delivery.json(status: status, headers: [("request-id", requestID)], body: body, truncate: false, to: writer)
    }
}
