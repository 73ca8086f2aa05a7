import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

/// robots.txt and one request at a time per host.
@Suite struct FetchPolitenessTests {
    static let robots = """
        # Example rules
        User-agent: *
        Disallow: /private/
        Allow: /private/press

        User-agent: research-agent
        Disallow: /no-agents
        Disallow: /private/
        Allow: /private/press
        """

    @Test func robotsTxtIsHonouredAndCached() async throws {
        let site = try FakeWebSite([
            "/robots.txt": .typed("text/plain", Array(Self.robots.utf8)),
            "/private/plans": .html("<p>plans</p>"), "/private/press": .html("<p>press kit</p>"), "/public": .html("<p>hello</p>"),
            "/no-agents": .html("<p>humans only</p>"),
        ])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        let refused = try await fetch(tool, site.baseURL + "/private/plans")
        #expect(refused.isError)
        #expect(
            refused.text
                == "refused: robots.txt of \(site.baseURL) disallows /private/plans for research-agent (Disallow: /private/); set respect_robots_txt = false in config.toml to ignore robots.txt"
        )
        #expect(try await fetch(tool, site.baseURL + "/no-agents").text.hasPrefix("refused: robots.txt"))
        #expect(try await fetch(tool, site.baseURL + "/private/press").text.hasSuffix("press kit"))
        #expect(try await fetch(tool, site.baseURL + "/public").text.hasSuffix("hello"))
        #expect(site.hits("/robots.txt") == 1)
        #expect(site.hits("/private/plans") == 0)
        #expect(site.hits("/no-agents") == 0)
    }

    @Test func robotsTxtCanBeTurnedOff() async throws {
        let site = try FakeWebSite([
            "/robots.txt": .typed("text/plain", Array("User-agent: *\nDisallow: /".utf8)), "/page": .html("<p>ok</p>"),
        ])
        defer { site.stop() }
        #expect(try await fetch(fetchTool(allowing: [site], robots: false), site.baseURL + "/page").text.hasSuffix("ok"))
        #expect(site.hits("/robots.txt") == 0)
    }

    @Test func aServerErrorForRobotsTxtKeepsTheAgentOut() async throws {
        let site = try FakeWebSite(["/robots.txt": FakeWebSite.Page(status: 503, body: []), "/page": .html("<p>ok</p>")])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/page")
        #expect(out.text.hasPrefix("refused: robots.txt of \(site.baseURL) disallows /page"))
    }

    @Test func aMissingRobotsTxtAllowsEverything() async throws {
        let site = try FakeWebSite(["/page": .html("<p>ok</p>")])
        defer { site.stop() }
        #expect(try await fetch(fetchTool(allowing: [site]), site.baseURL + "/page").text.hasSuffix("ok"))
        #expect(site.hits("/robots.txt") == 1)
    }

    /// Three calls at once to one host: served one after another, with the pause between them.
    @Test func oneRequestAtATimePerHostWithAPause() async throws {
        var pages: [String: FakeWebSite.Page] = [:]
        for i in 1...3 {
            var page = FakeWebSite.Page.html("<p>page \(i)</p>")
            page.delayMilliseconds = 100
            pages["/p\(i)"] = page
        }
        let site = try FakeWebSite(pages)
        defer { site.stop() }
        let tool = fetchTool(allowing: [site], robots: false, delay: .milliseconds(300))
        let outputs = try await withThrowingTaskGroup(of: ToolOutput.self) { group in
            for i in 1...3 { group.addTask { try await fetch(tool, site.baseURL + "/p\(i)") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.allSatisfy { !$0.isError })
        #expect(site.maxConcurrent == 1)
        let visits = site.visits.sorted { $0.started < $1.started }
        #expect(visits.count == 3)
        for (earlier, later) in zip(visits, visits.dropFirst()) {
            // The pause runs from the end of one response as the client saw it; the server's
            // clock marks its end a little earlier, so allow a small margin.
            #expect(later.started - earlier.ended >= .milliseconds(250))
        }
    }

    @Test func aWaitingCallCanBeCancelled() async throws {
        var slow = FakeWebSite.Page.html("<p>slow</p>")
        slow.delayMilliseconds = 30_000
        let site = try FakeWebSite(["/slow": slow, "/next": .html("<p>next</p>")])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site], robots: false)
        let first = Task { try await fetch(tool, site.baseURL + "/slow") }
        #expect(await waitUntil { site.requestCount == 1 })
        let waiting = Task { try await fetch(tool, site.baseURL + "/next") }
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        #expect(ContinuousClock.now - started < .seconds(15))  // not held until the slow call ends
        first.cancel()
        _ = try? await first.value
        #expect(site.hits("/next") == 0)
    }
}
