import AgentTesting
import Foundation
import Testing

@Suite struct FakeOpenAIStreamingTests {
    static let text = "Héllo wörld 🌍, done"

    /// POSTs a chat request through the raw client.
    static func post(_ server: FakeOpenAIServer, _ body: String, path: String = "/v1/chat/completions") async -> RawHTTPResponse? {
        await RawHTTPClient.send(
            port: server.port, path: path,
            headers: [("Authorization", "Bearer sk-test"), ("Content-Type", "application/json")], body: body)
    }

    @Test func textStreamHasExactEventSequenceWithUsage() async throws {
        let server = try FakeOpenAIServer(script: [.text(Self.text, usage: Usage(prompt: 12, completion: 7, cached: 4))])
        defer { server.stop() }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)/v1")
        let body = #"{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[]}"#
        let response = try #require(await Self.post(server, body))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(response.isChunked && response.sawTerminator)
        let events = SSEParser.parse(response.chunks)
        #expect(
            StreamSummaries.openAI(events) == [
                "role", "content", "content", "content", "content", "finish:stop", "usage", "[DONE]",
            ])
        #expect(StreamSummaries.openAIText(events) == Self.text)
        let chunks = events.compactMap(\.json)
        #expect(Set(chunks.compactMap { $0["id"] as? String }).count == 1)
        #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        #expect(chunks.allSatisfy { $0["model"] as? String == "gpt-test" })
        #expect(chunks.allSatisfy { $0["created"] is Int })
        // With include_usage every chunk carries "usage": null except the final usage chunk.
        #expect(chunks.dropLast().allSatisfy { $0["usage"] is NSNull })
        let first = try #require((chunks.first?["choices"] as? [[String: Any]])?.first)
        #expect(first["index"] as? Int == 0)
        #expect(first["logprobs"] is NSNull)
        #expect(first["finish_reason"] is NSNull)
        #expect((first["delta"] as? [String: Any])?["role"] as? String == "assistant")
        let finish = try #require((chunks[chunks.count - 2]["choices"] as? [[String: Any]])?.first)
        #expect((finish["delta"] as? [String: Any])?.isEmpty == true)
        let usageChunk = try #require(chunks.last)
        #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
        let usage = try #require(usageChunk["usage"] as? [String: Any])
        #expect(usage["prompt_tokens"] as? Int == 12)
        #expect(usage["completion_tokens"] as? Int == 7)
        #expect(usage["total_tokens"] as? Int == 19)
        #expect((usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int == 4)
    }

    @Test func noUsageChunkWithoutIncludeUsage() async throws {
        let server = try FakeOpenAIServer(script: [.text("plain answer")])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        let events = SSEParser.parse(response.chunks)
        #expect(StreamSummaries.openAI(events) == ["role", "content", "content", "finish:stop", "[DONE]"])
        #expect(events.compactMap(\.json).allSatisfy { $0["usage"] == nil })
    }

    @Test func splitEventsCutsAtAwkwardPlaces() async throws {
        let server = try FakeOpenAIServer(script: [.text(Self.text)])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        let chunks = response.chunks
        // Inside a multi-byte UTF-8 character.
        #expect(chunks.contains { String(validating: $0, as: UTF8.self) == nil })
        // Between the two newlines that end an event.
        #expect(
            zip(chunks, chunks.dropFirst()).contains { left, right in
                left.last == 10 && left.dropLast().last != 10 && right.first == 10
            })
        // Mid-JSON: a chunk ends inside a `data:` line.
        #expect(chunks.contains { $0.last != 10 && String(decoding: $0, as: UTF8.self).contains("data: {") })
        // Several events coalesced into one chunk.
        #expect(chunks.contains { String(decoding: $0, as: UTF8.self).components(separatedBy: "data: ").count > 2 })
        #expect(StreamSummaries.openAIText(SSEParser.parse(chunks)) == Self.text)
    }

    @Test func unsplitStreamSendsOneEventPerChunk() async throws {
        let server = try FakeOpenAIServer(script: [.text(Self.text)], splitEvents: false, chunkDelayMilliseconds: 5)
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#))
        #expect(response.chunks.count == 7)
        for chunk in response.chunks {
            let text = String(decoding: chunk, as: UTF8.self)
            #expect(text.hasPrefix("data: ") && text.hasSuffix("\n\n"))
            #expect(text.components(separatedBy: "data: ").count == 2)
        }
    }

    @Test func parallelToolCallsStreamLikeOpenAI() async throws {
        let calls = [
            ScriptedToolCall(id: "call_A1", name: "read_file", arguments: #"{"path":"a.txt","mode":"r"}"#),
            ScriptedToolCall(id: "call_B2", name: "search", arguments: #"{"query":"naïve ☃ \"q\""}"#),
        ]
        let server = try FakeOpenAIServer(script: [.toolCalls(calls)])
        defer { server.stop() }
        let body = #"{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}"#
        let response = try #require(await Self.post(server, body))
        let events = SSEParser.parse(response.chunks)
        #expect(
            StreamSummaries.openAI(events) == [
                "role",
                "tool_call[0] start read_file", "tool_call[0] args", "tool_call[0] args", "tool_call[0] args", "tool_call[0] args",
                "tool_call[1] start search", "tool_call[1] args", "tool_call[1] args", "tool_call[1] args", "tool_call[1] args",
                "finish:tool_calls", "usage", "[DONE]",
            ])
        let rebuilt = StreamSummaries.openAIToolCalls(events)
        #expect(rebuilt.map(\.id) == ["call_A1", "call_B2"])
        #expect(rebuilt.map(\.name) == ["read_file", "search"])
        #expect(rebuilt.map(\.arguments) == calls.map(\.arguments))
        // The opening delta of each call carries id, type, name and empty arguments; later ones only index + arguments.
        let toolDeltas = events.compactMap { event -> [String: Any]? in
            let choice = (event.json?["choices"] as? [[String: Any]])?.first
            return ((choice?["delta"] as? [String: Any])?["tool_calls"] as? [[String: Any]])?.first
        }
        let openings = toolDeltas.filter { $0["id"] != nil }
        #expect(openings.count == 2)
        #expect(openings.allSatisfy { $0["type"] as? String == "function" })
        #expect(openings.allSatisfy { ($0["function"] as? [String: Any])?["arguments"] as? String == "" })
        #expect(toolDeltas.filter { $0["id"] == nil }.allSatisfy { Set($0.keys) == ["index", "function"] })
        // Without text the role chunk has content null.
        let role = (events.first?.json?["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]
        #expect(role?["content"] is NSNull)
    }

    @Test func toolCallsWithTextStreamTextFirst() async throws {
        let call = ScriptedToolCall(id: "call_1", name: "ls", arguments: "{}")
        let server = try FakeOpenAIServer(script: [.toolCalls([call], text: "Let me look.")])
        defer { server.stop() }
        let response = try #require(await Self.post(server, #"{"model":"m","stream":true}"#, path: "/chat/completions"))
        let events = SSEParser.parse(response.chunks)
        #expect(
            StreamSummaries.openAI(events) == [
                "role", "content", "content", "content", "tool_call[0] start ls", "tool_call[0] args", "tool_call[0] args",
                "finish:tool_calls", "[DONE]",
            ])
        #expect(StreamSummaries.openAIText(events) == "Let me look.")
    }

    @Test func curlSeesTheSameStream() async throws {
        let server = try FakeOpenAIServer(script: [.text("via curl ✓")])
        defer { server.stop() }
        let result = await Curl.run([
            "-N", "-H", "Content-Type: application/json", "-d", #"{"model":"m","stream":true}"#,
            server.baseURL + "/chat/completions",
        ])
        #expect(result.exitCode == 0)
        let events = SSEParser.parse([Array(result.output.utf8)])
        #expect(StreamSummaries.openAIText(events) == "via curl ✓")
        #expect(events.last?.data == "[DONE]")
    }
}
