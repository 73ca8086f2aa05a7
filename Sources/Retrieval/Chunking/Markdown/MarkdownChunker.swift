/// Chunks Markdown by section: ATX and setext headings give each chunk its heading path,
/// paragraphs are packed within a section, fenced code blocks stay whole unless bigger than
/// a chunk, and YAML front matter is skipped. The title is the first level-1 heading, else
/// the front matter's `title:`.
public struct MarkdownChunker: DocumentChunker {
    /// A Markdown chunker.
    public init() {}

    /// The document split by section, with its title.
    public func chunk(_ text: String, limits: ChunkLimits) -> ChunkedDocument {
        let lines = SourceLines(text).lines
        let frontMatter = FrontMatter(lines)
        var outline = MarkdownOutline()
        var blocks: [Block] = []
        var paragraphStart: Int?

        func closeParagraph(before end: Int) {
            if let start = paragraphStart, let block = Block(lines[start..<end], headingPath: outline.path) {
                blocks.append(block)
            }
            paragraphStart = nil
        }

        var index = frontMatter?.endIndex ?? 0
        while index < lines.count {
            let line = lines[index]
            if line.isBlank {
                closeParagraph(before: index)
                index += 1
            } else if let fence = MarkdownLine.fenceOpening(line.text) {
                closeParagraph(before: index)
                var end = index + 1
                while end < lines.count && !MarkdownLine.closesFence(lines[end].text, marker: fence.marker, count: fence.count) {
                    end += 1
                }
                // An unclosed fence runs to the end of the file, as CommonMark has it.
                let last = min(end, lines.count - 1)
                if let block = Block(lines[index...last], headingPath: outline.path) { blocks.append(block) }
                index = last + 1
            } else if MarkdownLine.opensComment(line.text) {
                closeParagraph(before: index)
                var end = index + 1
                while end < lines.count && !lines[end].text.contains("-->") { end += 1 }
                let last = min(end, lines.count - 1)
                if let block = Block(lines[index...last], headingPath: outline.path) { blocks.append(block) }
                index = last + 1
            } else if let heading = MarkdownLine.atxHeading(line.text), !heading.text.isEmpty {
                closeParagraph(before: index)
                outline.enter(level: heading.level, title: heading.text)
                if let block = Block(lines[index...index], headingPath: outline.path) { blocks.append(block) }
                index += 1
            } else if let start = paragraphStart, let level = MarkdownLine.setextLevel(line.text),
                lines[start..<index].allSatisfy({ MarkdownLine.canBeSetextText($0.text) })
            {
                let title = lines[start..<index].map { $0.text.trimmingASCIIWhitespace() }.joined(separator: " ")
                paragraphStart = nil
                outline.enter(level: level, title: title)
                if let block = Block(lines[start...index], headingPath: outline.path) { blocks.append(block) }
                index += 1
            } else {
                if paragraphStart == nil { paragraphStart = index }
                index += 1
            }
        }
        closeParagraph(before: lines.count)

        let chunks = BlockPacker(limits: limits, mergesAcrossHeadings: false).chunks(blocks)
        return ChunkedDocument(title: outline.firstTopLevelTitle ?? frontMatter?.title, chunks: chunks)
    }
}
