import AgentCore
import Synchronization

/// A language model that answers from a script, one turn per call, and keeps every
/// request it was sent so tests can inspect the prompts.
public final class ScriptedModel: LanguageModel, Sendable {
    /// One scripted reply.
    public enum Reply: Sendable {
        /// A plain text turn (an answer in native mode; any text in ReAct mode).
        case text(String)
        /// Native tool calls, with optional text before them.
        case tools([ToolCall], text: String = "")
        /// A failure of the call.
        case failure(ModelCallError)
        /// A turn computed from the request (for long or adaptive scripts).
        case compute(@Sendable (ModelRequest, Int) -> ModelTurn)
        /// Waits until the task is cancelled, then throws CancellationError.
        case hang
    }

    /// The provider's name, as transcripts record it.
    public let provider: String
    /// The model's name.
    public let model: String
    private let state: Mutex<(script: [Reply], position: Int, requests: [ModelRequest])>
    private let repeatLast: Bool
    private let keepsRequests: Bool
    private let usage: TokenUsage
    private let messageCache = MessageEncodingCache()

    /// A model that plays `script` in order; past its end it repeats the last reply when
    /// `repeatLast`, else fails the call. It keeps every request for `requests` unless
    /// `keepsRequests` is false (benchmarks, which measure the runtime's memory, not its own).
    public init(
        _ script: [Reply], provider: String = "scripted", model: String = "scripted-1", repeatLast: Bool = false,
        keepsRequests: Bool = true, usage: TokenUsage = TokenUsage(input: 100, output: 20, cached: 0)
    ) {
        self.provider = provider
        self.model = model
        self.repeatLast = repeatLast
        self.keepsRequests = keepsRequests
        self.usage = usage
        state = Mutex((script, 0, []))
    }

    /// Every request received so far.
    public var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// The body of `request`, built without I/O, so that replay can build it again.
    public func body(for request: ModelRequest) -> JSONValue {
        // A stand-in wire format: enough for hashing and for replay to compare.
        // Cached like the real providers, so benchmarks see their cost, not a naive one.
        let messages = messageCache.encode(request.messages) { message in
            switch message {
            case .user(let text): return ["role": "user", "content": .string(text)]
            case .assistant(let text, let calls), .reasoned(let text, let calls, _):
                return [
                    "role": "assistant", "content": .string(text),
                    "calls": .array(calls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": .string($0.arguments)] }),
                ]
            case .toolResult(let id, let name, let content, let isError):
                return ["role": "tool", "id": .string(id), "name": .string(name), "content": .string(content), "is_error": .bool(isError)]
            }
        }
        return [
            "model": .string(model), "system": .string(request.system), "messages": .array(messages),
            "tools": .array(
                request.tools.map { ["name": .string($0.name), "description": .string($0.description), "parameters": $0.parameters] }),
            "max_tokens": .int(request.maxOutputTokens),
        ]
    }

    /// Sends `body` and returns the model's complete turn.
    public func respond(to request: ModelRequest, body: JSONValue) async throws -> ModelTurn {
        let (reply, index): (Reply?, Int) = state.withLock { s in
            if keepsRequests { s.requests.append(request) }
            let i = s.position
            s.position += 1
            if i < s.script.count { return (s.script[i], i) }
            return (repeatLast ? s.script.last : nil, i)
        }
        guard let reply else { throw ModelCallError(message: "scripted model: script ended after \(index) replies", retriable: false) }
        // Like a real provider, never generate more than max_tokens.
        var usage = usage
        usage.output = min(usage.output, request.maxOutputTokens)
        switch reply {
        case .text(let text): return ModelTurn(text: text, usage: usage, finishReason: "stop")
        case .tools(let calls, let text): return ModelTurn(text: text, toolCalls: calls, usage: usage, finishReason: "tool_calls")
        case .failure(let error): throw error
        case .compute(let make):
            var turn = make(request, index)
            turn.usage.output = min(turn.usage.output, request.maxOutputTokens)
            return turn
        case .hang:
            while !Task.isCancelled { try await Task.sleep(for: .milliseconds(5)) }
            throw CancellationError()
        }
    }
}
