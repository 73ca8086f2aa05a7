import Testing
import Tools

@Suite struct ReadablePageTextTests {
    @Test func keepsTextDropsScriptsAndListsLinks() {
        let html = """
            <html><head><title>A &amp; B</title><script>x()</script></head><body>
            <nav><a href="/home">Home</a></nav>
            <p>One&nbsp;two, see <a href="guide.html">the guide</a>.</p><ul><li>i</li></ul>
            </body></html>
            """
        let (title, text) = ReadablePageText().extract(html: html, baseURL: "https://example.org/docs/")
        #expect(title == "A & B")
        #expect(text == "One two, see the guide [link 1].\n\n- i\n\nLinks:\n[link 1] https://example.org/docs/guide.html")
    }

    @Test func aPageWithoutLinksHasNoLinkList() {
        let (title, text) = ReadablePageText().extract(html: "<h1>Only</h1><p>text</p>", baseURL: "")
        #expect(title == "Only")
        #expect(text == "# Only\n\ntext")
    }
}
