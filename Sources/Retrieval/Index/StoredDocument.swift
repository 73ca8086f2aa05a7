/// A document as the index holds it.
public struct StoredDocument: Sendable, Equatable {
    /// Row id.
    public var id: Int64
    /// "docs" for the user's documents, "web:NAME" for search corpora.
    public var collection: String
    /// Where it came from: an absolute path for files.
    public var uri: String
    /// SHA-256 of the file's bytes when it was indexed.
    public var sha256: String
    /// The file's modification time then (seconds since 1970).
    public var mtime: Double
    /// Its title, if one was found.
    public var title: String?
    /// When it was indexed (seconds since 1970).
    public var addedAt: Double
    /// How many chunks it has.
    public var chunkCount: Int
}

/// One ranked passage: a chunk with its document and score.
public struct Passage: Sendable, Equatable {
    /// The chunk's row id.
    public var chunkID: Int64
    /// The document's uri (a path for files).
    public var uri: String
    /// The document's title, if any.
    public var title: String?
    /// Headings above the passage, outermost first.
    public var headingPath: [String]
    /// The passage.
    public var text: String
    /// First line, 1-based.
    public var startLine: Int
    /// Last line, inclusive.
    public var endLine: Int
    /// The ranking's score: higher is better (BM25 negated, cosine, or fused).
    public var score: Double

    /// `path:start-end`, the form citations use.
    public var location: String { startLine == endLine ? "\(uri):\(startLine)" : "\(uri):\(startLine)-\(endLine)" }
}

/// Counts of what a collection holds.
public struct IndexStats: Sendable, Equatable {
    /// Documents.
    public var documents: Int
    /// Chunks.
    public var chunks: Int
    /// Chunks with an embedding, per embedding model.
    public var embedded: [String: Int]
    /// Bytes of chunk text.
    public var textBytes: Int
}
