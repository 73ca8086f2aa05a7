import GRDB

extension DocumentIndex {
    /// A document to store with `insert(_:model:now:)`.
    public struct NewDocument: Sendable {
        /// Where it came from (a URL for corpus articles).
        public var uri: String
        /// SHA-256 of its text.
        public var sha256: String
        /// Its title.
        public var title: String?
        /// Its chunks.
        public var chunks: [Chunk]
        /// One vector per chunk, or none.
        public var vectors: [[Float]]?

        /// A document.
        public init(uri: String, sha256: String, title: String?, chunks: [Chunk], vectors: [[Float]]? = nil) {
            self.uri = uri
            self.sha256 = sha256
            self.title = title
            self.chunks = chunks
            self.vectors = vectors
        }
    }

    /// Stores many new documents in one transaction: building a corpus of thousands of
    /// articles one transaction each would spend its time syncing the journal.
    public func insert(_ documents: [NewDocument], model: String?, now: Double) throws(IndexError) {
        let collection = collection
        try write { db in
            let insertDocument = try db.cachedStatement(
                sql: "INSERT INTO documents (collection, uri, sha256, mtime, title, added_at) VALUES (?, ?, ?, 0, ?, ?)")
            let insertChunk = try db.cachedStatement(
                sql: "INSERT INTO chunks (document_id, ord, heading_path, text, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?)")
            let insertVector = try db.cachedStatement(
                sql: "INSERT INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('chunk', ?, ?, ?, ?)")
            for document in documents {
                try insertDocument.execute(arguments: [collection, document.uri, document.sha256, document.title, now])
                let id = db.lastInsertedRowID
                for (ord, chunk) in document.chunks.enumerated() {
                    try insertChunk.execute(arguments: [
                        id, ord, Self.joinedPath(chunk.headingPath), chunk.text, chunk.startLine, chunk.endLine,
                    ])
                    if let model, let vectors = document.vectors, ord < vectors.count {
                        try insertVector.execute(arguments: [
                            db.lastInsertedRowID, model, vectors[ord].count, VectorBlob.data(vectors[ord]),
                        ])
                    }
                }
            }
        }
    }
}

extension DocumentIndex {
    /// The collections of `database` whose names start with `prefix` (e.g. "web:"), sorted.
    public static func collections(in database: AgentDatabase, prefix: String) throws(IndexError) -> [String] {
        do {
            return try database.pool.read { db in
                try String.fetchAll(
                    db, sql: "SELECT DISTINCT collection FROM documents WHERE substr(collection, 1, ?) = ? ORDER BY collection",
                    arguments: [prefix.unicodeScalars.count, prefix])
            }
        } catch {
            throw IndexError("reading \(database.path) failed: \(error)")
        }
    }
}
