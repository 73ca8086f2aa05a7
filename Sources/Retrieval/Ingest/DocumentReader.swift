import COpenSSL
import Foundation

/// Reads one file into chunks: checks size, binary content, encoding and emptiness, then
/// hands the text to the chunker of its format. Every refusal is a `DocumentProblem`
/// whose message fits on one line after the path.
public struct DocumentReader: Sendable {
    /// Chunk size limits.
    public var limits: ChunkLimits
    /// Files bigger than this are skipped without being read (default 20 MB).
    public var maxBytes: Int

    /// A reader with `limits` and `maxBytes`.
    public init(limits: ChunkLimits = ChunkLimits(), maxBytes: Int = 20_000_000) {
        self.limits = limits
        self.maxBytes = maxBytes
    }

    /// A file's bytes and their SHA-256, read once: the hash decides whether the file
    /// changed before any chunking is spent on it.
    public struct Contents: Sendable {
        /// The bytes.
        public var bytes: Data
        /// Their SHA-256, hex.
        public var sha256: String
    }

    /// Reads `file`'s bytes, refusing what cannot be a document.
    public func contents(of file: DocumentWalker.File) throws(DocumentProblem) -> Contents {
        if file.size > maxBytes {
            throw DocumentProblem("skipped: \(Self.megabytes(file.size)) is over the \(Self.megabytes(maxBytes)) limit")
        }
        if DocumentFormat.isBinaryByName(file.path) { throw DocumentProblem("skipped: binary file") }
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: file.path), options: .mappedIfSafe) } catch {
            throw DocumentProblem("unreadable: \((error as NSError).localizedDescription)")
        }
        return Contents(bytes: bytes, sha256: Self.sha256(bytes))
    }

    /// The chunks of a file whose `contents` were read.
    public func chunks(of file: DocumentWalker.File, contents: Contents) throws(DocumentProblem) -> ChunkedDocument {
        let format = DocumentFormat(path: file.path)
        if format == .pdf { return try PDFText().extract(path: file.path, limits: limits) }
        let head = contents.bytes.prefix(8192)
        if head.contains(0) { throw DocumentProblem("skipped: binary file (NUL bytes)") }
        guard let text = String(validating: contents.bytes, as: UTF8.self) else {
            throw DocumentProblem("skipped: not valid UTF-8 text (convert it, e.g. iconv -t UTF-8)")
        }
        if text.allSatisfy(\.isWhitespace) { throw DocumentProblem("skipped: empty file") }
        let document = format.map { $0.chunker.chunk(text, limits: limits) } ?? TextChunker().chunk(text, limits: limits)
        if document.chunks.isEmpty { throw DocumentProblem("skipped: no text found") }
        return document
    }

    static func sha256(_ bytes: Data) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { raw in digest.withUnsafeMutableBufferPointer { ra_sha256(raw.baseAddress, raw.count, $0.baseAddress) } }
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }
}

extension DocumentFormat {
    /// The chunker for text of this format (PDF is read by `PDFText` from the file).
    var chunker: any DocumentChunker {
        switch self {
        case .markdown: MarkdownChunker()
        case .html: HTMLChunker()
        case .code(let language): CodeChunker(language: language)
        case .text, .pdf: TextChunker()
        }
    }
}
