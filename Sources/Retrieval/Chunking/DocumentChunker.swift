/// Splits one kind of document (plain text, Markdown, source code, HTML) into chunks.
public protocol DocumentChunker: Sendable {
    /// The document's chunks and title; never an empty or whitespace-only chunk, never one
    /// longer than `limits.maxCharacters`.
    func chunk(_ text: String, limits: ChunkLimits) -> ChunkedDocument
}

extension DocumentChunker {
    /// The document chunked with the default limits.
    public func chunk(_ text: String) -> ChunkedDocument {
        chunk(text, limits: ChunkLimits())
    }
}
