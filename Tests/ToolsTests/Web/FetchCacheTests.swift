import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

/// fetch_url with the http cache: record once, repeat offline.
@Suite struct FetchCacheTests {
    func tool(_ site: FakeWebSite?, cache: MemoryResponseCache, mode: CacheMode, port: Int? = nil) -> FetchURLTool {
        let allowed = (site?.port ?? port).map { [HostPort(host: "127.0.0.1", port: $0)] } ?? []
        return FetchURLTool(
            settings: FetchSettings(
                allowedHosts: Set(allowed), respectRobotsTxt: false, minimumDelayPerHost: .zero, cache: cache, cacheMode: mode))
    }

    @Test func useStoresAndThenAnswersFromTheCache() async throws {
        let site = try FakeWebSite([
            "/old": .redirect(to: "/page"), "/page": .typed("text/html; charset=ISO-8859-1", WebPageFixtures.latin1Page),
        ])
        let cache = MemoryResponseCache()
        let live = try await fetch(tool(site, cache: cache, mode: .use), site.baseURL + "/old")
        #expect(!live.isError && !live.text.contains("From the http cache"))
        let stored = try #require(cache.all["fetch_url GET \(site.baseURL)/old"])
        #expect(stored.url == site.baseURL + "/page")
        #expect(stored.headers["content-type"] == "text/html; charset=ISO-8859-1")
        #expect(stored.body == WebPageFixtures.latin1Page)

        // A new tool (a new run): answered from the cache, nothing fetched.
        let port = site.port
        site.stop()
        let again = try await fetch(tool(nil, cache: cache, mode: .use, port: port), "http://127.0.0.1:\(port)/old")
        #expect(!again.isError, "\(again.text)")
        #expect(again.text.contains("URL: http://127.0.0.1:\(port)/page (redirected from http://127.0.0.1:\(port)/old)"))
        #expect(again.text.contains("From the http cache: fetched \(stored.fetchedAt.rfc3339)"))
        #expect(again.text.contains("Garçon, un café crème"))
        #expect(again.tainted)
    }

    @Test func onlyFailsClearlyOnAMissAndNeverFetches() async throws {
        let site = try FakeWebSite(["/page": .html("<p>live</p>")])
        defer { site.stop() }
        let out = try await fetch(tool(site, cache: MemoryResponseCache(), mode: .only), site.baseURL + "/page")
        #expect(out.isError)
        #expect(
            out.text
                == "\(site.baseURL)/page is not in the http cache, and --cache only does not fetch; run once without it to record the page")
        #expect(site.requestCount == 0)
    }

    @Test func onlyTakesAnyAgeButUseRefetchesStalePages() async throws {
        let site = try FakeWebSite(["/page": .html("<p>fresh from the web</p>")])
        defer { site.stop() }
        let old = CachedResponse(
            url: site.baseURL + "/page", status: 200, headers: ["content-type": "text/html"], body: Array("<p>recorded last year</p>".utf8),
            fetchedAt: Instant(milliseconds: 1_700_000_000_000))
        let cache = MemoryResponseCache(["fetch_url GET \(site.baseURL)/page": old])
        #expect(try await fetch(tool(site, cache: cache, mode: .only), site.baseURL + "/page").text.hasSuffix("recorded last year"))
        #expect(try await fetch(tool(site, cache: cache, mode: .use), site.baseURL + "/page").text.hasSuffix("fresh from the web"))
        #expect(cache.all.values.first?.body == Array("<p>fresh from the web</p>".utf8))
    }

    @Test func refreshAlwaysFetchesAndOffKeepsNothing() async throws {
        let site = try FakeWebSite(["/page": .html("<p>v2</p>")])
        defer { site.stop() }
        let stale = CachedResponse(
            url: site.baseURL + "/page", status: 200, headers: [:], body: Array("v1".utf8), fetchedAt: Instant(milliseconds: 0))
        let cache = MemoryResponseCache(["fetch_url GET \(site.baseURL)/page": stale])
        #expect(try await fetch(tool(site, cache: cache, mode: .refresh), site.baseURL + "/page").text.hasSuffix("v2"))
        #expect(cache.all.values.first?.body == Array("<p>v2</p>".utf8))
        let empty = MemoryResponseCache()
        _ = try await fetch(tool(site, cache: empty, mode: .off), site.baseURL + "/page")
        #expect(empty.all.isEmpty)
        #expect(site.hits("/page") == 2)
    }

    /// A page recorded under an allowance is not served to a run without it.
    @Test func theGuardAppliesToCachedPages() async throws {
        let recorded = CachedResponse(
            url: "http://127.0.0.1:9/admin", status: 200, headers: [:], body: Array("secret".utf8), fetchedAt: Instant(milliseconds: 0))
        let cache = MemoryResponseCache(["fetch_url GET http://127.0.0.1:9/admin": recorded])
        let out = try await fetch(tool(nil, cache: cache, mode: .only), "http://127.0.0.1:9/admin")
        #expect(out.text.hasPrefix("refused: 127.0.0.1 is a loopback address"))
    }

    @Test func errorsAreNotCached() async throws {
        let site = try FakeWebSite([:])
        defer { site.stop() }
        let cache = MemoryResponseCache()
        #expect(try await fetch(tool(site, cache: cache, mode: .use), site.baseURL + "/missing").isError)
        #expect(cache.all.isEmpty)
    }
}
