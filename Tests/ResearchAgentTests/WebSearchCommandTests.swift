import AgentCore
import AgentTesting
import Foundation
import Testing

/// web_search from the command line: provider choice by environment, flag and config.toml,
/// and the http cache.
@Suite struct WebSearchCommandTests {
    let pages = [
        FakeSearchResult(title: "Reciprocal rank fusion", url: "https://ir.example/rrf", snippet: "RRF merges rankings by summing 1/(k + rank)."),
        FakeSearchResult(title: "BM25", url: "https://ir.example/bm25", snippet: "BM25 ranks documents by term frequency and length."),
    ]

    @Test func toolsRunSearchesTheProviderTheEnvironmentNames() async throws {
        let searx = try FakeSearXNGServer(pages: pages)
        defer { searx.stop() }
        let home = freshHome()
        let environment = ["SEARXNG_URL": searx.baseURL]
        let result = try await runAgent(["tools", "run", "web_search", #"{"query": "rank fusion"}"#, "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("Results for \"rank fusion\" from SearXNG (live web search).\n"))
        #expect(result.stdout.contains("[1] Reciprocal rank fusion\nURL: https://ir.example/rrf\n"))

        let json = try await runAgent(["tools", "run", "web_search", #"{"query": "bm25", "k": 1}"#, "--json", "--home", home], environment: environment)
        let output = try JSONValue.parse(json.stdout)
        #expect(output["tainted"] == .bool(true) && output["is_error"] == .bool(false))
        #expect(output["sources"]?.arrayValue?.first?["ref"]?.stringValue == "https://ir.example/bm25")
    }

    @Test func cacheOnlyRepeatsARecordedSearchOffline() async throws {
        let searx = try FakeSearXNGServer(pages: pages)
        let home = freshHome()
        let environment = ["SEARXNG_URL": searx.baseURL]
        let arguments = #"{"query": "rank fusion"}"#
        let live = try await runAgent(["tools", "run", "web_search", arguments, "--home", home], environment: environment)
        #expect(live.status == 0 && !live.stdout.contains("From the http cache"))
        searx.stop()
        let offline = try await runAgent(["tools", "run", "web_search", arguments, "--cache", "only", "--home", home], environment: environment)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stdout.contains("\nFrom the http cache: searched "))
        let miss = try await runAgent(["tools", "run", "web_search", #"{"query": "bm25"}"#, "--cache", "only", "--home", home], environment: environment)
        #expect(miss.status == 1)
        #expect(miss.stdout == "web_search: \"bm25\" (k = 5) is not in the http cache for SearXNG, and --cache only does not search; run once without it to record the results\n")
    }

    @Test func aProviderWithoutItsKeyOrAnUnknownOneIsAUsageError() async throws {
        let home = freshHome()
        try "search_provider = \"brave\"\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let missing = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--home", home])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("the search provider is brave but BRAVE_API_KEY is not set; set it, or choose another provider"))

        let flag = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--search", "altavista", "--home", freshHome()])
        #expect(flag.status == 2 && flag.stderr.contains("--search must be one of tavily, brave, searxng, offline, not 'altavista'"))

        let other = freshHome()
        try "search_provider = \"altavista\"\n".write(toFile: other + "/config.toml", atomically: true, encoding: .utf8)
        let file = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--home", other])
        #expect(file.status == 2 && file.stderr.contains("config.toml: search_provider must be one of tavily, brave, searxng, offline, not \"altavista\""))
    }

    @Test func theFlagWinsOverTheEnvironment() async throws {
        let searx = try FakeSearXNGServer(pages: pages)
        defer { searx.stop() }
        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "bm25"}"#, "--search", "searxng", "--home", freshHome()],
            environment: ["SEARXNG_URL": searx.baseURL, "TAVILY_API_KEY": "tvly-unused"])
        #expect(result.status == 0 && result.stdout.contains("from SearXNG"))
    }
}
