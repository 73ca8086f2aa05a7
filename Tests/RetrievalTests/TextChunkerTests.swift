import Retrieval
import Testing

@Suite struct TextChunkerTests {
    @Test func paragraphsArePackedWithOneBlankLineBetween() {
        let text = "a\nb\n\nc\n\n\nd\n"
        let document = TextChunker().chunk(text)
        #expect(document.title == nil)
        #expect(document.chunks == [Chunk(text: "a\nb\n\nc\n\nd", startLine: 1, endLine: 7)])
        expectValidChunks(document, source: text)
    }

    @Test func packingStopsAtTheLimit() {
        let paragraph = String(repeating: "p", count: 50)
        let text = Array(repeating: paragraph, count: 5).joined(separator: "\n\n")
        let limits = ChunkLimits(maxCharacters: 120, overlapCharacters: 20)
        let document = TextChunker().chunk(text, limits: limits)
        #expect(ranges(document) == [1...3, 5...7, 9...9])
        #expect(document.chunks[0].text == paragraph + "\n\n" + paragraph)
        expectValidChunks(document, source: text, limits: limits)
        expectCoverage(document, source: text)
    }

    @Test func anOversizeParagraphGoesThroughTheWindow() {
        let long = (1...12).map { "Line \($0) of a long paragraph." }.joined(separator: "\n")
        let text = "Intro.\n\n" + long + "\n\nOutro."
        let limits = ChunkLimits(maxCharacters: 100, overlapCharacters: 40)
        let document = TextChunker().chunk(text, limits: limits)
        #expect(document.chunks.first == Chunk(text: "Intro.", startLine: 1, endLine: 1))
        #expect(document.chunks.last == Chunk(text: "Outro.", startLine: 16, endLine: 16))
        let windows = document.chunks.dropFirst().dropLast()
        #expect(windows.first?.startLine == 3 && windows.last?.endLine == 14)
        for (previous, next) in zip(windows, windows.dropFirst()) {
            #expect(
                next.startLine <= previous.endLine,
                "windows \(previous.startLine)-\(previous.endLine) and \(next.startLine)- do not overlap")
        }
        expectValidChunks(document, source: text, limits: limits)
        expectCoverage(document, source: text)
    }

    @Test func carriageReturnsAreDropped() {
        let document = TextChunker().chunk("one\r\ntwo\r\n\r\nthree\r\n")
        #expect(document.chunks == [Chunk(text: "one\ntwo\n\nthree", startLine: 1, endLine: 4)])
    }

    @Test func emptyAndBlankTextGiveNoChunks() {
        #expect(TextChunker().chunk("").chunks.isEmpty)
        #expect(TextChunker().chunk("\n \n\t\n").chunks.isEmpty)
    }
}
