import Foundation
import Synchronization

/// Routes requests for FakeOpenAIServer and answers them from the script.
final class OpenAIResponder: Sendable {
    /// Model reported when a request names none.
    static let fallbackModel = "gpt-4o-mini"

    private let script: ReplyScript<OpenAIReply>
    private let delivery: StreamDelivery
    private let models: Mutex<[String]>

    /// Creates a responder; `models` are listed by GET /v1/models besides the ones requested.
    init(script: ReplyScript<OpenAIReply>, delivery: StreamDelivery, models: [String]) {
        self.script = script
        self.delivery = delivery
        self.models = Mutex(models)
    }

    /// Unused scripted replies.
    var remaining: Int { script.remaining }

    /// Entry point called on the connection thread.
    func handle(_ request: RecordedRequest, _ writer: ResponseWriter) {
        switch (request.method, request.route) {
        case ("POST", "/v1/chat/completions"), ("POST", "/chat/completions"):
            chat(request, writer)
        case ("GET", "/v1/models"), ("GET", "/models"):
            listModels(writer)
        default:
            let body = OpenAIWireFormat.error(message: "Invalid URL (\(request.method) \(request.route))", type: "invalid_request_error")
            delivery.json(status: 404, headers: [], body: body, truncate: false, to: writer)
        }
    }

    /// Answers one chat-completions request with the next scripted reply.
    private func chat(_ request: RecordedRequest, _ writer: ResponseWriter) {
        guard let fields = RequestFields.parse(request.body) else {
            // Malformed bodies do not consume a scripted reply: the real API rejects them up front.
            let body = OpenAIWireFormat.error(
                message:
                    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
                type: "invalid_request_error")
            delivery.json(status: 400, headers: [], body: body, truncate: false, to: writer)
            return
        }
        let model = fields.model ?? Self.fallbackModel
        remember(model)
        if let refusal = OpenAIRequestRules.refusal(request.body) {
            let body = OpenAIWireFormat.error(
                message: refusal.message, type: "invalid_request_error", param: refusal.param, code: refusal.code)
            delivery.json(status: refusal.status, headers: [], body: body, truncate: false, to: writer)
            return
        }
        let serial = script.nextSerial()
        let requestID = ("x-request-id", "req_fake\(serial)")
        guard let reply = script.next() else {
            let body = OpenAIWireFormat.error(
                message: "FakeOpenAIServer: script ran out (chat request #\(serial), only \(script.count) replies scripted)",
                type: "server_error")
            delivery.json(status: 500, headers: [requestID], body: body, truncate: false, to: writer)
            return
        }
        let plan = reply.deliveryPlan
        writer.sleep(milliseconds: plan.stallMilliseconds)
        let wire = OpenAIWireFormat(
            id: "chatcmpl-fake\(serial)", created: Int(Date().timeIntervalSince1970),
            model: model, includeUsage: fields.includeUsage)
        let truncate = plan.cutAfterEvents != nil
        switch plan.base {
        case .status(let status, let retryAfter, let custom):
            var headers = [requestID]
            if let retryAfter { headers.append(("Retry-After", "\(retryAfter)")) }
            let body = custom.map { Array($0.utf8) } ?? OpenAIWireFormat.defaultError(status: status, model: model).bytes
            delivery.send(status: status, headers: headers, body: body, truncate: truncate, to: writer)
        case .text(let text, let usage):
            answer(wire, fields, text: text, calls: [], usage: usage, plan: plan, requestID: requestID, writer)
        case .toolCalls(let calls, let text, let usage):
            answer(wire, fields, text: text, calls: calls, usage: usage, plan: plan, requestID: requestID, writer)
        case .cutAfter, .stallBeforeFirstByte, .reasoning:
            break  // deliveryPlan never leaves a wrapper as the base.
        }
    }

    /// Sends a successful reply, streamed or as one chat.completion object.
    private func answer(
        _ wire: OpenAIWireFormat, _ fields: RequestFields, text: String?, calls: [ScriptedToolCall], usage: Usage,
        plan: DeliveryPlan<OpenAIReply>, requestID: (String, String), _ writer: ResponseWriter
    ) {
        var (text, calls, usage, reasoning) = (text, calls, usage, plan.reasoningTokens)
        var finishReason: String?
        if reasoning > 0 {
            let cap = fields.replyCap ?? .max
            if cap < reasoning + usage.completion {
                // The cap ran out while the model was still reasoning.
                (text, calls, reasoning, finishReason) = (nil, [], min(cap, reasoning), "length")
                usage.completion = reasoning
            } else {
                usage.completion += reasoning
            }
        }
        if fields.stream {
            let events = wire.streamEvents(
                text: text, toolCalls: calls, usage: usage, reasoningTokens: reasoning, finishReason: finishReason)
            let headers = [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-cache"), requestID]
            delivery.stream(events: events, headers: headers, cutAfter: plan.cutAfterEvents, to: writer)
        } else {
            let body = wire.completion(text: text, toolCalls: calls, usage: usage, reasoningTokens: reasoning, finishReason: finishReason)
            delivery.json(status: 200, headers: [requestID], body: body, truncate: plan.cutAfterEvents != nil, to: writer)
        }
    }

    /// GET /v1/models: configured models plus every model named in a request so far.
    private func listModels(_ writer: ResponseWriter) {
        let names = models.withLock { $0 }
        let listed = (names.isEmpty ? [Self.fallbackModel] : names).map { name -> WireJSON in
            .object(["id": .string(name), "object": "model", "created": 1_686_935_002, "owned_by": "openai"])
        }
        delivery.json(status: 200, headers: [], body: .object(["object": "list", "data": .array(listed)]), truncate: false, to: writer)
    }

    /// Records a model name once, keeping first-seen order.
    private func remember(_ model: String) {
        models.withLock { names in
            if !names.contains(model) { names.append(model) }
        }
    }
}
