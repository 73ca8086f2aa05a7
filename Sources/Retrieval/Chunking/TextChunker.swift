/// Chunks plain text: blank-line separated paragraphs packed greedily up to the limit, a
/// paragraph too big for one chunk split by `SlidingWindow`. Plain text has no title.
public struct TextChunker: DocumentChunker {
    /// A plain-text chunker.
    public init() {}

    /// The text split into packed paragraphs.
    public func chunk(_ text: String, limits: ChunkLimits) -> ChunkedDocument {
        let source = SourceLines(text)
        return ChunkedDocument(title: nil, chunks: Self.chunks(of: source.lines[...], headingPath: [], limits: limits))
    }

    /// The chunks of already numbered lines, all under one heading path.
    static func chunks(of lines: ArraySlice<TextLine>, headingPath: [String], limits: ChunkLimits) -> [Chunk] {
        BlockPacker(limits: limits, mergesAcrossHeadings: false).chunks(paragraphs(lines, headingPath: headingPath))
    }

    /// The maximal runs of non-blank lines.
    static func paragraphs(_ lines: ArraySlice<TextLine>, headingPath: [String]) -> [Block] {
        var blocks: [Block] = []
        var start: Int?
        for index in lines.indices {
            if lines[index].isBlank {
                if let first = start, let block = Block(lines[first..<index], headingPath: headingPath) {
                    blocks.append(block)
                }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let first = start, let block = Block(lines[first..<lines.endIndex], headingPath: headingPath) {
            blocks.append(block)
        }
        return blocks
    }
}
