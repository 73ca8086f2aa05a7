import Foundation
import GRDB

/// The documents, chunks and embeddings of one collection in the agent database: writes
/// (one transaction per document, so a killed ingestion leaves every document either
/// whole or absent) and lookups.
public struct DocumentIndex: Sendable {
    /// The database.
    public let database: AgentDatabase
    /// The collection this index reads and writes.
    public let collection: String

    /// The collection of the user's own documents.
    public static let userDocuments = "docs"

    /// An index over `collection` of `database`.
    public init(database: AgentDatabase, collection: String = DocumentIndex.userDocuments) {
        self.database = database
        self.collection = collection
    }

    /// Embeddings to store with a document's chunks: one vector per chunk, in order.
    public struct Vectors: Sendable {
        /// The embedding model's name.
        public var model: String
        /// One vector per chunk.
        public var vectors: [[Float]]

        /// Vectors from `model`.
        public init(model: String, vectors: [[Float]]) {
            self.model = model
            self.vectors = vectors
        }
    }

    /// Stores a document with its chunks (and their vectors), replacing any earlier
    /// version of the same uri, in one transaction.
    @discardableResult
    public func replace(uri: String, sha256: String, mtime: Double, title: String?, chunks: [Chunk], vectors: Vectors?, now: Double)
        throws(IndexError) -> Int64
    {
        let collection = collection
        return try write { db in
            try db.execute(sql: "DELETE FROM documents WHERE collection = ? AND uri = ?", arguments: [collection, uri])
            try db.execute(
                sql: "INSERT INTO documents (collection, uri, sha256, mtime, title, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [collection, uri, sha256, mtime, title, now])
            let document = db.lastInsertedRowID
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO chunks (document_id, ord, heading_path, text, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?)")
            let insertVector = try db.cachedStatement(
                sql: "INSERT INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('chunk', ?, ?, ?, ?)")
            for (ord, chunk) in chunks.enumerated() {
                try insertChunk.execute(arguments: [
                    document, ord, Self.joinedPath(chunk.headingPath), chunk.text, chunk.startLine, chunk.endLine,
                ])
                if let vectors, ord < vectors.vectors.count {
                    let v = vectors.vectors[ord]
                    try insertVector.execute(arguments: [db.lastInsertedRowID, vectors.model, v.count, VectorBlob.data(v)])
                }
            }
            return document
        }
    }

    /// Stores vectors for chunks that already exist (backfilling a new embedder).
    public func storeVectors(model: String, _ vectors: [(chunkID: Int64, vector: [Float])]) throws(IndexError) {
        try write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('chunk', ?, ?, ?, ?)")
            for (id, v) in vectors { try insert.execute(arguments: [id, model, v.count, VectorBlob.data(v)]) }
        }
    }

    /// Removes the document at `uri`; false if there was none.
    @discardableResult
    public func remove(uri: String) throws(IndexError) -> Bool {
        let collection = collection
        return try write { db in
            try db.execute(sql: "DELETE FROM documents WHERE collection = ? AND uri = ?", arguments: [collection, uri])
            return db.changesCount > 0
        }
    }

    /// The stored document at `uri`, if any.
    public func document(uri: String) throws(IndexError) -> StoredDocument? {
        try documents(where: "d.uri = ?", [.text(uri)]).first
    }

    /// Every document of the collection, by uri.
    public func documents() throws(IndexError) -> [StoredDocument] {
        try documents(where: "1", [])
    }

    /// Documents whose uri starts with `prefix` (a folder's path with its trailing slash).
    public func documents(under prefix: String) throws(IndexError) -> [StoredDocument] {
        // substr counts code points, as unicodeScalars does.
        try documents(where: "substr(d.uri, 1, ?) = ?", [.integer(Int64(prefix.unicodeScalars.count)), .text(prefix)])
    }

    /// What the collection holds.
    public func stats() throws(IndexError) -> IndexStats {
        let collection = collection
        return try read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM documents WHERE collection = ?) AS documents,
                           count(c.id) AS chunks, coalesce(sum(length(CAST(c.text AS BLOB))), 0) AS bytes
                    FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.collection = ?
                    """, arguments: [collection, collection])
            var embedded: [String: Int] = [:]
            for r in try Row.fetchAll(
                db,
                sql: """
                    SELECT e.model AS model, count(*) AS n FROM embeddings e
                    JOIN chunks c ON e.owner_kind = 'chunk' AND c.id = e.owner_id
                    JOIN documents d ON d.id = c.document_id WHERE d.collection = ? GROUP BY e.model
                    """, arguments: [collection])
            {
                embedded[r["model"]] = r["n"]
            }
            return IndexStats(
                documents: row?["documents"] ?? 0, chunks: row?["chunks"] ?? 0, embedded: embedded, textBytes: row?["bytes"] ?? 0)
        }
    }

    /// Heading paths are stored as one string, " > " between levels, so FTS5 indexes them.
    static func joinedPath(_ path: [String]) -> String { path.joined(separator: " > ") }

    /// The stored form split back into levels.
    static func splitPath(_ stored: String) -> [String] {
        stored.isEmpty ? [] : stored.components(separatedBy: " > ")
    }

    /// A bound value of a lookup (a Sendable stand-in for GRDB's argument values).
    enum Argument: Sendable {
        case text(String)
        case integer(Int64)

        var value: any DatabaseValueConvertible {
            switch self {
            case .text(let s): s
            case .integer(let n): n
            }
        }
    }

    private func documents(where condition: String, _ arguments: [Argument]) throws(IndexError) -> [StoredDocument] {
        let collection = collection
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) AS chunk_count
                    FROM documents d WHERE d.collection = ? AND \(condition) ORDER BY d.uri
                    """, arguments: StatementArguments([collection] + arguments.map(\.value))
            ).map { r in
                StoredDocument(
                    id: r["id"], collection: r["collection"], uri: r["uri"], sha256: r["sha256"], mtime: r["mtime"],
                    title: r["title"], addedAt: r["added_at"], chunkCount: r["chunk_count"])
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(IndexError) -> T {
        do { return try database.pool.read(body) } catch { throw IndexError("reading \(database.path) failed: \(error)") }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(IndexError) -> T {
        do { return try database.pool.write(body) } catch { throw IndexError("writing \(database.path) failed: \(error)") }
    }
}

extension DocumentIndex {
    /// How many chunks of document `documentID` have a vector from `model`.
    public func embeddedChunks(documentID: Int64, model: String) throws(IndexError) -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM embeddings e JOIN chunks c ON e.owner_kind = 'chunk' AND c.id = e.owner_id
                    WHERE c.document_id = ? AND e.model = ?
                    """, arguments: [documentID, model]) ?? 0
        }
    }
}
