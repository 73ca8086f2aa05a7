import AgentCore

/// One step of a recorded run in full, as `replay --step N` shows it: the request as the
/// model saw it, the response, each tool call with its result, the budget after it, and
/// what the loop did next.
public struct StepInspection: Sendable {
    /// One message of the request, readable.
    public struct Message: Sendable, Hashable {
        /// "system", "user", "assistant" or "tool".
        public var role: String
        /// Its text: content blocks joined, tool calls and results written out.
        public var text: String
        /// Its estimated size in tokens (bytes / 4, as the loop estimates).
        public var tokens: Int
    }

    /// One tool call of the step and what it returned.
    public struct Call: Sendable {
        /// The call as recorded.
        public var call: ToolCallRecord
        /// Its result, nil when the run ended before it came.
        public var result: ToolResultRecord?
    }

    /// The step.
    public var step: Int
    /// The request record.
    public var request: LLMRequestRecord
    /// The request's messages, the system prompt first.
    public var messages: [Message]
    /// The tools the request offered, by name.
    public var toolsOffered: [String]
    /// The response, nil when the call failed or was cancelled.
    public var response: LLMResponseRecord?
    /// The step's tool calls with their results, in order.
    public var calls: [Call]
    /// The budget after the step's response, when recorded.
    public var budget: BudgetRecord?
    /// Errors the step recorded (parse, citation, model).
    public var errors: [ErrorRecord]
    /// What the loop did after the step, in one line.
    public var decision: String

    /// Step `step` of `events`; nil when the run has no such step.
    public init?(events: [Event], step: Int) {
        guard
            let request = events.lazy.compactMap({ e -> LLMRequestRecord? in
                if case .llmRequest(let r) = e.payload, r.step == step { return r }
                return nil
            }).first
        else { return nil }
        self.step = step
        self.request = request
        messages = Self.messages(of: request.body)
        toolsOffered = (request.body["tools"]?.arrayValue ?? []).compactMap {
            $0["function"]?["name"]?.stringValue ?? $0["name"]?.stringValue
        }
        response = nil
        calls = []
        budget = nil
        errors = []
        var end: RunEndRecord?
        var nextRequest = false
        for event in events {
            switch event.payload {
            case .llmResponse(let r) where r.step == step: response = r
            case .budget(let r) where r.step == step: budget = r
            case .error(let r) where r.step == step: errors.append(r)
            case .toolCall(let r) where r.step == step: calls.append(Call(call: r, result: nil))
            case .toolResult(let r) where r.step == step:
                if let i = calls.firstIndex(where: { $0.call.id == r.id }) { calls[i].result = r }
            case .llmRequest(let r) where r.step == step + 1: nextRequest = true
            case .runEnd(let r): end = r
            default: break
            }
        }
        decision = Self.decision(calls: calls, errors: errors, nextRequest: nextRequest, end: end, step: step)
    }

    /// What the loop did after the step.
    static func decision(calls: [Call], errors: [ErrorRecord], nextRequest: Bool, end: RunEndRecord?, step: Int) -> String {
        var parts: [String] = []
        if !calls.isEmpty { parts.append("ran \(calls.map(\.call.name).joined(separator: ", "))") }
        for error in errors {
            switch error.kind {
            case "parse": parts.append("asked again: the reply was not in the expected format (\(error.message))")
            case "citation": parts.append("asked once more for an answer with citations")
            default: parts.append("recorded an error (\(error.kind)): \(error.message)")
            }
        }
        if nextRequest {
            parts.append("went on to step \(step + 1)")
        } else if let end {
            parts.append("ended the run: \(end.status.rawValue)" + (end.reason.map { " (\($0))" } ?? ""))
        } else {
            parts.append("the transcript ends here (the run was killed)")
        }
        return parts.joined(separator: "; ")
    }

    /// The messages of a request body in either wire format (Chat Completions or Messages).
    static func messages(of body: JSONValue) -> [Message] {
        var out: [Message] = []
        func add(_ role: String, _ text: String) {
            out.append(Message(role: role, text: text, tokens: TokenEstimate.tokens(text)))
        }
        if let system = body["system"] {
            add("system", system.stringValue ?? (system.arrayValue ?? []).compactMap { $0["text"]?.stringValue }.joined(separator: "\n"))
        }
        for message in body["messages"]?.arrayValue ?? [] {
            let role = message["role"]?.stringValue ?? "?"
            var parts: [String] = []
            if let text = message["content"]?.stringValue, !text.isEmpty { parts.append(text) }
            for block in message["content"]?.arrayValue ?? [] {
                switch block["type"]?.stringValue {
                case "text": parts.append(block["text"]?.stringValue ?? "")
                case "thinking": parts.append("[thinking] " + (block["thinking"]?.stringValue ?? ""))
                case "tool_use":
                    parts.append(
                        "[call \(block["id"]?.stringValue ?? "")] \(block["name"]?.stringValue ?? "") \(block["input"]?.canonicalText ?? "")"
                    )
                case "tool_result":
                    let content = block["content"]?.stringValue ?? block["content"]?.canonicalText ?? ""
                    parts.append("[result of \(block["tool_use_id"]?.stringValue ?? "")]\n\(content)")
                default: parts.append(block.canonicalText)
                }
            }
            for call in message["tool_calls"]?.arrayValue ?? [] {
                let function = call["function"]
                parts.append(
                    "[call \(call["id"]?.stringValue ?? "")] \(function?["name"]?.stringValue ?? "") \(function?["arguments"]?.stringValue ?? "")"
                )
            }
            if role == "tool" { parts.insert("[result of \(message["tool_call_id"]?.stringValue ?? "")]", at: 0) }
            add(role, parts.joined(separator: "\n"))
        }
        return out
    }

    /// The inspection as data (`replay --step N --json`).
    public var json: JSONValue {
        var fields: JSONObject = [
            "step": .int(step),
            "request": [
                "provider": .string(request.provider), "model": .string(request.model), "sha256": .string(Digest.sha256(request.body)),
                "body": request.body,
                "messages": .array(
                    messages.map { ["role": .string($0.role), "text": .string($0.text), "tokens": .int($0.tokens)] }),
                "tools": .array(toolsOffered.map(JSONValue.string)),
            ],
            "calls": .array(
                calls.map { c in
                    var call: JSONObject = ["id": .string(c.call.id), "name": .string(c.call.name), "arguments": c.call.arguments]
                    call["result"] = c.result.map { .object(EventEncoding.payloadFields(.toolResult($0))) }
                    return .object(call)
                }),
            "errors": .array(errors.map { ["kind": .string($0.kind), "message": .string($0.message)] }),
            "decision": .string(decision),
        ]
        fields["response"] = response.map { EventEncoding.payloadFields(.llmResponse($0)) }.map(JSONValue.object) ?? .null
        fields["budget"] = budget.map { EventEncoding.payloadFields(.budget($0)) }.map(JSONValue.object) ?? .null
        return .object(fields)
    }
}
