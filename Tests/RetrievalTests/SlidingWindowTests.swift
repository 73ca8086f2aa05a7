import Retrieval
import Testing

@Suite struct SlidingWindowTests {
    @Test func windowsEndAtLineBreaksAndOverlapByWholeLines() {
        let text = (1...10).map { "line \($0 < 10 ? "0" : "")\($0) " + String(repeating: "x", count: 22) }.joined(separator: "\n")
        let limits = ChunkLimits(maxCharacters: 100, overlapCharacters: 35)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        #expect(chunks.map { $0.startLine...$0.endLine } == [1...3, 3...5, 5...7, 7...9, 9...10])
        #expect(chunks[0].text.hasPrefix("line 01") && chunks[0].text.hasSuffix("x") && !chunks[0].text.contains("line 04"))
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func anOverlongLineIsCutByCharactersAndKeepsItsNumber() {
        let text = "short\n" + String(repeating: "a", count: 250) + "\nend"
        let limits = ChunkLimits(maxCharacters: 100, overlapCharacters: 20)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        #expect(chunks.map { $0.startLine...$0.endLine } == [1...1, 2...2, 2...2, 2...3])
        #expect(chunks.map(\.text.count) == [5, 100, 100, 54])
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func aLongLineOfProseIsCutAtSentenceEndsWithOverlap() {
        let text = (1...40).map { "Sentence number \($0) is here." }.joined(separator: " ")
        let limits = ChunkLimits(maxCharacters: 120, overlapCharacters: 30)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        #expect(chunks.count > 8)
        for chunk in chunks.dropLast() { #expect(chunk.text.hasSuffix("."), "\(chunk.text)") }
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            let opening = next.text.prefix(12)
            #expect(previous.text.contains(opening), "no overlap between \(previous.text) and \(next.text)")
        }
        #expect(chunks.allSatisfy { $0.startLine == 1 && $0.endLine == 1 })
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func wordsAreNotCutWhenASpaceIsNear() {
        let text = (1...60).map { "word\($0)" }.joined(separator: " ")
        let limits = ChunkLimits(maxCharacters: 50, overlapCharacters: 10)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        let words = Set(text.split(separator: " "))
        for chunk in chunks {
            for word in chunk.text.split(separator: " ") { #expect(words.contains(word), "cut word \(word)") }
        }
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func blankLinesNeverStartOrEndAWindowAndWhitespaceGivesNone() {
        let text = "\n\n   \nalpha\n\n\n\nbeta\n \n"
        let chunks = SlidingWindow(limits: ChunkLimits(maxCharacters: 8, overlapCharacters: 0)).chunks(of: text)
        #expect(chunks.map(\.text) == ["alpha", "beta"])
        #expect(chunks.map { $0.startLine...$0.endLine } == [4...4, 8...8])
        #expect(SlidingWindow().chunks(of: " \n\t\n").isEmpty)
        #expect(SlidingWindow().chunks(of: "").isEmpty)
    }

    @Test func limitsCountUnicodeScalars() {
        let text = String(repeating: "界", count: 300) + "\n" + String(repeating: "🙂", count: 90)
        let limits = ChunkLimits(maxCharacters: 100, overlapCharacters: 10)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        #expect(chunks.map { $0.startLine...$0.endLine } == [1...1, 1...1, 1...1, 2...2])
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func degenerateLimitsStillTerminate() {
        let text = "ab cd\nefgh"
        let limits = ChunkLimits(maxCharacters: 1, overlapCharacters: 5)
        let chunks = SlidingWindow(limits: limits).chunks(of: text)
        #expect(chunks.map(\.text) == ["a", "b", "c", "d", "e", "f", "g", "h"])
        expectValidChunks(ChunkedDocument(title: nil, chunks: chunks), source: text, limits: limits)
    }

    @Test func firstLineAndHeadingPathAreApplied() {
        let chunks = SlidingWindow().chunks(of: "one\ntwo", firstLine: 41, headingPath: ["A", "B"])
        #expect(chunks == [Chunk(text: "one\ntwo", headingPath: ["A", "B"], startLine: 41, endLine: 42)])
    }
}
