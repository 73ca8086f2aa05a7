import AgentCore
import AgentTesting
import Foundation
import Testing

/// web_search from the command line: provider choice by environment, flag and config.toml,
/// and the http cache.
@Suite struct WebSearchCommandTests {
    let pages = [
        FakeSearchResult(
            title: "Reciprocal rank fusion", url: "https://ir.example/rrf", snippet: "RRF merges rankings by summing 1/(k + rank)."),
        FakeSearchResult(title: "BM25", url: "https://ir.example/bm25", snippet: "BM25 ranks documents by term frequency and length."),
    ]

    @Test func toolsRunSearchesTheProviderTheEnvironmentNames() async throws {
        let searx = try FakeSearXNGServer(pages: pages)
        defer { searx.stop() }
        let home = freshHome()
        let environment = ["SEARXNG_URL": searx.baseURL]
        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "rank fusion"}"#, "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("Results for \"rank fusion\" from SearXNG (live web search).\n"))
        #expect(result.stdout.contains("[1] Reciprocal rank fusion\nURL: https://ir.example/rrf\n"))

        let json = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "bm25", "k": 1}"#, "--json", "--home", home], environment: environment)
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
        let offline = try await runAgent(
            ["tools", "run", "web_search", arguments, "--cache", "only", "--home", home], environment: environment)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stdout.contains("\nFrom the http cache: searched "))
        let miss = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "bm25"}"#, "--cache", "only", "--home", home], environment: environment)
        #expect(miss.status == 1)
        #expect(
            miss.stdout
                == "web_search: \"bm25\" (k = 5) is not in the http cache for SearXNG, and --cache only does not search; run once without it to record the results\n"
        )
    }

    @Test func aProviderWithoutItsKeyOrAnUnknownOneIsAUsageError() async throws {
        let home = freshHome()
        try "search_provider = \"brave\"\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let missing = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--home", home])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("the search provider is brave but BRAVE_API_KEY is not set; set it, or choose another provider"))

        let flag = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--search", "altavista", "--home", freshHome()])
        #expect(
            flag.status == 2
                && flag.stderr.contains(
                    "The value 'altavista' is invalid for '--search <provider>'. Please provide one of 'tavily', 'brave', 'searxng' or 'offline'."
                ))

        let other = freshHome()
        try "search_provider = \"altavista\"\n".write(toFile: other + "/config.toml", atomically: true, encoding: .utf8)
        let file = try await runAgent(["tools", "run", "web_search", #"{"query": "x"}"#, "--home", other])
        #expect(
            file.status == 2
                && file.stderr.contains("config.toml: search_provider must be one of tavily, brave, searxng, offline, not \"altavista\""))
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

/// web_search inside a whole run: the model searches, the results are tainted data in the
/// transcript, and replay verifies the run from the recording alone.
@Suite struct WebSearchInvestigationTests {
    @Test func aRunSearchesCitesAndReplays() async throws {
        let searx = try FakeSearXNGServer(pages: [
            FakeSearchResult(
                title: "Reciprocal rank fusion", url: "https://ir.example/rrf", snippet: "RRF merges rankings by summing 1/(k + rank).")
        ])
        defer { searx.stop() }
        let model = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "call_1", name: "web_search", arguments: #"{"query":"reciprocal rank fusion"}"#)]),
            .text("RRF sums 1/(k + rank) over the rankings [1]."),
        ])
        defer { model.stop() }
        let home = freshHome()
        let environment = [
            "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "fake-model", "SEARXNG_URL": searx.baseURL,
        ]
        let result = try await runAgent(["investigate", "How does reciprocal rank fusion work?", "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(model.requests.count == 2)
        let second = model.requests[1].bodyString()
        #expect(second.contains(#"<data source=\"web_search\">\nResults for \"reciprocal rank fusion\" from SearXNG (live web search)."#))
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let transcript = try String(contentsOfFile: home + "/transcripts/" + file, encoding: .utf8)
        #expect(transcript.contains(#""tainted":true"#))
        searx.stop()
        let verify = try await runAgent(["replay", home + "/transcripts/" + file, "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical"), "\(verify.stdout)\(verify.stderr)")
    }

    @Test func noWebOffersNeitherWebTool() async throws {
        let model = try FakeOpenAIServer(script: [.text("I can only use what I know.")])
        defer { model.stop() }
        let environment = ["OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "fake-model"]
        // With --no-web, a search provider that could not be used is no obstacle.
        let home = freshHome()
        try "search_provider = \"tavily\"\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try await runAgent(["investigate", "What is RRF?", "--no-web", "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let body = try #require(model.requests.first).bodyString()
        #expect(body.contains(#""name":"scratchpad""#))
        #expect(!body.contains(#""name":"web_search""#) && !body.contains(#""name":"fetch_url""#))
    }
}
