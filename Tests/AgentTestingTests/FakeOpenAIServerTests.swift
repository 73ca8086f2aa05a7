import AgentTesting
import Foundation
import Testing

@Suite struct FakeOpenAIServerTests {
    /// POSTs a chat request through the raw client.
    static func post(_ server: FakeOpenAIServer, _ body: String) async -> RawHTTPResponse? {
        await FakeOpenAIStreamingTests.post(server, body)
    }

    @Test func nonStreamingAnswersChatCompletionObjects() async throws {
        let call = ScriptedToolCall(id: "call_X", name: "run", arguments: #"{"cmd":"ls -la"}"#)
        let server = try FakeOpenAIServer(script: [
            .text("Hi there", usage: Usage(prompt: 3, completion: 2, cached: 1)), .toolCalls([call]),
        ])
        defer { server.stop() }
        let first = try #require(await Self.post(server, #"{"model":"gpt-x","stream":false,"messages":[]}"#))
        #expect(first.status == 200)
        #expect(first.header("Content-Type") == "application/json")
        #expect(first.header("Content-Length") == "\(first.body.count)")
        let object = try #require(StreamSummaries.object(first.text))
        #expect(object["object"] as? String == "chat.completion")
        #expect(object["model"] as? String == "gpt-x")
        let choice = try #require((object["choices"] as? [[String: Any]])?.first)
        #expect(choice["finish_reason"] as? String == "stop")
        let message = try #require(choice["message"] as? [String: Any])
        #expect(message["role"] as? String == "assistant")
        #expect(message["content"] as? String == "Hi there")
        let usage = try #require(object["usage"] as? [String: Any])
        #expect(usage["total_tokens"] as? Int == 5)
        #expect((usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int == 1)

        let second = try #require(await Self.post(server, #"{"model":"gpt-x","messages":[]}"#))
        let toolChoice = try #require((StreamSummaries.object(second.text)?["choices"] as? [[String: Any]])?.first)
        #expect(toolChoice["finish_reason"] as? String == "tool_calls")
        let toolMessage = try #require(toolChoice["message"] as? [String: Any])
        #expect(toolMessage["content"] is NSNull)
        let calls = try #require(toolMessage["tool_calls"] as? [[String: Any]])
        #expect(calls.first?["id"] as? String == "call_X")
        #expect(calls.first?["type"] as? String == "function")
        #expect((calls.first?["function"] as? [String: Any])?["arguments"] as? String == call.arguments)
    }

    @Test func rateLimitCarriesRetryAfterAndOpenAIErrorShape() async throws {
        let server = try FakeOpenAIServer(script: [.status(429, retryAfterSeconds: 7), .status(401), .text("ok")])
        defer { server.stop() }
        let result = await Curl.run([
            "-i", "-H", "Content-Type: application/json", "-d", #"{"model":"gpt-4o","stream":true}"#,
            server.baseURL + "/chat/completions",
        ])
        #expect(result.exitCode == 0)
        #expect(result.output.hasPrefix("HTTP/1.1 429 Too Many Requests\r\n"))
        #expect(result.output.contains("\r\nRetry-After: 7\r\n"))
        #expect(result.output.contains("\r\nContent-Type: application/json\r\n"))
        let body = try #require(result.output.components(separatedBy: "\r\n\r\n").last)
        let error = try #require(StreamSummaries.object(body)?["error"] as? [String: Any])
        #expect(Set(error.keys) == ["message", "type", "param", "code"])
        #expect(error["code"] as? String == "rate_limit_exceeded")
        #expect(error["param"] is NSNull)

        let unauthorized = try #require(await Self.post(server, #"{"model":"m"}"#))
        #expect(unauthorized.status == 401)
        #expect(unauthorized.header("Retry-After") == nil)
        let detail = StreamSummaries.object(unauthorized.text)?["error"] as? [String: Any]
        #expect(detail?["code"] as? String == "invalid_api_key")
        #expect(detail?["type"] as? String == "invalid_request_error")
        #expect(server.remainingReplies == 1)
    }

    @Test func customStatusBodyIsSentVerbatim() async throws {
        let server = try FakeOpenAIServer(script: [
            .status(503, body: #"{"error":{"message":"custom","type":"x","param":null,"code":null}}"#)
        ])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m"}"#))
        #expect(response.statusLine == "HTTP/1.1 503 Service Unavailable")
        #expect(response.text == #"{"error":{"message":"custom","type":"x","param":null,"code":null}}"#)
    }

    @Test func scriptRunningOutAnswers500() async throws {
        let server = try FakeOpenAIServer(script: [.text("only one")])
        defer { server.stop() }
        _ = await Self.post(server, #"{"model":"m"}"#)
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        #expect(response.status == 500)
        let error = try #require(StreamSummaries.object(response.text)?["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("script ran out") == true)
        #expect(error["type"] as? String == "server_error")
        #expect(server.requests.count == 2)
    }

    @Test func cutAfterStopsMidStreamWithoutTerminator() async throws {
        let server = try FakeOpenAIServer(script: [
            .cutAfter(events: 3, then: .text("one two three four five")), .cutAfter(events: 2, then: .text("again")),
        ])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        #expect(response.status == 200)
        #expect(!response.sawTerminator)
        #expect(StreamSummaries.openAI(SSEParser.parse(response.chunks)) == ["role", "content", "content"])
        let curl = await Curl.run(["-N", "-d", #"{"model":"m","stream":true}"#, server.baseURL + "/chat/completions"])
        #expect(curl.exitCode == 18)
        #expect(SSEParser.parse([Array(curl.output.utf8)]).count == 2)
    }

    @Test func cutAfterOnNonStreamingTruncatesTheBody() async throws {
        let server = try FakeOpenAIServer(script: [.cutAfter(events: 1, then: .text("whole"))])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m"}"#))
        let declared = try #require(response.header("Content-Length").flatMap { Int($0) })
        #expect(response.body.count < declared)
    }

    @Test func stallDelaysTheFirstByte() async throws {
        let server = try FakeOpenAIServer(script: [.stallBeforeFirstByte(milliseconds: 400, then: .text("late"))])
        defer { server.stop() }
        let started = Date()
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        #expect(Date().timeIntervalSince(started) >= 0.4)
        #expect(StreamSummaries.openAIText(SSEParser.parse(response.chunks)) == "late")
    }

    @Test func recordsRequestsAndListsModels() async throws {
        let server = try FakeOpenAIServer(script: [.text("a")], models: ["gpt-base"])
        defer { server.stop() }
        _ = await Self.post(server, #"{"model":"gpt-used","messages":[{"role":"user","content":"hé"}]}"#)
        let models = try #require(await RawHTTPClient.send(port: server.port, method: "GET", path: "/v1/models"))
        #expect(models.header("Content-Type") == "application/json")
        let list = try #require(StreamSummaries.object(models.text))
        #expect(list["object"] as? String == "list")
        let ids = (list["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["gpt-base", "gpt-used"])
        let recorded = server.requests
        #expect(recorded.map(\.path) == ["/v1/chat/completions", "/v1/models"])
        #expect(recorded.first?.header("authorization") == "Bearer sk-test")
        #expect(recorded.first?.bodyString().contains("\"hé\"") == true)
    }

    @Test func malformedJSONAndUnknownRoutesDoNotConsumeTheScript() async throws {
        let server = try FakeOpenAIServer(script: [.text("kept")])
        defer { server.stop() }
        let bad = try #require(await Self.post(server, "{not json"))
        #expect(bad.status == 400)
        let unknown = try #require(await RawHTTPClient.send(port: server.port, path: "/v1/embeddings", body: "{}"))
        #expect(unknown.status == 404)
        let message = (StreamSummaries.object(unknown.text)?["error"] as? [String: Any])?["message"] as? String
        #expect(message == "Invalid URL (POST /v1/embeddings)")
        #expect(server.remainingReplies == 1)
    }
}
