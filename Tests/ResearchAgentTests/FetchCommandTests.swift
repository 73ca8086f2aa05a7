import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// fetch_url from the command line: `tools run`, `--allow-host`, config.toml and a whole run.
@Suite struct FetchCommandTests {
    @Test func toolsRunFetchesAnAllowedHost() async throws {
        let site = try FakeWebSite(["/article": .html(WebPageFixtures.article)])
        defer { site.stop() }
        let home = freshHome()
        let arguments = #"{"url": "\#(site.baseURL)/article"}"#
        let result = try await runAgent(["tools", "run", "fetch_url", arguments, "--allow-host", site.hostPort, "--home", home])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("[1] Vector search at scale"))
        #expect(result.stdout.contains("HNSW (M=16)"))

        let json = try await runAgent(["tools", "run", "fetch_url", arguments, "--json", "--allow-host", site.hostPort, "--home", home])
        let output = try JSONValue.parse(json.stdout)
        #expect(output["tainted"] == .bool(true))
        #expect(output["is_error"] == .bool(false))
        #expect(output["sources"]?.arrayValue?.first?["ref"]?.stringValue == site.baseURL + "/article")
        #expect(site.visits.first?.header("User-Agent")?.hasPrefix("research-agent/") == true)
    }

    @Test func withoutAnAllowanceTheFakeServerIsRefused() async throws {
        let site = try FakeWebSite(["/": .html("<p>secret</p>")])
        defer { site.stop() }
        let result = try await runAgent([
            "tools", "run", "fetch_url", #"{"url": "http://2130706433:\#(site.port)/"}"#, "--home", freshHome(),
        ])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("refused: 127.0.0.1 is a loopback address; "))
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(site.requestCount == 0)
    }

    @Test func configTomlAllowsHostsAndTurnsRobotsOff() async throws {
        let site = try FakeWebSite([
            "/robots.txt": .typed("text/plain", Array("User-agent: *\nDisallow: /".utf8)), "/page": .html("<p>from config</p>"),
        ])
        defer { site.stop() }
        let home = freshHome()
        try "allowed_hosts = [\"\(site.hostPort)\"]\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let blocked = try await runAgent(["tools", "run", "fetch_url", #"{"url": "\#(site.baseURL)/page"}"#, "--home", home])
        #expect(blocked.status == 1 && blocked.stdout.hasPrefix("refused: robots.txt of \(site.baseURL) disallows /page"))
        try "allowed_hosts = [\"\(site.hostPort)\"]\nrespect_robots_txt = false\n".write(
            toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let fetched = try await runAgent(["tools", "run", "fetch_url", #"{"url": "\#(site.baseURL)/page"}"#, "--home", home])
        #expect(fetched.status == 0 && fetched.stdout.contains("from config"))
    }

    @Test func badAllowancesAreUsageErrors() async throws {
        let flag = try await runAgent([
            "tools", "run", "fetch_url", #"{"url":"http://example.org/"}"#, "--allow-host", "127.0.0.1", "--home", freshHome(),
        ])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--allow-host: expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080, not '127.0.0.1'"))
        let home = freshHome()
        try "allowed_hosts = [\"localhost\"]\n".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let file = try await runAgent(["tools", "run", "fetch_url", #"{"url":"http://example.org/"}"#, "--home", home])
        #expect(file.status == 2)
        #expect(file.stderr.contains("config.toml: 'allowed_hosts[0]': expected HOST:PORT"))
    }

    /// Recorded once into the home's http_cache, then repeated with the server gone.
    @Test func cacheOnlyRepeatsARecordedFetchOffline() async throws {
        let site = try FakeWebSite(["/page": .html("<title>Recorded</title><p>kept for later</p>")])
        let home = freshHome()
        let arguments = #"{"url": "\#(site.baseURL)/page"}"#
        let live = try await runAgent(["tools", "run", "fetch_url", arguments, "--allow-host", site.hostPort, "--home", home])
        #expect(live.status == 0 && !live.stdout.contains("From the http cache"))
        site.stop()
        let offline = try await runAgent([
            "tools", "run", "fetch_url", arguments, "--cache", "only", "--allow-host", site.hostPort, "--home", home,
        ])
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stdout.hasPrefix("[1] Recorded\n"))
        #expect(offline.stdout.contains("From the http cache: fetched "))
        #expect(offline.stdout.hasSuffix("kept for later\n"))
        let miss = try await runAgent([
            "tools", "run", "fetch_url", #"{"url": "\#(site.baseURL)/other"}"#, "--cache", "only", "--allow-host", site.hostPort, "--home",
            home,
        ])
        #expect(miss.status == 1 && miss.stdout.contains("is not in the http cache, and --cache only does not fetch"))
        let bad = try await runAgent(["tools", "run", "fetch_url", arguments, "--cache", "sometimes", "--home", home])
        #expect(
            bad.status == 2
                && bad.stderr.contains(
                    "The value 'sometimes' is invalid for '--cache <mode>'. Please provide one of 'use', 'only', 'refresh' or 'off'.")
        )
    }

    /// A whole run: the model fetches a page on an allowed host; the page comes back as data.
    @Test func investigateFetchesWithAllowHost() async throws {
        let site = try FakeWebSite(["/recipe": .html(WebPageFixtures.promptInjection)])
        defer { site.stop() }
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "call_1", name: "fetch_url", arguments: #"{"url":"\#(site.baseURL)/recipe"}"#)]),
            .text("Mix three bananas with flour and sugar [1]."),
        ])
        let home = freshHome()
        let environment = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "fake-model"]
        let result = try await runAgent(
            ["investigate", "Banana bread?", "--allow-host", site.hostPort, "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(server.requests.count == 2)
        let second = server.requests[1].bodyString()
        #expect(second.contains(#"<data source=\"fetch_url\">\n[1] Totally normal recipe blog"#))
        let name = try #require(FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let file = try TranscriptFile(path: home + "/transcripts/" + name)
        let results = file.events.toolResults
        #expect(results.count == 1 && results[0].tainted && !results[0].isError)
        #expect(results[0].sources.first?.source.ref == site.baseURL + "/recipe")
    }

    /// Cancelled while a tool runs: the transcript has the call and no result, and its
    /// replay is cancelled at the same call, so it verifies.
    @Test func aRunCancelledDuringAToolVerifies() async throws {
        var slow = FakeWebSite.Page.html("<p>Late.</p>")
        slow.delayMilliseconds = 60_000
        let site = try FakeWebSite(["/slow": slow])
        defer { site.stop() }
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "call_1", name: "fetch_url", arguments: #"{"url":"\#(site.baseURL)/slow"}"#)]),
            .text("Never asked."),
        ])
        let home = freshHome()
        let environment = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "fake-model"]
        let result = try await runAgent(
            ["investigate", "A slow page?", "--allow-host", site.hostPort, "--home", home], environment: environment,
            interruptWhen: { site.hits("/slow") == 1 })
        #expect(result.status == 4, "\(result.stderr)")
        let name = try #require(FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let path = home + "/transcripts/" + name
        let file = try TranscriptFile(path: path)
        #expect(file.end?.status == .cancelled && file.events.toolResults.isEmpty && file.requests.count == 1)
        let verify = try await runAgent(["replay", path, "--verify", "--home", home])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("identical: all 1 requests match"), "\(verify.stdout)\(verify.stderr)")
    }

    /// run.start does not record --allow-host: a fork's live steps reach the host when it is given again.
    @Test func aForkFetchesFromAHostGivenAgain() async throws {
        let site = try FakeWebSite(["/recipe": .html("<p>Three ripe bananas.</p>")])
        defer { site.stop() }
        let fetch = ScriptedToolCall(id: "call_1", name: "fetch_url", arguments: #"{"url":"\#(site.baseURL)/recipe"}"#)
        let home = freshHome()
        func environment(_ server: FakeOpenAIServer) -> [String: String] {
            ["OPENAI_BASE_URL": server.baseURL, "OPENAI_API_KEY": "sk-test", "OPENAI_MODEL": "fake-model"]
        }
        let parent = try FakeOpenAIServer(script: [.toolCalls([fetch]), .text("Bananas [1].")])
        let path = home + "/parent.jsonl"
        let run = try await runAgent(
            ["investigate", "Banana bread?", "--allow-host", site.hostPort, "--transcript", path, "--home", home],
            environment: environment(parent))
        #expect(run.status == 0, "\(run.stderr)")
        let again = try FakeOpenAIServer(script: [.toolCalls([fetch]), .text("Bananas [1].")])
        let fork = try await runAgent(
            ["replay", path, "--fork-from", "1", "--inject", "Read it again.", "--allow-host", site.hostPort, "--home", home],
            environment: environment(again))
        #expect(fork.status == 0, "\(fork.stderr)")
        #expect(again.requests[1].bodyString().contains("Three ripe bananas"))
        let bare = try FakeOpenAIServer(script: [.toolCalls([fetch]), .text("Bananas.")])
        _ = try await runAgent(
            ["replay", path, "--fork-from", "1", "--inject", "Read it again.", "--home", home], environment: environment(bare))
        #expect(!bare.requests[1].bodyString().contains("Three ripe bananas") && bare.requests[1].bodyString().contains("loopback"))
    }
}
