/// Chunks HTML through `ReadableHTML`: blocks under the same headings are packed together,
/// a block too big for one chunk goes through `SlidingWindow`. Each chunk's lines are the
/// source lines its text came from. The title is the page's `<title>`, else its first `<h1>`.
public struct HTMLChunker: DocumentChunker {
    /// An HTML chunker.
    public init() {}

    /// The page split by section, with its title.
    public func chunk(_ text: String, limits: ChunkLimits) -> ChunkedDocument {
        let page = ReadableHTML.parse(text)
        // libxml2 numbers lines of at most 16 bits; clamping keeps every range inside the file.
        let lineCount = max(1, text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + (text.utf8.last == 0x0A ? 0 : 1))
        var lines: [TextLine] = []
        var spans: [(range: Range<Int>, block: ReadableHTML.Block)] = []
        for block in page.blocks {
            let first = min(max(1, block.line), lineCount)
            let start = lines.count
            for (offset, bytes) in block.text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                let line = Substring(bytes)
                // Preformatted text keeps its lines; elsewhere a <br> does not say where the source broke.
                let number = block.kind == .preformatted ? min(first + offset, lineCount) : first
                lines.append(TextLine(line, number: number))
            }
            spans.append((start..<lines.count, block))
        }
        let blocks = spans.compactMap { span in
            Block(lines[span.range], headingPath: span.block.headingPath, lastLine: min(max(1, span.block.endLine), lineCount))
        }
        let chunks = BlockPacker(limits: limits, mergesAcrossHeadings: false).chunks(blocks)
        return ChunkedDocument(title: page.title, chunks: chunks)
    }
}
