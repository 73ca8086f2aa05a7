import Retrieval
import Testing

@Suite struct ReadableHTMLTests {
    static let guide = """
        <!DOCTYPE html>
        <html><head><title> Swift   Guide </title>
        <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
        <body>
        <header><nav><a href="/">Home</a> <a href="/docs">Docs</a></nav></header>
        <main><article>
        <h1>Getting <em>started</em></h1>
        <p>Install the <a href="/tools/swiftly">swiftly</a> tool,
        then read the <a href="https://swift.org/docs">docs</a>&nbsp;&amp; more.</p>
        <h2>Steps</h2>
        <ul><li>Download</li><li>Run <code>swiftly init</code><ul><li>Nested</li></ul></li></ul>
        <table><tr><th>OS</th><th>Status</th></tr>
        <tr><td>Linux</td><td>supported <a href="#fn">*</a></td></tr></table>
        <pre>
        let x = 1
          print(x)
        </pre>
        <blockquote><p>Quoted text.</p></blockquote>
        <form><label>Name <input name=q></label><button>Go</button></form>
        <noscript>Enable JS</noscript><template><p>hidden</p></template>
        <svg><text>svg text</text></svg>
        <div hidden>secret</div><div aria-hidden="true">also secret</div>
        <p>See <a href="https://swift.org/docs">the docs</a> again<br>and a new line.</p>
        </article></main>
        <aside>Related posts</aside>
        <footer>Copyright</footer>
        </body></html>
        """

    @Test func boilerplateIsDroppedAndBlocksKeepTheirLines() {
        let page = ReadableHTML.parse(Self.guide, baseURL: "https://example.com/guide/")
        #expect(page.title == "Swift Guide")
        let started = ["Getting started"]
        let steps = ["Getting started", "Steps"]
        #expect(
            page.blocks == [
                .init(kind: .heading(level: 1), text: "Getting started", line: 7, endLine: 7, headingPath: started),
                .init(
                    kind: .paragraph, text: "Install the swiftly [link 1] tool, then read the docs [link 2] & more.", line: 8, endLine: 9,
                    headingPath: started),
                .init(kind: .heading(level: 2), text: "Steps", line: 10, endLine: 10, headingPath: steps),
                .init(kind: .listItem, text: "- Download", line: 11, endLine: 11, headingPath: steps),
                .init(kind: .listItem, text: "- Run swiftly init", line: 11, endLine: 11, headingPath: steps),
                .init(kind: .listItem, text: "  - Nested", line: 11, endLine: 11, headingPath: steps),
                .init(kind: .tableRow, text: "OS | Status", line: 12, endLine: 12, headingPath: steps),
                .init(kind: .tableRow, text: "Linux | supported *", line: 13, endLine: 13, headingPath: steps),
                .init(kind: .preformatted, text: "let x = 1\n  print(x)", line: 15, endLine: 16, headingPath: steps),
                .init(kind: .quote, text: "Quoted text.", line: 18, endLine: 18, headingPath: steps),
                .init(kind: .paragraph, text: "See the docs [link 2] again\nand a new line.", line: 23, endLine: 23, headingPath: steps),
            ])
        #expect(page.links == ["https://example.com/tools/swiftly", "https://swift.org/docs"])
        for hidden in [
            "Home", "Docs", "no</p>", "color", "Go", "Enable JS", "hidden", "svg text", "secret", "Related", "Copyright", "Name",
        ] {
            #expect(!page.text.contains(hidden), "\(hidden) should be gone")
        }
    }

    @Test func textReadsLikeAPage() {
        let page = ReadableHTML.parse(Self.guide)
        #expect(page.text.hasPrefix("# Getting started\n\nInstall the swiftly [link 1] tool"))
        #expect(
            page.text.contains(
                "## Steps\n\n- Download\n- Run swiftly init\n  - Nested\n\nOS | Status\nLinux | supported *\n\nlet x = 1\n  print(x)"))
        #expect(page.links.first == "/tools/swiftly")
    }

    @Test func linksAreNumberedOnceAndAnchorsScriptsAndEmptyLinksAreSkipped() {
        let html = """
            <p><a href="b.html">B</a> <a href="#top">top</a> <a href="javascript:void(0)">js</a>
            <a href="https://x.org/"><img src="x.png"></a> <a href="b.html">B again</a> <a href=" c.html ">C</a></p>
            """
        let page = ReadableHTML.parse(html, baseURL: "https://site.example/dir/page.html")
        #expect(page.links == ["https://site.example/dir/b.html", "https://site.example/dir/c.html"])
        #expect(page.blocks.map(\.text) == ["B [link 1] top js B again [link 1] C [link 2]"])
    }

    @Test func theFirstTopHeadingStandsInForAMissingTitle() {
        #expect(ReadableHTML.parse("<h2>Minor</h2><h1>Main</h1><h1>Other</h1>").title == "Main")
        #expect(ReadableHTML.parse("<p>No headings</p>").title == nil)
        #expect(ReadableHTML.parse("<title>  </title><h1>Fallback</h1>").title == "Fallback")
    }

    @Test func brokenHTMLIsReadAnyway() {
        let html = "<div><p>First <b>bold\n<p>Second</div></span><li>loose item\n<h3>Deep</h3>tail text<table><td>cell"
        let page = ReadableHTML.parse(html)
        #expect(page.blocks.map(\.text) == ["First bold", "Second", "- loose item", "Deep", "tail text", "cell"])
        #expect(page.blocks.map(\.line) == [1, 2, 2, 3, 3, 3])
        #expect(page.blocks.last?.headingPath == ["Deep"])
    }

    @Test func entitiesAndNonASCIITextSurvive() {
        let page = ReadableHTML.parse("<meta charset=\"iso-8859-1\"><p>caf&eacute; &lt;tag&gt; 界 🙂 &#x263A; &bogus;</p>")
        #expect(page.blocks.map(\.text) == ["café <tag> 界 🙂 ☺ &bogus;"])
    }

    @Test func emptyAndTextlessInputGiveNothing() {
        #expect(ReadableHTML.parse("") == ReadableHTML(title: nil, blocks: [], links: []))
        #expect(ReadableHTML.parse("<script>x()</script><style></style>").blocks.isEmpty)
        #expect(ReadableHTML.parse("   \n ").blocks.isEmpty)
    }

    @Test func deepNestingIsSafeOnATaskStack() async {
        let html = String(repeating: "<div><span>", count: 3000) + "deep" + String(repeating: "</span></div>", count: 3000)
        let page = await Task.detached { ReadableHTML.parse(html) }.value
        #expect(page.blocks.allSatisfy { !$0.text.isEmpty })
    }
}
