/// Chunks source code along its declarations: each top-level declaration, with the doc
/// comments and attributes above it, is a block under the heading path of its first line
/// ("func parse(_ text: String)", "class Foo"). Small neighbours share a chunk; a
/// declaration too big for one is opened into its members, and what is still too big goes
/// through `SlidingWindow` under its heading path. Braces are counted outside strings,
/// characters and comments; Python uses indentation. A file whose braces or brackets do not
/// balance is chunked as plain text.
public struct CodeChunker: DocumentChunker {
    /// The language of the files this chunker reads.
    public var language: SourceLanguage

    /// A chunker for one language.
    public init(language: SourceLanguage) {
        self.language = language
    }

    /// The source split along its declarations.
    public func chunk(_ text: String, limits: ChunkLimits) -> ChunkedDocument {
        let source = SourceLines(text)
        let scan = CodeScanner(language: language).scan(source)
        guard scan.balanced, scan.lines.count == source.count else {
            return ChunkedDocument(title: nil, chunks: TextChunker.chunks(of: source.lines[...], headingPath: [], limits: limits))
        }
        let outline = DeclarationOutline(
            lines: source.lines, code: scan.lines, language: language, maxCharacters: SlidingWindow(limits: limits).maxCharacters)
        let blocks = outline.blocks(in: 0..<source.count)
        return ChunkedDocument(title: nil, chunks: BlockPacker(limits: limits, mergesAcrossHeadings: true).chunks(blocks))
    }
}
