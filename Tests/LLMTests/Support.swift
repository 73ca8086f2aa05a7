import AgentCore
import AgentTesting
import HTTP
import LLM
import Logging

let client = HTTPClient(userAgent: "research-agent-tests")
let quietLogger = Logger(label: "tests") { _ in SwiftLogNoOpLogHandler() }

/// Retries that wait at most 50 ms, so tests of Retry-After stay fast.
let fastRetry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), maxRetryAfter: .milliseconds(50))

func request(tools: [ToolSchema] = [], messages: [PromptMessage] = [.user("Question: hi")]) -> ModelRequest {
    ModelRequest(system: "You are a test.", messages: messages, tools: tools, maxOutputTokens: 256)
}

let searchSchema = ToolSchema(
    name: "web_search", description: "Search.",
    parameters: ["type": "object", "properties": ["query": ["type": "string"]], "required": ["query"]])

func openAI(_ server: FakeOpenAIServer, retry: RetryPolicy = fastRetry, stall: Duration = .seconds(5), model: String = "gpt-4o-mini")
    -> OpenAIChatModel
{
    OpenAIChatModel(
        settings: ProviderSettings(baseURL: server.baseURL, apiKey: "sk-test-key-123456", model: model, stallTimeout: stall, retry: retry),
        client: client, logger: quietLogger)
}

func anthropic(
    _ server: FakeAnthropicServer, key: String? = "ak-test-key-123456", retry: RetryPolicy = fastRetry, model: String = "claude-sonnet-5-5"
) -> AnthropicModel {
    AnthropicModel(
        settings: ProviderSettings(baseURL: server.baseURL, apiKey: key, model: model, retry: retry),
        client: client, logger: quietLogger)
}

extension LanguageModel {
    func ask(_ r: ModelRequest) async throws -> ModelTurn { try await respond(to: r, body: body(for: r)) }
}
