import AgentCore
import Foundation
import GRDB

/// Builds a search corpus into a SQLite file of its own, with the home database's schema,
/// to be opened read-only by every home on the machine.
///
/// Why a file in the cache rather than ingesting into each home: ten thousand articles
/// (and their vectors, when an embedder is set up) take seconds to minutes to index, and
/// the result is the same for everyone; built once at setup, a fresh `--home` searches at
/// once and homes stay small. The file appears under its final name only when complete.
public struct CorpusBuilder: Sendable {
    /// The collection written, e.g. "web:wikipedia".
    public var collection: String
    /// The embedder for the articles' chunks, if any.
    public var embedder: (any Embedder)?
    /// Chunks per embedding request.
    public var batchSize = 64

    /// A builder for `collection`.
    public init(collection: String, embedder: (any Embedder)?) {
        self.collection = collection
        self.embedder = embedder
    }

    /// What a build produced.
    public struct Report: Sendable, Equatable {
        /// Articles stored.
        public var articles: Int
        /// Chunks stored.
        public var chunks: Int
        /// The embedding model of the stored vectors, if any.
        public var model: String?
    }

    /// Writes `articles` to `path`, replacing any file there once the new one is complete.
    /// - Parameter progress: called with the number of articles done.
    public func build(_ articles: [CorpusArticle], into path: String, progress: @Sendable (Int) -> Void = { _ in }) async throws(IndexError)
        -> Report
    {
        let staging = path + ".building-\(ProcessInfo.processInfo.processIdentifier)"
        Self.removeAbandoned(next: path)
        Self.remove(staging)
        let report: Report
        do throws(IndexError) {
            report = try await fill(staging, from: articles, progress: progress)
        } catch {
            Self.remove(staging)
            throw error
        }
        // The database is closed here (its last reference is gone), so the rename moves a complete file.
        do {
            Self.remove(path)
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            Self.remove(staging)
            throw IndexError("cannot move the built corpus to \(path): \(error.localizedDescription)")
        }
        Self.remove(staging)
        return report
    }

    private func fill(_ staging: String, from articles: [CorpusArticle], progress: @Sendable (Int) -> Void) async throws(IndexError)
        -> Report
    {
        var report = Report(articles: 0, chunks: 0, model: embedder?.model)
        let database = try AgentDatabase(path: staging)
        let index = DocumentIndex(database: database, collection: collection)
        let window = SlidingWindow()
        let now = Date().timeIntervalSince1970
        for start in stride(from: 0, to: articles.count, by: 500) {
            if Task.isCancelled { throw IndexError("building \(staging) was cancelled") }
            var documents: [DocumentIndex.NewDocument] = []
            for article in articles[start..<min(start + 500, articles.count)] {
                let chunks = window.chunks(of: article.text, headingPath: [article.title])
                documents.append(
                    DocumentIndex.NewDocument(
                        uri: article.url, sha256: DocumentReader.sha256(Data(article.text.utf8)), title: article.title, chunks: chunks))
            }
            if let embedder {
                let texts = documents.flatMap { $0.chunks.map(Ingestion.embeddingText) }
                var vectors: [[Float]] = []
                for batch in stride(from: 0, to: texts.count, by: batchSize) {
                    do { vectors += try await embedder.embed(Array(texts[batch..<min(batch + batchSize, texts.count)])) } catch {
                        throw IndexError(
                            "embedding the corpus with \(embedder.model) failed: \(error); build it without an embedder (--embedder none)")
                    }
                }
                var next = 0
                for i in documents.indices {
                    documents[i].vectors = Array(vectors[next..<next + documents[i].chunks.count])
                    next += documents[i].chunks.count
                }
            }
            try index.insert(documents, model: embedder?.model, now: now)
            report.articles += documents.count
            report.chunks += documents.reduce(0) { $0 + $1.chunks.count }
            progress(report.articles)
        }
        // One self-contained file: fold the write-ahead log back in before it is moved.
        do { try await database.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } } catch {
            throw IndexError("cannot finish \(staging): \(error)")
        }
        return report
    }

    /// Removes what builds that were killed left next to `path`: a staging file whose
    /// process is gone (a build still running keeps its own).
    private static func removeAbandoned(next path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".building-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = Int32(digits), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }

    /// Removes a database file with its write-ahead log and shared-memory index.
    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
