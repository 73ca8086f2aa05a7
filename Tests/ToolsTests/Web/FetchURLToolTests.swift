import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Tools

@Suite struct FetchURLToolTests {
    @Test func anArticleBecomesANumberedTaintedSource() async throws {
        let site = try FakeWebSite(["/article": .html(WebPageFixtures.article)])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/article")
        #expect(!out.isError)
        #expect(out.tainted)
        let source = try #require(out.sources.first)
        #expect(out.sources.count == 1 && source.number == 1 && source.source.kind == .url)
        #expect(source.source.ref == site.baseURL + "/article")
        #expect(source.source.title?.hasPrefix("Vector search at scale") == true)
        #expect(out.text.hasPrefix("[1] Vector search at scale"))
        #expect(out.text.contains("\nURL: \(site.baseURL)/article\ntext/html, "))
        #expect(out.text.contains("10 million"))
        #expect(out.text.contains("HNSW (M=16)"))
        #expect(!out.text.contains("SCRIPT-CONTENT-MUST-NOT-APPEAR"))
        #expect(!out.text.contains("INLINE-SCRIPT-MUST-NOT-APPEAR"))
        let visit = try #require(site.visits.last)
        #expect(visit.header("User-Agent")?.hasPrefix("research-agent/") == true)
        #expect(visit.header("Accept")?.hasPrefix("text/html") == true)
    }

    @Test func numbersContinueTheRunsCatalog() async throws {
        let site = try FakeWebSite(["/a": .html("<title>A</title><p>a</p>"), "/b": .html("<p>b</p>")])
        defer { site.stop() }
        var catalog = SourceCatalog()
        _ = catalog.number(for: Source(kind: .url, ref: "https://example.org/one"))
        _ = catalog.number(for: Source(kind: .url, ref: site.baseURL + "/b"))
        let tool = fetchTool(allowing: [site])
        let a = try await fetch(tool, site.baseURL + "/a", sources: catalog)
        #expect(a.sources.map(\.number) == [3])
        #expect(a.text.hasPrefix("[3] A\n"))
        let b = try await fetch(tool, site.baseURL + "/b", sources: catalog)
        #expect(b.sources.map(\.number) == [2])
        #expect(b.text.hasPrefix("[2] \(site.baseURL)/b\n"))  // no title: the URL stands in
    }

    /// The seam: the extractor gets Unicode text and the final URL, whatever the bytes were.
    @Test func theExtractorGetsDecodedHTMLAndTheFinalURL() async throws {
        let site = try FakeWebSite([
            "/old": .redirect(to: "/latin1", status: 301),
            "/latin1": .typed("text/html; charset=ISO-8859-1", WebPageFixtures.latin1Page),
        ])
        defer { site.stop() }
        let recorder = RecordingPageText()
        let out = try await fetch(fetchTool(allowing: [site], pageText: recorder), site.baseURL + "/old")
        let call = try #require(recorder.received.first)
        #expect(call.baseURL == site.baseURL + "/latin1")
        #expect(call.html.contains("Garçon, un café crème et une crêpe, s'il vous plaît. Prix: 5 £."))
        #expect(out.text.contains("URL: \(site.baseURL)/latin1 (redirected from \(site.baseURL)/old)"))
        #expect(out.sources.first?.source.ref == site.baseURL + "/latin1")
    }

    @Test func charsetsFromMetaTagsAndHeaders() async throws {
        let site = try FakeWebSite([
            "/cp1252": .typed("text/html", WebPageFixtures.windows1252Page),
            "/sjis": .typed("text/html", WebPageFixtures.shiftJISPage),
            "/plain": .typed("text/plain; charset=windows-1252", Array("naïve €".data(using: .windowsCP1252) ?? Data())),
        ])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        #expect(try await fetch(tool, site.baseURL + "/cp1252").text.contains("“Smart quotes” cost 10 € — or so."))
        let sjis = try await fetch(tool, site.baseURL + "/sjis")
        #expect(sjis.text.contains("東京の天気は晴れです。"))
        #expect(sjis.sources.first?.source.title == "日本語")
        #expect(try await fetch(tool, site.baseURL + "/plain").text.hasSuffix("naïve €"))
    }

    @Test func textAndJSONPassThrough() async throws {
        let json = #"{"name": "<b>not html</b>", "list": [1, 2, 3]}"#
        let text = "Line one\n  indented <tag> stays\nLine three"
        let site = try FakeWebSite([
            "/data.json": .typed("application/json", Array(json.utf8)),
            "/notes.txt": .typed("text/plain", Array(text.utf8)),
            "/untyped": FakeWebSite.Page(body: Array(text.utf8)),
        ])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        let j = try await fetch(tool, site.baseURL + "/data.json")
        #expect(j.text.hasSuffix("application/json, \(json.count) characters\n\n\(json)"))
        #expect(try await fetch(tool, site.baseURL + "/notes.txt").text.hasSuffix("\n\n" + text))
        #expect(try await fetch(tool, site.baseURL + "/untyped").text.contains("text/plain"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext"), "needs poppler-utils"))
    func pdfThroughPdftotext() async throws {
        let pdf = [UInt8](MinimalPDF.text(pages: [["Quarterly report", "Revenue grew 12 percent."]]))
        let site = try FakeWebSite(["/report.pdf": .typed("application/pdf", pdf), "/sniffed": .typed("application/octet-stream", pdf)])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        let out = try await fetch(tool, site.baseURL + "/report.pdf")
        #expect(!out.isError, "\(out.text)")
        #expect(out.text.contains("Quarterly report"))
        #expect(out.text.contains("Revenue grew 12 percent."))
        #expect(try await fetch(tool, site.baseURL + "/sniffed").text.contains("application/pdf"))
        let cut = try await fetch(tool, site.baseURL + "/report.pdf?again") { $0.extra["max_download_bytes"] = 100 }
        #expect(cut.isError && cut.text.contains("a partial PDF cannot be read"))
    }

    @Test func imagesAreNotPages() async throws {
        let site = try FakeWebSite(["/logo.png": .typed("image/png", [0x89, 0x50, 0x4E, 0x47] + [UInt8](repeating: 0, count: 1000))])
        defer { site.stop() }
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/logo.png")
        #expect(out.isError)
        #expect(out.text == "\(site.baseURL)/logo.png is image/png, not a page; fetch_url reads HTML, text, JSON and PDF")
        #expect(!out.tainted)
    }

    @Test func gzipIsDecoded() async throws {
        let html = WebPageFixtures.article
        var page = FakeWebSite.Page.html(html)
        page.body = try gzipped(Array(html.utf8))
        page.headers.append(FakeWebSite.HTTPField("Content-Encoding", "gzip"))
        let site = try FakeWebSite(["/gz": page])
        defer { site.stop() }
        #expect(page.body.count < html.utf8.count)
        let out = try await fetch(fetchTool(allowing: [site]), site.baseURL + "/gz")
        #expect(out.text.contains("Measured recall"))
        #expect(site.visits.last?.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test func statusErrorsSayWhichStatus() async throws {
        let site = try FakeWebSite(["/gone": FakeWebSite.Page(status: 410, body: Array("gone".utf8))])
        defer { site.stop() }
        let tool = fetchTool(allowing: [site])
        #expect(try await fetch(tool, site.baseURL + "/gone").text == "HTTP 410 from \(site.baseURL)/gone")
        #expect(try await fetch(tool, site.baseURL + "/missing").text == "HTTP 404 from \(site.baseURL)/missing")
    }

    @Test func textThatIsNotAURLIsAnError() async throws {
        let out = try await fetch(fetchTool(allowing: []), "no such thing")
        #expect(out.isError && out.text.hasPrefix("fetch_url: \"no such thing\" is not a URL"))
    }
}
