import Testing
@testable import Tools

@Suite struct PageWindowTests {
    func page(_ text: String, title: String? = "T") -> ReadablePage {
        ReadablePage(
            finalURL: "https://example.org/p", redirects: [], title: title, text: text, characterCount: text.count,
            mediaType: "text/html", cutAtBytes: nil)
    }

    @Test func aShortPageIsShownWhole() {
        #expect(
            PageWindow.render(page("hello world"), number: 2, requestedURL: "https://example.org/p", offset: 0, length: 100)
                == "[2] T\nURL: https://example.org/p\ntext/html, 11 characters\n\nhello world")
    }

    @Test func partsEndAtAWordAndSayWhereToGoOn() {
        let text = (1...50).map { "word\($0)" }.joined(separator: " ")
        let out = PageWindow.render(page(text), number: 1, requestedURL: "https://example.org/p", offset: 0, length: 100)
        let body = out.components(separatedBy: "\n\n")[1]
        #expect(body.hasSuffix(" "))
        #expect(!body.hasSuffix("wor "))
        #expect(out.contains("characters 1-\(body.count) below"))
        #expect(out.hasSuffix("Call fetch_url with {\"offset\":\(body.count),\"url\":\"https://example.org/p\"} for the next part.]"))
    }

    @Test func aPartStaysWithinTheOutputCap() {
        let text = String(repeating: "東京", count: 20_000)  // 3 bytes a character
        let out = PageWindow.render(
            page(text), number: 1, requestedURL: "https://example.org/p", offset: 0, length: 40_000, maxBytes: 65_536)
        #expect(out.utf8.count <= 65_536)
        #expect(out.hasSuffix("for the next part.]"))
    }

    @Test func grouping() {
        #expect(PageWindow.group(0) == "0")
        #expect(PageWindow.group(999) == "999")
        #expect(PageWindow.group(1000) == "1,000")
        #expect(PageWindow.group(5_242_880) == "5,242,880")
    }
}
