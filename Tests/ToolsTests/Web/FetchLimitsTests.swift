import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

/// Long pages, the size cap, timeouts and redirects.
@Suite struct FetchLimitsTests {
    @Test func aFiveMegabytePageComesInParts() async throws {
        let site = try FakeWebSite(["/long": .typed("text/html", WebPageFixtures.fiveMegabytePage)])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        let first = try await fetch(tool, site.baseURL + "/long")
        #expect(!first.isError)
        #expect(first.text.contains("Paragraph 1 begins."))
        #expect(!first.text.contains("THE-VERY-END"))
        let note = try #require(first.text.split(separator: "\n").last)
        #expect(note.hasPrefix("[Page continues: "))
        #expect(note.contains(#"Call fetch_url with {"offset":"#))
        let offset = try #require(Int(note.split(separator: #""offset":"#).last?.prefix { $0.isNumber } ?? ""))
        #expect((7200...8000).contains(offset))

        let second = try await fetch(tool, site.baseURL + "/long", offset: offset)
        #expect(second.text.contains("characters \(PageWindow.group(offset + 1))-"))
        #expect(second.sources == first.sources)
        // The rest comes from the pages just read, not from another download.
        #expect(site.hits("/long") == 1)

        let total = try #require(Int(first.text.split(separator: "\n")[2].split(separator: " ")[1].filter(\.isNumber)))
        let last = try await fetch(tool, site.baseURL + "/long", offset: total - 100)
        #expect(last.text.contains("THE-VERY-END"))
        #expect(!last.text.contains("[Page continues"))
        let past = try await fetch(tool, site.baseURL + "/long", offset: total + 5)
        #expect(past.isError && past.text.contains("is past the end"))
    }

    @Test func maxCharsSetsThePartLength() async throws {
        let site = try FakeWebSite(["/long": .typed("text/html", WebPageFixtures.longPage(paragraphs: 20))])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/long", maxChars: 1000)
        // The part sits between the header's "below" and the note on what follows.
        let afterHeader = try #require(out.text.range(of: "below\n\n")).upperBound
        let beforeNote = try #require(out.text.range(of: "\n\n[Page continues")).lowerBound
        let body = out.text[afterHeader..<beforeNote]
        #expect((900...1000).contains(body.count))
    }

    @Test func theSizeCapStopsTheDownload() async throws {
        let site = try FakeWebSite(["/big": .typed("text/plain", [UInt8](repeating: UInt8(ascii: "x"), count: 3_000_000))])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/big") { $0.extra["max_download_bytes"] = 100_000 }
        #expect(!out.isError)
        #expect(out.text.contains("text/plain, 100,000 characters"))
        #expect(out.text.contains("[The page is longer than the 100,000-byte download limit; only that much was read.]"))
    }

    @Test func aSlowServerTimesOut() async throws {
        let site = try FakeWebSite(["/slow": FakeWebSite.Page(status: 200, body: Array("late".utf8), delayMilliseconds: 60_000)])
        defer { site.stop() }
        let started = ContinuousClock.now
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/slow") { $0.timeoutSeconds = 1 }
        #expect(out.isError)
        #expect(out.text.hasPrefix("timed out fetching \(site.baseURL)/slow"))
        #expect(ContinuousClock.now - started < .seconds(30))  // well before the server would answer
    }

    @Test func anUnreachableHostHitsTheConnectTimeout() async throws {
        let listener = try SaturatedListener()
        let tool = FetchURLTool(
            settings: FetchSettings(allowedHosts: [HostPort(host: "127.0.0.1", port: listener.port)], minimumDelayPerHost: .zero))
        let out = try await fetch(tool, "http://127.0.0.1:\(listener.port)/") { $0.extra["connect_timeout_s"] = 0.3 }
        #expect(out.text == "timed out connecting to 127.0.0.1:\(listener.port) (limit 300 ms)")
        withExtendedLifetime(listener) {}
    }

    @Test func redirectsAreFollowedUpToTheLimit() async throws {
        let site = try FakeWebSite([
            "/r1": .redirect(to: "/r2", status: 301), "/r2": .redirect(to: "r3", status: 307), "/r3": .redirect(to: "/final", status: 308),
            "/final": .html("<title>Final</title><p>arrived</p>"),
            "/loop": .redirect(to: "/loop"),
        ])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        let out = try await fetch(tool, site.baseURL + "/r1")
        #expect(out.text.contains("URL: \(site.baseURL)/final (redirected from \(site.baseURL)/r1)"))
        #expect(out.text.hasSuffix("arrived"))
        let short = try await fetch(tool, site.baseURL + "/r1?x") { $0.extra["max_redirects"] = 2 }
        #expect(short.isError && short.text.hasPrefix("stopped after 2 redirects, the limit"))
        let loop = try await fetch(tool, site.baseURL + "/loop")
        #expect(loop.isError && loop.text.hasPrefix("stopped after 5 redirects"))
        #expect(site.hits("/loop") == 6)
    }

    @Test func aBrokenRedirectIsReported() async throws {
        let site = try FakeWebSite(["/bad": .redirect(to: "http://exa mple.com/")])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/bad")
        #expect(out.text == "\(site.baseURL)/bad redirects to \"http://exa mple.com/\", which is not a URL")
    }
}
