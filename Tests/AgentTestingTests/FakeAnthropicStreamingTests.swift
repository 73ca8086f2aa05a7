import AgentTesting
import Foundation
import Testing

@Suite struct FakeAnthropicStreamingTests {
    static let headers = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01"), ("Content-Type", "application/json")]

    /// POSTs a Messages request with valid auth headers through the raw client.
    static func post(_ server: FakeAnthropicServer, _ body: String, headers: [(String, String)] = headers) async -> RawHTTPResponse? {
        await RawHTTPClient.send(port: server.port, path: "/v1/messages", headers: headers, body: body)
    }

    @Test func textStreamHasExactEventSequence() async throws {
        let usage = Usage(prompt: 20, completion: 9, cached: 6, cacheCreation: 2)
        let server = try FakeAnthropicServer(script: [.text("Héllo wörld 🌍", usage: usage)])
        defer { server.stop() }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let response = try #require(await Self.post(server, #"{"model":"claude-test","stream":true,"max_tokens":5}"#))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(response.header("request-id")?.hasPrefix("req_") == true)
        #expect(response.sawTerminator)
        let events = SSEParser.parse(response.chunks)
        #expect(
            StreamSummaries.anthropic(events) == [
                "message_start", "content_block_start(0 text)", "ping",
                "content_block_delta(0 text_delta)", "content_block_delta(0 text_delta)", "content_block_delta(0 text_delta)",
                "content_block_stop(0)", "message_delta", "message_stop",
            ])
        // Every event has an `event:` line matching the data's "type".
        #expect(events.allSatisfy { $0.event == $0.json?["type"] as? String })
        #expect(StreamSummaries.anthropicBlocks(events) == [0: "Héllo wörld 🌍"])
        let start = try #require(events.first?.json?["message"] as? [String: Any])
        #expect(start["type"] as? String == "message")
        #expect(start["role"] as? String == "assistant")
        #expect(start["model"] as? String == "claude-test")
        #expect((start["content"] as? [Any])?.isEmpty == true)
        #expect(start["stop_reason"] is NSNull)
        let startUsage = try #require(start["usage"] as? [String: Any])
        #expect(startUsage["input_tokens"] as? Int == 20)
        #expect(startUsage["cache_read_input_tokens"] as? Int == 6)
        #expect(startUsage["cache_creation_input_tokens"] as? Int == 2)
        let delta = try #require(events[events.count - 2].json)
        #expect((delta["delta"] as? [String: Any])?["stop_reason"] as? String == "end_turn")
        #expect((delta["usage"] as? [String: Any])?["output_tokens"] as? Int == 9)
        #expect(events.first { $0.event == "ping" }?.data == #"{"type": "ping"}"#)
    }

    @Test func toolUsesStreamInputJSONDeltas() async throws {
        let calls = [
            ScriptedToolCall(id: "toolu_01", name: "read_file", arguments: #"{"path":"ä/b.txt"}"#),
            ScriptedToolCall(id: "toolu_02", name: "bash", arguments: #"{"command":"echo \"hi\" && ls"}"#),
        ]
        let server = try FakeAnthropicServer(script: [.toolUses(calls, text: "Checking.")])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        let events = SSEParser.parse(response.chunks)
        let json = Array(repeating: "content_block_delta(1 input_json_delta)", count: 5)
        let json2 = Array(repeating: "content_block_delta(2 input_json_delta)", count: 5)
        #expect(
            StreamSummaries.anthropic(events) == [
                "message_start", "content_block_start(0 text)", "ping",
                "content_block_delta(0 text_delta)", "content_block_delta(0 text_delta)", "content_block_stop(0)",
                "content_block_start(1 tool_use)",
            ] + json + ["content_block_stop(1)", "content_block_start(2 tool_use)"]
                + json2 + ["content_block_stop(2)", "message_delta", "message_stop"])
        #expect(StreamSummaries.anthropicBlocks(events) == [0: "Checking.", 1: calls[0].arguments, 2: calls[1].arguments])
        let starts = events.filter { $0.event == "content_block_start" }.compactMap { $0.json?["content_block"] as? [String: Any] }
        #expect(starts.dropFirst().map { $0["id"] as? String } == ["toolu_01", "toolu_02"])
        #expect(starts.dropFirst().map { $0["name"] as? String } == ["read_file", "bash"])
        #expect(starts.dropFirst().allSatisfy { ($0["input"] as? [String: Any])?.isEmpty == true })
        let firstFragment = events.first { StreamSummaries.anthropic([$0]) == ["content_block_delta(1 input_json_delta)"] }
        #expect((firstFragment?.json?["delta"] as? [String: Any])?["partial_json"] as? String == "")
        let delta = events.first { $0.event == "message_delta" }?.json?["delta"] as? [String: Any]
        #expect(delta?["stop_reason"] as? String == "tool_use")
    }

    @Test func toolUsesWithoutTextStartAtIndexZero() async throws {
        let call = ScriptedToolCall(id: "toolu_9", name: "noop", arguments: "{}")
        let server = try FakeAnthropicServer(script: [.toolUses([call])], splitEvents: false)
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        #expect(response.chunks.allSatisfy { String(decoding: $0, as: UTF8.self).hasPrefix("event: ") })
        let events = SSEParser.parse(response.chunks)
        #expect(
            StreamSummaries.anthropic(events) == [
                "message_start", "content_block_start(0 tool_use)", "ping", "content_block_delta(0 input_json_delta)",
                "content_block_delta(0 input_json_delta)", "content_block_delta(0 input_json_delta)", "content_block_stop(0)",
                "message_delta", "message_stop",
            ])
        #expect(StreamSummaries.anthropicBlocks(events) == [0: "{}"])
    }

    @Test func streamErrorArrivesAsErrorEvent() async throws {
        let server = try FakeAnthropicServer(script: [.streamError(type: "overloaded_error", message: "Overloaded")])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        #expect(response.status == 200)
        let events = SSEParser.parse(response.chunks)
        #expect(StreamSummaries.anthropic(events) == ["message_start", "ping", "error"])
        let error = try #require(events.last?.json)
        #expect(error["type"] as? String == "error")
        #expect((error["error"] as? [String: Any])?["type"] as? String == "overloaded_error")
        #expect((error["error"] as? [String: Any])?["message"] as? String == "Overloaded")
    }

    @Test func splitEventsCutsAtAwkwardPlaces() async throws {
        let server = try FakeAnthropicServer(script: [.text("Grüße aus Köln ☕ und mehr")])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"c","stream":true}"#))
        let chunks = response.chunks
        #expect(chunks.contains { String(validating: $0, as: UTF8.self) == nil })
        #expect(zip(chunks, chunks.dropFirst()).contains { $0.last == 10 && $0.dropLast().last != 10 && $1.first == 10 })
        #expect(StreamSummaries.anthropicBlocks(SSEParser.parse(chunks)) == [0: "Grüße aus Köln ☕ und mehr"])
    }

    @Test func cutAfterStopsMidStream() async throws {
        let server = try FakeAnthropicServer(script: [.cutAfter(events: 2, then: .text("never finished"))])
        defer { server.stop() }
        let curl = await Curl.run([
            "-N", "-H", "x-api-key: k", "-H", "anthropic-version: 2023-06-01", "-d", #"{"model":"c","stream":true}"#,
            server.baseURL + "/v1/messages",
        ])
        #expect(curl.exitCode == 18)
        #expect(StreamSummaries.anthropic(SSEParser.parse([Array(curl.output.utf8)])) == ["message_start", "content_block_start(0 text)"])
    }
}
