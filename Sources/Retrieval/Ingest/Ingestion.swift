import AgentCore
import Foundation

/// Brings files into a `DocumentIndex`: walks, skips unchanged files by hash, chunks,
/// embeds, and stores each document in its own transaction, so a killed run leaves the
/// index consistent and a rerun finishes the job.
public struct Ingestion: Sendable {
    /// Where documents go.
    public let index: DocumentIndex
    /// The embedder, if any; a failing one is dropped for the rest of the run (search then
    /// falls back to BM25 for the chunks it did not embed).
    public let embedder: (any Embedder)?
    /// How files are read.
    public let reader: DocumentReader
    /// Embedding requests carry this many chunks.
    public var batchSize = 32

    /// An ingestion into `index`.
    public init(index: DocumentIndex, embedder: (any Embedder)?, reader: DocumentReader = DocumentReader()) {
        self.index = index
        self.embedder = embedder
        self.reader = reader
    }

    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Files indexed for the first time.
        public var added = 0
        /// Files indexed again because they changed.
        public var updated = 0
        /// Files skipped because their hash was unchanged.
        public var unchanged = 0
        /// Documents removed because their file vanished.
        public var removed = 0
        /// Chunks written.
        public var chunks = 0
        /// Chunks embedded.
        public var embedded = 0
        /// One line per file that was skipped, "path: reason".
        public var problems: [String] = []
        /// Why embedding stopped, if it failed.
        public var embedderFailure: String?

        /// An empty report.
        public init() {}
    }

    /// Progress after each file.
    public struct Progress: Sendable {
        /// Files handled so far.
        public var files: Int
        /// Files found in all.
        public var totalFiles: Int
        /// Chunks written so far.
        public var chunks: Int
        /// Chunks embedded so far.
        public var embedded: Int
        /// The file just handled.
        public var path: String
    }

    /// Indexes `paths` (files and folders). With `removeVanished`, documents under the
    /// folders walked whose files are gone are removed too (`docs sync`).
    /// - Parameters:
    ///   - now: the time recorded as added_at.
    ///   - progress: called after each file.
    public func run(_ paths: [String], removeVanished: Bool, now: @Sendable () -> Double, progress: @Sendable (Progress) -> Void = { _ in })
        async throws(IndexError) -> Report
    {
        let walk = DocumentWalker().walk(paths)
        var report = Report()
        report.problems = walk.skipped.map { "\($0.path): \($0.reason)" }
        try index.addRoots(walk.named, now: now())
        var embedder = self.embedder
        for (done, file) in walk.files.enumerated() {
            if Task.isCancelled { break }
            defer {
                progress(
                    Progress(
                        files: done + 1, totalFiles: walk.files.count, chunks: report.chunks, embedded: report.embedded, path: file.path))
            }
            let existing = try index.document(uri: file.path)
            let contents: DocumentReader.Contents
            do throws(DocumentProblem) { contents = try reader.contents(of: file) } catch {
                report.problems.append("\(file.path): \(error.message)")
                continue
            }
            if let existing, existing.sha256 == contents.sha256, try !needsVectors(existing, embedder) {
                report.unchanged += 1
                continue
            }
            let document: ChunkedDocument
            do throws(DocumentProblem) { document = try reader.chunks(of: file, contents: contents) } catch {
                report.problems.append("\(file.path): \(error.message)")
                continue
            }
            var vectors: DocumentIndex.Vectors?
            if let current = embedder {
                do {
                    vectors = DocumentIndex.Vectors(model: current.model, vectors: try await embed(document.chunks, with: current))
                    report.embedded += document.chunks.count
                } catch {
                    report.embedderFailure = "\(error)"
                    embedder = nil
                }
            }
            try index.replace(
                uri: file.path, sha256: contents.sha256, mtime: file.mtime, title: document.title, chunks: document.chunks,
                vectors: vectors, now: now())
            report.chunks += document.chunks.count
            if existing == nil { report.added += 1 } else { report.updated += 1 }
        }
        if removeVanished && !Task.isCancelled {
            // A file or folder named that is gone as a whole: what was indexed from it vanished.
            for path in walk.missing {
                try index.removeRoots(under: path)
                let uris = try index.documents(under: path + "/").map(\.uri) + (try index.document(uri: path) == nil ? [] : [path])
                for uri in uris where try index.remove(uri: uri) { report.removed += 1 }
            }
            let found = Set(walk.files.map(\.path))
            for root in walk.roots {
                for document in try index.documents(under: root + "/")
                where !found.contains(document.uri) && !FileManager.default.fileExists(atPath: document.uri) {
                    if try index.remove(uri: document.uri) { report.removed += 1 }
                }
            }
        }
        return report
    }

    /// Whether `document` lacks vectors from `embedder` (an embedder was added since).
    private func needsVectors(_ document: StoredDocument, _ embedder: (any Embedder)?) throws(IndexError) -> Bool {
        guard let embedder else { return false }
        return try index.embeddedChunks(documentID: document.id, model: embedder.model) < document.chunkCount
    }

    private func embed(_ chunks: [Chunk], with embedder: any Embedder) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(chunks.count)
        for start in stride(from: 0, to: chunks.count, by: batchSize) {
            let batch = chunks[start..<min(start + batchSize, chunks.count)]
            vectors += try await embedder.embed(batch.map(Self.embeddingText))
        }
        return vectors
    }

    /// What is embedded for a chunk: its heading path, then its text.
    static func embeddingText(_ chunk: Chunk) -> String {
        chunk.headingPath.isEmpty ? chunk.text : chunk.headingPath.joined(separator: " > ") + "\n" + chunk.text
    }
}
