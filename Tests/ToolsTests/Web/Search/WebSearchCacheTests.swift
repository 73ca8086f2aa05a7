import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

/// web_search with the http cache: record once, repeat offline, refresh on demand.
@Suite struct WebSearchCacheTests {
    @Test func useRecordsThenOnlyRepeatsWithoutTheProvider() async throws {
        let tavily = try FakeTavilyServer(pages: searchPages)
        let api = TavilyAPI(apiKey: "tvly-test-key", endpoint: tavily.endpoint)
        let cache = MemoryResponseCache()
        let live = try await webSearch(liveTool(api, cache: cache, mode: .use), "banana")
        #expect(!live.isError && !live.text.contains("From the http cache"))
        let key = "web_search tavily \(tavily.endpoint) {\"k\":5,\"query\":\"banana\"}"
        #expect(cache.all.keys.sorted() == [key])
        tavily.stop()

        let offline = try await webSearch(liveTool(api, cache: cache, mode: .only), "banana")
        #expect(!offline.isError, "\(offline.text)")
        #expect(offline.text.contains("\nFrom the http cache: searched "))
        #expect(offline.text.contains("[1] Banana bread"))
        #expect(offline.tainted)

        let miss = try await webSearch(liveTool(api, cache: cache, mode: .only), "vector")
        #expect(
            miss.text
                == "web_search: \"vector\" (k = 5) is not in the http cache for Tavily, and --cache only does not search; run once without it to record the results"
        )
    }

    @Test func refreshAsksAgainAndErrorsAreNotKept() async throws {
        let tavily = try FakeTavilyServer(pages: searchPages, failures: [.none, .none, .status(500), .status(500), .status(500)])
        defer { tavily.stop() }
        let api = TavilyAPI(apiKey: "tvly-test-key", endpoint: tavily.endpoint)
        let cache = MemoryResponseCache()
        _ = try await webSearch(liveTool(api, cache: cache, mode: .use), "banana")
        _ = try await webSearch(liveTool(api, cache: cache, mode: .use), "banana")
        #expect(tavily.requests.count == 1)
        _ = try await webSearch(liveTool(api, cache: cache, mode: .refresh), "banana")
        #expect(tavily.requests.count == 2)
        let failed = try await webSearch(liveTool(api, cache: cache, mode: .refresh), "vector")
        #expect(failed.isError)
        #expect(cache.all.count == 1)
    }
}
