import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

/// The SSRF guard end to end: a live server sits behind every refused URL, so a refusal that
/// let the request through would show up as a visit.
@Suite struct FetchSSRFTests {
    /// Every notation of a loopback or private address, pointed at a live server's port.
    static func refusedURLs(port: Int) -> [String] {
        [
            "http://127.0.0.1:\(port)/", "http://2130706433:\(port)/", "http://0177.0.0.1:\(port)/", "http://0x7f.1:\(port)/",
            "http://0x7f000001:\(port)/", "http://127.1:\(port)/", "http://127.0.1:\(port)/", "http://017700000001:\(port)/",
            "http://127.0.0.1.:\(port)/", "http://[::ffff:127.0.0.1]:\(port)/", "http://[::ffff:7f00:1]:\(port)/",
            "http://[0:0:0:0:0:ffff:127.0.0.1]:\(port)/", "http://[::1]:\(port)/", "http://localhost:\(port)/",
            "http://LOCALHOST.:\(port)/", "http://app.localhost:\(port)/", "http://0.0.0.0:\(port)/", "http://0:\(port)/",
            "http://user@127.0.0.1:\(port)/", "http://example.com@127.0.0.1:\(port)/", "HTTP://127.0.0.1:\(port)/",
            "http://%31%32%37.0.0.1:\(port)/",
        ]
    }

    @Test func everyNotationOfThisMachineIsRefused() async throws {
        let site = try FakeWebSite(["/": .html("<p>secret</p>")])
        defer { site.stop() }
        let tool = fetchTool(allowing: [])
        for url in Self.refusedURLs(port: site.port) {
            let out = try await fetch(tool, url)
            #expect(out.isError, "\(url)")
            #expect(out.text.hasPrefix("refused: "), "\(url): \(out.text)")
            #expect(!out.text.contains("\n"), "\(url)")
        }
        #expect(site.requestCount == 0)
    }

    @Test(arguments: [
        ("http://10.0.0.1/", "refused: 10.0.0.1 is a private-network address (RFC 1918)"),
        ("http://172.16.5.4/", "refused: 172.16.5.4 is a private-network address (RFC 1918)"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private-network address (RFC 1918)"),
        ("http://100.64.0.1/", "refused: 100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)"),
        ("http://169.254.1.1/", "refused: 169.254.1.1 is a link-local address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://2852039166/", "refused: 169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is a cloud metadata address"),
        ("http://metadata.google.internal/computeMetadata/v1/", "refused: metadata.google.internal is a cloud metadata service"),
        ("http://[fe80::1%25eth0]/", "refused: fe80::1 is a link-local address"),
        ("http://[fc00::1]/", "refused: fc00::1 is a unique-local address (fc00::/7)"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
        ("http://255.255.255.255/", "refused: 255.255.255.255 is the broadcast address"),
        ("http://[::]/", "refused: :: is the unspecified address"),
        ("http://[::ffff:169.254.169.254]/", "refused: ::ffff:169.254.169.254 (which embeds 169.254.169.254) is a cloud metadata address"),
    ])
    func privateAndMetadataAddressesAreRefused(_ url: String, _ message: String) async throws {
        let out = try await fetch(fetchTool(allowing: []), url)
        #expect(out.isError)
        #expect(out.text == message + "; " + WebFetcher.publicOnlyNote)
    }

    @Test(arguments: [
        ("file:///etc/passwd", "file"), ("ftp://example.com/x", "ftp"), ("gopher://example.com/", "gopher"),
        ("dict://127.0.0.1:11211/stat", "dict"),
    ])
    func otherSchemesAreRefused(_ url: String, _ scheme: String) async throws {
        let out = try await fetch(fetchTool(allowing: []), url)
        #expect(out.text == "refused: scheme \"\(scheme)\" is not allowed; fetch_url reads http and https URLs only")
    }

    @Test func onlyTheExactAllowedPortIsAllowed() async throws {
        let allowed = try FakeWebSite(["/": .html("<p>allowed</p>")])
        let other = try FakeWebSite(["/": .html("<p>other</p>")])
        defer {
            allowed.stop()
            other.stop()
        }
        let tool = fetchTool(allowing: [allowed])
        #expect(try await fetch(tool, allowed.baseURL + "/").text.hasSuffix("allowed"))
        let out = try await fetch(tool, other.baseURL + "/")
        #expect(out.text.hasPrefix("refused: 127.0.0.1 is a loopback address"))
        #expect(other.requestCount == 0)
    }

    /// An allowed 127.0.0.1:PORT1 redirects to 127.0.0.1:PORT2, which is not allowed: checked afresh, refused.
    @Test func aRedirectFromAnAllowedPortToAnotherIsRefused() async throws {
        let target = try FakeWebSite(["/secret": .html("<p>internal admin</p>")])
        let site = try FakeWebSite(["/go": .redirect(to: target.baseURL + "/secret")])
        defer {
            target.stop()
            site.stop()
        }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/go")
        #expect(out.isError)
        #expect(
            out.text == "refused: redirect from \(site.baseURL)/go to \(target.baseURL)/secret: 127.0.0.1 is a loopback address; "
                + WebFetcher.publicOnlyNote)
        #expect(target.requestCount == 0)
        #expect(site.hits("/go") == 1)
    }

    @Test func redirectsToOtherSchemesAndMetadataAreRefused() async throws {
        let site = try FakeWebSite([
            "/file": .redirect(to: "file:///etc/passwd"), "/meta": .redirect(to: "http://169.254.169.254/latest/"),
            "/ipv6": .redirect(to: "http://[::ffff:127.0.0.1]:1/"),
        ])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        #expect(
            try await fetch(tool, site.baseURL + "/file").text.hasPrefix(
                "refused: redirect from \(site.baseURL)/file to file:///etc/passwd: scheme \"file\""))
        #expect(try await fetch(tool, site.baseURL + "/meta").text.contains(": 169.254.169.254 is a cloud metadata address"))
        #expect(try await fetch(tool, site.baseURL + "/ipv6").text.contains("(which embeds 127.0.0.1) is a loopback address"))
    }

    @Test func aRedirectToAnotherAllowedPortIsFollowed() async throws {
        let target = try FakeWebSite(["/page": .html("<p>second site</p>")])
        let site = try FakeWebSite(["/go": .redirect(to: target.baseURL + "/page")])
        defer {
            target.stop()
            site.stop()
        }
        let out = try await fetch(fetchTool(allowing: [site, target]), site.baseURL + "/go")
        #expect(out.text.hasSuffix("second site"))
    }

    /// A name that is not on any list but resolves to this machine is caught at connect time,
    /// from the address the resolver returned: the DNS-rebinding case.
    @Test(.enabled(if: loopbackAlias != nil, "needs a name other than localhost that /etc/hosts maps to 127.0.0.1"))
    func aNameResolvingToLoopbackIsRefusedAtConnectTime() async throws {
        let site = try FakeWebSite(["/": .html("<p>secret</p>")])
        defer { site.stop() }
        let name = try #require(loopbackAlias)
        let out = try await fetch(fetchTool(allowing: []), "http://\(name):\(site.port)/")
        #expect(out.text.hasPrefix("refused: 127.0."))
        #expect(out.text.contains(" is a loopback address (\(name) resolved to it); "))
        #expect(site.requestCount == 0)
    }
}

/// A host name in /etc/hosts that maps to 127.0.0.1 and that no list of names refuses by itself.
let loopbackAlias: String? = {
    guard let hosts = try? String(contentsOfFile: "/etc/hosts", encoding: .utf8) else { return nil }
    for line in hosts.split(separator: "\n") {
        let fields = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.first == "127.0.0.1" || fields.first == "127.0.1.1" else { continue }
        if let name = fields.dropFirst().first(where: { !$0.lowercased().contains("localhost") }) { return String(name) }
    }
    return nil
}()
