import Retrieval
import Testing

@Suite struct MarkdownChunkerTests {
    @Test func headingsNestIntoPaths() {
        let text = """
            # Guide
            intro

            ## Install
            ### Linux
            apt install it
            ### macOS
            brew install it
            ## Use
            run it
            """
        let document = MarkdownChunker().chunk(text)
        #expect(document.title == "Guide")
        #expect(
            document.chunks.map(\.headingPath) == [
                ["Guide"], ["Guide", "Install"], ["Guide", "Install", "Linux"], ["Guide", "Install", "macOS"], ["Guide", "Use"],
            ])
        #expect(ranges(document) == [1...2, 4...4, 5...6, 7...8, 9...10])
        #expect(document.chunks[2].text == "### Linux\napt install it")
        expectValidChunks(document, source: text)
        expectCoverage(document, source: text)
    }

    @Test func setextHeadingsCountButListsAboveARuleDoNot() {
        let text = """
            Title
            =====

            text

            Sub part
            --------
            more
            - item
            ---
            """
        let document = MarkdownChunker().chunk(text)
        #expect(document.title == "Title")
        #expect(document.chunks.map(\.headingPath) == [["Title"], ["Title", "Sub part"]])
        #expect(ranges(document) == [1...4, 6...10])
        expectValidChunks(document, source: text)
    }

    @Test func fencesHideHeadingsAndStayWhole() {
        let text = """
            # A
            ```bash
            # not a heading
            echo "{"
            ```
            ~~~
            ## still code
            ~~~
            after
            """
        let document = MarkdownChunker().chunk(text)
        #expect(document.chunks.count == 1)
        #expect(document.chunks[0].headingPath == ["A"])
        #expect(ranges(document) == [1...9])

        let limits = ChunkLimits(maxCharacters: 38, overlapCharacters: 5)
        let split = MarkdownChunker().chunk(text, limits: limits)
        #expect(ranges(split) == [1...1, 2...5, 6...9])
        #expect(split.chunks[1].text == "```bash\n# not a heading\necho \"{\"\n```")
        expectValidChunks(split, source: text, limits: limits)
    }

    @Test func aFenceBiggerThanAChunkIsWindowedUnderItsHeading() {
        let code = (1...30).map { "let value\($0) = \($0)" }.joined(separator: "\n")
        let text = "# Code\n## Sample\n```swift\n" + code + "\n```\ntail"
        let limits = ChunkLimits(maxCharacters: 120, overlapCharacters: 20)
        let document = MarkdownChunker().chunk(text, limits: limits)
        #expect(document.chunks.count > 3)
        #expect(document.chunks.dropFirst().allSatisfy { $0.headingPath == ["Code", "Sample"] })
        #expect(document.chunks.last?.endLine == 35)
        expectValidChunks(document, source: text, limits: limits)
        expectCoverage(document, source: text)
    }

    @Test func anUnclosedFenceRunsToTheEnd() {
        let text = "intro\n```\n# inside\ncode"
        let document = MarkdownChunker().chunk(text)
        #expect(document.title == nil)
        #expect(document.chunks.map(\.headingPath) == [[]])
        #expect(ranges(document) == [1...4])
    }

    @Test func frontMatterIsSkippedAndGivesTheTitleWhenThereIsNoHeading() {
        let text = "---\ntitle: \"Hello there\"\ntags: [a]\n---\nBody text\n"
        let document = MarkdownChunker().chunk(text)
        #expect(document.title == "Hello there")
        #expect(document.chunks == [Chunk(text: "Body text", startLine: 5, endLine: 5)])
        #expect(MarkdownChunker().chunk(text + "# Real title\n").title == "Real title")
        // Without a closing delimiter the first line is a thematic break, not front matter.
        #expect(ranges(MarkdownChunker().chunk("---\ntitle: x\nbody")) == [1...3])
    }

    @Test func headingSyntaxEdges() {
        let text = "#hashtag\n#\n## Closed ##\n    # indented code\nx\n<!--\n# hidden\n-->\n### C# notes"
        let document = MarkdownChunker().chunk(text)
        #expect(document.chunks.map(\.headingPath) == [[], ["Closed"], ["Closed", "C# notes"]])
        #expect(ranges(document) == [1...2, 3...8, 9...9])
        expectCoverage(document, source: text)
    }

    @Test func paragraphsPackWithinASectionOnly() {
        let paragraph = String(repeating: "word ", count: 10).trimmingCharacters(in: .whitespaces)
        let text = "# One\n\n\(paragraph)\n\n\(paragraph)\n\n\(paragraph)\n# Two\n\(paragraph)"
        let limits = ChunkLimits(maxCharacters: 110, overlapCharacters: 10)
        let document = MarkdownChunker().chunk(text, limits: limits)
        #expect(ranges(document) == [1...5, 7...7, 8...9])
        #expect(document.chunks.map(\.headingPath) == [["One"], ["One"], ["Two"]])
        expectValidChunks(document, source: text, limits: limits)
    }
}
