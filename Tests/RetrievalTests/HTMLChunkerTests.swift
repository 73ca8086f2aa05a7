import Retrieval
import Testing

@Suite struct HTMLChunkerTests {
    @Test func sectionsBecomeChunksWithTheirSourceLines() {
        let html = """
            <html><head><title>Manual</title></head><body>
            <h1>Manual</h1>
            <p>Intro.</p>
            <h2>Install</h2>
            <p>Run the
            installer.</p>
            <h3>Linux</h3>
            <ul>
            <li>apt</li>
            <li>dnf</li>
            </ul>
            <h2>Use</h2>
            <p>Start it.</p>
            </body></html>
            """
        let document = HTMLChunker().chunk(html)
        #expect(document.title == "Manual")
        #expect(
            document.chunks == [
                Chunk(text: "Manual\nIntro.", headingPath: ["Manual"], startLine: 2, endLine: 3),
                Chunk(text: "Install\nRun the installer.", headingPath: ["Manual", "Install"], startLine: 4, endLine: 6),
                Chunk(text: "Linux\n\n- apt\n- dnf", headingPath: ["Manual", "Install", "Linux"], startLine: 7, endLine: 10),
                Chunk(text: "Use\nStart it.", headingPath: ["Manual", "Use"], startLine: 12, endLine: 13),
            ])
        expectValidChunks(document, source: html, textFromSource: false)
    }

    @Test func anOversizeParagraphIsWindowedWithinItsLines() {
        let sentences = (1...40).map { "Sentence \($0) says a little more." }
        let html = "<h1>Long</h1>\n<p>\n" + sentences.joined(separator: "\n") + "\n</p>\n<p>After.</p>\n"
        let limits = ChunkLimits(maxCharacters: 200, overlapCharacters: 40)
        let document = HTMLChunker().chunk(html, limits: limits)
        #expect(document.chunks.count > 6)
        #expect(document.chunks.allSatisfy { $0.headingPath == ["Long"] })
        let windows = document.chunks.dropFirst().dropLast()
        #expect(windows.allSatisfy { $0.startLine == 3 && $0.endLine == 42 })
        #expect(document.chunks.last == Chunk(text: "After.", headingPath: ["Long"], startLine: 44, endLine: 44))
        expectValidChunks(document, source: html, limits: limits, textFromSource: false)
    }

    @Test func preformattedBlocksKeepLineNumbersPerLine() {
        let code = (1...30).map { "line \($0) of code" }.joined(separator: "\n")
        let html = "<p>Before.</p>\n<pre>\(code)\n</pre>"
        let limits = ChunkLimits(maxCharacters: 100, overlapCharacters: 20)
        let document = HTMLChunker().chunk(html, limits: limits)
        #expect(document.chunks.first?.text == "Before.")
        #expect(document.chunks.dropFirst().first?.startLine == 2)
        #expect(document.chunks.last?.endLine == 31)
        for chunk in document.chunks.dropFirst() {
            let first = chunk.text.split(separator: "\n").first ?? ""
            #expect(first == "line \(chunk.startLine - 1) of code")
        }
        expectValidChunks(document, source: html, limits: limits, textFromSource: false)
    }

    @Test func everyChunkFitsForANoisyPage() {
        var generator = SeededGenerator(seed: 7)
        let pieces = [
            "<p>", "</p>", "<div>", "<h2>", "</h2>", "<li>", "<td>", "<tr>", "<pre>", "</pre>", "<br>", "\n", "word ", "&amp;", "界",
            "<a href=x>", "</a>", "<script>", "</script>",
        ]
        for _ in 0..<10 {
            let html = (0..<600).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let limits = ChunkLimits(maxCharacters: 60, overlapCharacters: 10)
            let document = HTMLChunker().chunk(html, limits: limits)
            expectValidChunks(document, source: html, limits: limits, textFromSource: false)
        }
    }

    @Test func aPageWithNoTextHasNoChunks() {
        #expect(
            HTMLChunker().chunk("<html><head><title>T</title></head><body><nav>x</nav></body></html>")
                == ChunkedDocument(title: "T", chunks: []))
    }
}
