import AgentTesting
import Foundation
import Testing

@Suite struct LoopbackHTTPServerTests {
    @Test func respondsWithContentLengthAndRecordsRequest() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            writer.respond(status: 200, headers: [("Content-Type", "text/plain")], body: Array("hi \(request.method)".utf8))
        }
        defer { server.stop() }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let response = try #require(
            await RawHTTPClient.send(port: server.port, path: "/hello?x=1", headers: [("X-Test", "abc")], body: "payload"))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-Length") == "7")
        #expect(response.header("Connection") == "close")
        #expect(response.header("Content-Type") == "text/plain")
        #expect(response.text == "hi POST")
        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == "POST")
        #expect(recorded.path == "/hello?x=1")
        #expect(recorded.header("x-test") == "abc")
        #expect(recorded.headers.contains(RecordedHeader(name: "X-Test", value: "abc")))
        #expect(recorded.bodyString() == "payload")
    }

    @Test func decodesChunkedRequestBodies() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.respond(status: 204, body: []) }
        defer { server.stop() }
        let request =
            "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n"
        let port = server.port
        let bytes = await onThread { RawHTTPClient.exchange(port: port, request: Array(request.utf8)) }
        let response = try #require(bytes.flatMap(RawHTTPClient.parse))
        #expect(response.status == 204)
        #expect(server.requests.first?.bodyString() == "hello world")
    }

    @Test func answers100ContinueForCurlUploads() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            writer.respond(status: 200, body: Array("\(request.body.count)".utf8))
        }
        defer { server.stop() }
        let big = String(repeating: "x", count: 3_000)
        let started = Date()
        // Newer curl only sends Expect on its own for bodies over 1 MiB, so ask for it explicitly.
        // curl waits up to 30 s for the interim response: returning far sooner proves it came.
        let result = await Curl.run(["--expect100-timeout", "30", "-H", "Expect: 100-continue", "-d", big, server.baseURL + "/upload"])
        #expect(result.exitCode == 0)
        #expect(result.output == "3000")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(server.requests.first?.header("Expect") == "100-continue")
    }

    @Test func chunkedResponseFramingIsExact() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.startChunked(status: 200, headers: [("Content-Type", "text/plain")])
            writer.writeChunk(Array("ab".utf8))
            writer.writeChunk([])  // skipped: an empty chunk would end the body
            writer.writeChunk(Array("cde".utf8))
            writer.endChunked()
        }
        defer { server.stop() }
        let response = try #require(await RawHTTPClient.send(port: server.port, method: "GET", path: "/"))
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("Content-Length") == nil)
        #expect(response.chunks == [Array("ab".utf8), Array("cde".utf8)])
        #expect(response.sawTerminator)
    }

    @Test func cutClosesWithoutTerminator() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.startChunked(status: 200, headers: [])
            writer.writeChunk(Array("partial".utf8))
            writer.cut()
            writer.writeChunk(Array("ignored".utf8))
        }
        defer { server.stop() }
        let response = try #require(await RawHTTPClient.send(port: server.port, method: "GET", path: "/"))
        #expect(response.chunks == [Array("partial".utf8)])
        #expect(!response.sawTerminator)
        let curl = await Curl.run([server.baseURL + "/"])
        #expect(curl.exitCode == 18)
        #expect(curl.output == "partial")
    }

    @Test func handlerThatNeverRespondsYields500() async throws {
        let server = try LoopbackHTTPServer { _, _ in }
        defer { server.stop() }
        let response = try #require(await RawHTTPClient.send(port: server.port, method: "GET", path: "/"))
        #expect(response.status == 500)
    }

    @Test func malformedRequestGets400() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.respond(status: 200, body: []) }
        defer { server.stop() }
        let port = server.port
        let bytes = await onThread { RawHTTPClient.exchange(port: port, request: Array("NONSENSE\r\n\r\n".utf8)) }
        #expect(bytes.flatMap(RawHTTPClient.parse)?.status == 400)
        #expect(server.requests.isEmpty)
    }

    @Test func servesConnectionsConcurrently() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.sleep(milliseconds: 5_000)
            writer.respond(status: 200, body: Array("done".utf8))
        }
        defer { server.stop() }
        let port = server.port
        let started = Date()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { await RawHTTPClient.send(port: port, method: "GET", path: "/\(index)")?.status ?? -1 }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 6))
        #expect(Date().timeIntervalSince(started) < 20)  // one after another would take 30 s
        #expect(server.requests.count == 6)
    }

    @Test func stopIsIdempotentAndInterruptsSleepingHandlers() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.sleep(milliseconds: 60_000)
            writer.respond(status: 200, body: [])
        }
        let port = server.port
        let started = Date()
        async let pending = RawHTTPClient.send(port: port, method: "GET", path: "/slow")
        try await Task.sleep(for: .milliseconds(200))
        server.stop()
        server.stop()
        _ = await pending
        #expect(Date().timeIntervalSince(started) < 20)  // far below the handler's minute
        try await Task.sleep(for: .milliseconds(50))
        let refused = await onThread { RawHTTPClient.exchange(port: port, request: Array("GET / HTTP/1.1\r\n\r\n".utf8)) }
        #expect(refused == nil || refused == [])
    }
}
