/// One passage of a document: the unit that is indexed, embedded, ranked and cited.
public struct Chunk: Sendable, Equatable, Codable {
    /// The passage's text as it is indexed and shown.
    public var text: String
    /// The headings (or enclosing declarations) above the passage, outermost first, e.g.
    /// ["Install", "Linux"]. Indexed with the text, so "linux install" finds it.
    public var headingPath: [String]
    /// First line of the passage in the source file, 1-based.
    public var startLine: Int
    /// Last line of the passage in the source file, 1-based and inclusive.
    public var endLine: Int

    /// Creates a chunk.
    public init(text: String, headingPath: [String] = [], startLine: Int, endLine: Int) {
        self.text = text
        self.headingPath = headingPath
        self.startLine = startLine
        self.endLine = endLine
    }
}

/// How big a chunk may be. all-MiniLM-L6-v2 reads at most 256 word pieces; English prose
/// averages about four characters per piece and code about three, so 800 characters keeps
/// nearly every chunk whole for the embedder.
public struct ChunkLimits: Sendable, Equatable {
    /// Upper bound on a chunk's text, in characters (Unicode scalars).
    public var maxCharacters: Int
    /// How much consecutive sliding-window chunks share, in characters.
    public var overlapCharacters: Int

    /// Creates limits; the defaults suit all-MiniLM-L6-v2.
    public init(maxCharacters: Int = 800, overlapCharacters: Int = 120) {
        self.maxCharacters = maxCharacters
        self.overlapCharacters = overlapCharacters
    }
}

/// A document split into chunks, with the title found in it, if any.
public struct ChunkedDocument: Sendable, Equatable {
    /// The document's title (first heading, HTML <title>, PDF metadata), if it has one.
    public var title: String?
    /// The chunks in document order.
    public var chunks: [Chunk]

    /// Creates a chunked document.
    public init(title: String?, chunks: [Chunk]) {
        self.title = title
        self.chunks = chunks
    }
}
