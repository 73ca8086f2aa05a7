import AgentCore
import AgentTesting
import Foundation
import HTTP
import Testing
@testable import Tools

/// web_search against a fake SearXNG instance and its JSON API.
@Suite struct SearXNGSearchTests {
    @Test func resultsComeFromTheJSONAPIAndAreCutToK() async throws {
        let searx = try FakeSearXNGServer(pages: searchPages)
        defer { searx.stop() }
        let out = try await webSearch(liveTool(SearXNGAPI(baseURL: searx.baseURL + "/")), "vector search", k: 1)
        #expect(!out.isError, "\(out.text)")
        #expect(out.text.hasPrefix("Results for \"vector search\" from SearXNG (live web search)."))
        #expect(out.text.contains("[1] HNSW graphs for vector search\nURL: https://vectors.example/hnsw\nHNSW builds a layered graph"))
        #expect(!out.text.contains("[2]") && !out.text.contains("Text:"))
        #expect(searx.requests.first?.path == "/search?q=vector%20search&format=json")
    }

    @Test func anInstanceWithoutJSONSaysHowToEnableIt() async throws {
        let searx = try FakeSearXNGServer(pages: searchPages, jsonEnabled: false)
        defer { searx.stop() }
        let out = try await webSearch(liveTool(SearXNGAPI(baseURL: searx.baseURL)), "vector")
        #expect(out.text.hasPrefix("web_search: SearXNG returned HTTP 403 (<!doctype html>"))
        #expect(
            out.text.hasSuffix(": check SEARXNG_URL, and that the instance allows the json format (search.formats in its settings.yml)"))
    }

    @Test func rateLimitsServerErrorsMalformedJSONAndSlowness() async throws {
        let limited = try FakeSearXNGServer(pages: searchPages, failures: [.status(429, retryAfter: "3")])
        defer { limited.stop() }
        let start = ContinuousClock.now
        let waited = try await webSearch(liveTool(SearXNGAPI(baseURL: limited.baseURL)), "banana")
        #expect(!waited.isError && waited.text.contains("Banana bread"))
        #expect(seconds(since: start) >= 2.5)

        let down = try FakeSearXNGServer(pages: searchPages, failures: [.status(502), .status(502), .status(502)])
        defer { down.stop() }
        #expect(
            try await webSearch(liveTool(SearXNGAPI(baseURL: down.baseURL)), "banana").text.hasPrefix(
                "web_search: SearXNG returned HTTP 502 3 times"))

        let broken = try FakeSearXNGServer(pages: searchPages, failures: [.malformedJSON])
        defer { broken.stop() }
        #expect(
            try await webSearch(liveTool(SearXNGAPI(baseURL: broken.baseURL)), "banana").text.hasPrefix(
                "web_search: SearXNG sent a response that is not JSON"))

        let slow = try FakeSearXNGServer(pages: searchPages, failures: [.slow(milliseconds: 45_000)])
        defer { slow.stop() }
        let slowStart = ContinuousClock.now
        #expect(
            try await webSearch(liveTool(SearXNGAPI(baseURL: slow.baseURL)), "banana", timeout: 3).text.hasPrefix(
                "web_search: SearXNG did not answer in time"))
        #expect(seconds(since: slowStart) < 20)
    }

    @Test func anUnreachableInstanceIsOneLine() async throws {
        let refusing = try RefusingPort()
        let base = "http://127.0.0.1:\(refusing.port)"
        // Generous: refusals are retried with backoff before the tool gives up.
        let out = try await webSearch(liveTool(SearXNGAPI(baseURL: base)), "banana", timeout: 30)
        withExtendedLifetime(refusing) {}
        #expect(out.isError && out.text.hasPrefix("web_search: cannot reach SearXNG at \(base)/search ("), "\(out.text)")
        #expect(!out.text.contains("\n"))
    }
}
