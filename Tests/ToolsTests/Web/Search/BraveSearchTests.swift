import AgentCore
import AgentTesting
import Foundation
import HTTP
import Testing
@testable import Tools

/// web_search against a fake Brave Search API with Brave's response shape and errors.
@Suite struct BraveSearchTests {
    @Test func resultsLoseBravesMarkupAndKeepExtraSnippets() async throws {
        let brave = try FakeBraveServer(pages: searchPages)
        defer { brave.stop() }
        let out = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: brave.endpoint)), "product quantization", k: 3)
        #expect(!out.isError, "\(out.text)")
        #expect(out.tainted)
        #expect(
            out.text.contains(
                """
                [1] Product quantization explained
                URL: https://vectors.example/pq
                Product quantization compresses each vector into a few bytes for search at scale.
                Text: PQ splits a vector into sub-vectors and stores a codebook index for each.
                """))
        #expect(!out.text.contains("<strong>"))
        let request = try #require(brave.requests.first)
        #expect(request.method == "GET" && request.header("X-Subscription-Token") == "brave-test-key")
        #expect(request.path.hasPrefix("/res/v1/web/search?q=product%20quantization&count=3"))
    }

    @Test func aQueryWithoutResultsSaysSo() async throws {
        let brave = try FakeBraveServer(pages: searchPages)
        defer { brave.stop() }
        let out = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: brave.endpoint)), "zeppelin")
        #expect(!out.isError && out.text.hasSuffix("No results. Try other words."))
        #expect(out.sources.isEmpty)
    }

    @Test func aRefusedTokenSaysWhichVariableToCheck() async throws {
        let brave = try FakeBraveServer(pages: searchPages)
        defer { brave.stop() }
        let out = try await webSearch(liveTool(BraveAPI(apiKey: "nope", endpoint: brave.endpoint)), "vector")
        #expect(
            out.text
                == "web_search: Brave returned HTTP 401 (SUBSCRIPTION_TOKEN_INVALID: The provided subscription token is invalid.): check BRAVE_API_KEY"
        )
    }

    @Test func aRateLimitIsWaitedOutAsRetryAfterSays() async throws {
        let brave = try FakeBraveServer(pages: searchPages, failures: [.status(429, retryAfter: "3")])
        defer { brave.stop() }
        let start = ContinuousClock.now
        let out = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: brave.endpoint)), "banana")
        #expect(!out.isError && out.text.contains("[1] Banana bread"))
        #expect(brave.requests.count == 2)
        #expect(seconds(since: start) >= 2.5)
    }

    @Test func serverErrorsMalformedJSONAndSlowness() async throws {
        let down = try FakeBraveServer(pages: searchPages, failures: [.status(500), .status(500), .status(503)])
        defer { down.stop() }
        let failed = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: down.endpoint)), "banana")
        #expect(
            failed.text == "web_search: Brave returned HTTP 503 3 times (INTERNAL_ERROR: An unexpected error occurred.); try again later")

        let broken = try FakeBraveServer(pages: searchPages, failures: [.malformedJSON])
        defer { broken.stop() }
        let malformed = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: broken.endpoint)), "banana")
        #expect(malformed.isError && malformed.text.hasPrefix("web_search: Brave sent a response that is not JSON"))

        let slow = try FakeBraveServer(pages: searchPages, failures: [.slow(milliseconds: 45_000)])
        defer { slow.stop() }
        let start = ContinuousClock.now
        let late = try await webSearch(liveTool(BraveAPI(apiKey: "brave-test-key", endpoint: slow.endpoint)), "banana", timeout: 3)
        #expect(late.isError && late.text.hasPrefix("web_search: Brave did not answer in time"))
        #expect(seconds(since: start) < 20)
    }
}

/// Reading the providers' JSON without a server: markup, entities and error bodies.
@Suite struct SearchAPIShapeTests {
    @Test func braveMarkupAndEntitiesBecomePlainText() {
        #expect(
            BraveAPI.plain("The <strong>Mona Lisa</strong> &amp; &quot;La Gioconda&quot; &#39;s &lt;b&gt;")
                == "The Mona Lisa & \"La Gioconda\" 's <b>")
        let json: JSONValue = ["type": "search", "query": ["original": "zzz"]]
        #expect(BraveAPI(apiKey: "k").results(from: json) == [])
        #expect(BraveAPI(apiKey: "k").results(from: ["unexpected": true]) == nil)
    }

    @Test func errorBodiesOfEachProvider() {
        #expect(TavilyAPI(apiKey: "k").errorDetail(from: ["detail": ["error": "Invalid API key"]]) == "Invalid API key")
        #expect(TavilyAPI(apiKey: "k").errorDetail(from: ["detail": "Not authenticated"]) == "Not authenticated")
        #expect(BraveAPI(apiKey: "k").errorDetail(from: ["error": ["code": "RATE_LIMITED"]]) == "RATE_LIMITED")
        #expect(SearXNGAPI(baseURL: "http://x").errorDetail(from: ["unrelated": 1]) == nil)
    }

    @Test func queriesAreEscapedForTheURL() {
        let request = BraveAPI(apiKey: "k", endpoint: "https://b.example/s").request(query: "C++ & Rust: 100%?", k: 30)
        #expect(request.url == "https://b.example/s?q=C%2B%2B%20%26%20Rust%3A%20100%25%3F&count=20&extra_snippets=true")
        #expect(SearXNGAPI(baseURL: "http://127.0.0.1:8888/search/").endpoint == "http://127.0.0.1:8888/search")
    }
}
