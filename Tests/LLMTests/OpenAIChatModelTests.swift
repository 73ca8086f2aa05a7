import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Testing

@Suite struct OpenAIChatModelTests {
    @Test func streamsTextSplitAcrossWrites() async throws {
        let server = try FakeOpenAIServer(script: [.text("Hello wörld, streamed!", usage: Usage(prompt: 42, completion: 7, cached: 30))])
        let turn = try await openAI(server).ask(request())
        #expect(turn.text == "Hello wörld, streamed!")
        #expect(turn.usage == TokenUsage(input: 42, output: 7, cached: 30))
        #expect(turn.finishReason == "stop")
        #expect(turn.raw["choices"]?.arrayValue?.first?["message"]?["content"] == "Hello wörld, streamed!")
        let sent = try #require(server.requests.first)
        #expect(sent.header("Authorization") == "Bearer sk-test-key-123456")
        let body = try JSONValue.parse(sent.bodyString())
        #expect(body["stream"] == true && body["stream_options"]?["include_usage"] == true)
        #expect(body["max_tokens"] == 256)
        #expect(body["messages"]?.arrayValue?.first?["role"] == "system")
        // What was sent is the canonical form of the body the transcript records.
        #expect(sent.bodyString() == openAI(server).body(for: request()).canonicalText)
    }

    @Test func assemblesParallelToolCalls() async throws {
        let server = try FakeOpenAIServer(script: [
            .toolCalls(
                [
                    ScriptedToolCall(id: "call_1", name: "web_search", arguments: #"{"query":"alpha"}"#),
                    ScriptedToolCall(id: "call_2", name: "web_search", arguments: #"{"query":"béta"}"#),
                ], text: "Let me look.")
        ])
        let turn = try await openAI(server).ask(request(tools: [searchSchema]))
        #expect(turn.text == "Let me look.")
        #expect(
            turn.toolCalls == [
                ToolCall(id: "call_1", name: "web_search", arguments: #"{"query":"alpha"}"#),
                ToolCall(id: "call_2", name: "web_search", arguments: #"{"query":"béta"}"#),
            ])
        #expect(turn.finishReason == "tool_calls")
        let body = try JSONValue.parse(try #require(server.requests.first).bodyString())
        #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == "web_search")
        #expect(body["tool_choice"] == "auto")
    }

    @Test func encodesToolHistory() {
        let model = OpenAIChatModel(
            settings: ProviderSettings(baseURL: "http://x", apiKey: nil, model: "o4-mini"), client: client, logger: quietLogger)
        let body = model.body(
            for: request(messages: [
                .user("Question: q"), .assistant(text: "", toolCalls: [ToolCall(id: "c1", name: "web_search", arguments: "{}")]),
                .toolResult(callID: "c1", name: "web_search", content: "result", isError: false),
            ]))
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages[2]["content"] == "" && messages[2]["tool_calls"]?.arrayValue?.count == 1)
        #expect(messages[3] == ["role": "tool", "tool_call_id": "c1", "content": "result"])
        #expect(body["max_completion_tokens"] == 256 && body["max_tokens"] == nil)
    }

    @Test func retriesRateLimitServerErrorAndCutStream() async throws {
        let server = try FakeOpenAIServer(script: [
            .status(429, retryAfterSeconds: 1), .status(500), .cutAfter(events: 2, then: .text("complete answer")),
            .text("complete answer"),
        ])
        let retry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20), maxRetryAfter: .milliseconds(50))
        let turn = try await openAI(server, retry: retry).ask(request())
        #expect(turn.text == "complete answer")
        #expect(server.requests.count == 4)
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let server = try FakeOpenAIServer(script: [.status(503), .status(503), .status(503)])
        await #expect {
            _ = try await openAI(server).ask(request())
        } throws: { error in
            (error as? ModelCallError)?.retriable == true && "\(error)".hasPrefix("openai: HTTP 503 from 127.0.0.1")
        }
        #expect(server.requests.count == 3)
    }

    @Test func doesNotRetryUnauthorized() async throws {
        let server = try FakeOpenAIServer(script: [
            .status(
                401,
                body:
                    #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
            )
        ])
        await #expect {
            _ = try await openAI(server).ask(request())
        } throws: { error in
            let text = "\(error)"
            return (error as? ModelCallError)?.retriable == false && text.contains("HTTP 401") && text.contains("OPENAI_API_KEY")
        }
        #expect(server.requests.count == 1)
    }

    @Test func stalledStreamTimesOut() async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 30_000, then: .text("late"))])
        let started = ContinuousClock.now
        await #expect {
            _ = try await openAI(server, retry: RetryPolicy(maxAttempts: 1), stall: .milliseconds(200)).ask(request())
        } throws: { error in "\(error)".contains("stalled: no data received for 200 ms") }
        // The server would stall for 30 s. The bound leaves room for a loaded machine: in
        // a full run on two cores this once took 10.3 s, waiting for a thread to run on.
        #expect(ContinuousClock.now - started < .seconds(25))
    }

    @Test func cancellationAbortsAtOnce() async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 30_000, then: .text("late"))])
        let model = openAI(server)
        let task = Task { try await model.ask(request()) }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(ContinuousClock.now - started < .seconds(10))  // the server would stall for 30 s
    }
}
