import AgentTesting
import Foundation
import Testing

@Suite struct FakeAnthropicServerTests {
    /// POSTs a Messages request with valid auth headers.
    static func post(_ server: FakeAnthropicServer, _ body: String, headers: [(String, String)] = FakeAnthropicStreamingTests.headers) async
        -> RawHTTPResponse?
    {
        await FakeAnthropicStreamingTests.post(server, body, headers: headers)
    }

    /// Error envelope fields of a response body.
    static func errorFields(_ response: RawHTTPResponse) -> (type: String?, errorType: String?, message: String?, requestID: String?) {
        let object = StreamSummaries.object(response.text)
        let error = object?["error"] as? [String: Any]
        return (object?["type"] as? String, error?["type"] as? String, error?["message"] as? String, object?["request_id"] as? String)
    }

    @Test func missingHeadersAreRejectedWithoutConsumingTheScript() async throws {
        let server = try FakeAnthropicServer(script: [.text("kept")])
        defer { server.stop() }
        let noKey = try #require(await Self.post(server, "{}", headers: [("anthropic-version", "2023-06-01")]))
        #expect(noKey.status == 401)
        #expect(noKey.header("Content-Type") == "application/json")
        let keyError = Self.errorFields(noKey)
        #expect(keyError.type == "error")
        #expect(keyError.errorType == "authentication_error")
        #expect(keyError.message == "x-api-key header is required")
        #expect(keyError.requestID?.hasPrefix("req_") == true)
        let noVersion = try #require(await Self.post(server, "{}", headers: [("x-api-key", "k")]))
        #expect(noVersion.status == 400)
        #expect(Self.errorFields(noVersion).errorType == "invalid_request_error")
        #expect(Self.errorFields(noVersion).message == "anthropic-version: header is required")
        #expect(server.remainingReplies == 1)
        #expect(server.requests.count == 2)
    }

    @Test func rateLimitAndOverloadUseAnthropicShapes() async throws {
        let server = try FakeAnthropicServer(script: [.status(429, retryAfterSeconds: 12), .status(529), .status(500)])
        defer { server.stop() }
        let limited = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        #expect(limited.statusLine == "HTTP/1.1 429 Too Many Requests")
        #expect(limited.header("retry-after") == "12")
        #expect(Self.errorFields(limited).errorType == "rate_limit_error")
        let overloaded = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        #expect(overloaded.status == 529)
        #expect(Self.errorFields(overloaded).errorType == "overloaded_error")
        #expect(Self.errorFields(overloaded).message == "Overloaded")
        let failed = try #require(await Self.post(server, #"{"model":"c"}"#))
        #expect(Self.errorFields(failed).errorType == "api_error")
        let ranOut = try #require(await Self.post(server, #"{"model":"c"}"#))
        #expect(ranOut.status == 500)
        #expect(Self.errorFields(ranOut).message?.contains("script ran out") == true)
    }

    @Test func nonStreamingAnswersMessageObjects() async throws {
        let call = ScriptedToolCall(id: "toolu_A", name: "add", arguments: #"{"a": 2, "b": 3}"#)
        let server = try FakeAnthropicServer(script: [
            .toolUses([call], text: "Adding."), .streamError(type: "overloaded_error", message: "Overloaded"),
        ])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"claude-x","max_tokens":10}"#))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let message = try #require(StreamSummaries.object(response.text))
        #expect(message["type"] as? String == "message")
        #expect(message["model"] as? String == "claude-x")
        #expect(message["stop_reason"] as? String == "tool_use")
        let content = try #require(message["content"] as? [[String: Any]])
        #expect(content.map { $0["type"] as? String } == ["text", "tool_use"])
        #expect(content[0]["text"] as? String == "Adding.")
        #expect(content[1]["id"] as? String == "toolu_A")
        #expect((content[1]["input"] as? [String: Any])?["b"] as? Int == 3)
        let usage = try #require(message["usage"] as? [String: Any])
        #expect(Set(usage.keys) == ["input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"])
        // A scripted stream error becomes the matching HTTP status for non-streaming requests.
        let overloaded = try #require(await Self.post(server, #"{"model":"claude-x"}"#))
        #expect(overloaded.status == 529)
        #expect(Self.errorFields(overloaded).errorType == "overloaded_error")
    }

    @Test func unknownRouteIsNotFound() async throws {
        let server = try FakeAnthropicServer(script: [])
        defer { server.stop() }
        let response = try #require(await RawHTTPClient.send(port: server.port, method: "GET", path: "/v1/nothing"))
        #expect(response.status == 404)
        #expect(Self.errorFields(response).errorType == "not_found_error")
    }

    @Test func stallDelaysTheFirstByte() async throws {
        let server = try FakeAnthropicServer(script: [.stallBeforeFirstByte(milliseconds: 300, then: .text("ok"))])
        defer { server.stop() }
        let started = Date()
        let response = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(StreamSummaries.anthropicBlocks(SSEParser.parse(response.chunks)) == [0: "ok"])
        #expect(server.requests.first?.header("X-API-KEY") == "sk-ant-test")
    }
}
