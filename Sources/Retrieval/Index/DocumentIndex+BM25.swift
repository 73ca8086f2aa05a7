import GRDB

extension DocumentIndex {
    /// The `k` chunks that best match `query` by BM25 over heading path and text, a heading
    /// match counting `headingWeight` times a match in the text. Scores are BM25 negated,
    /// so higher is better.
    ///
    /// When the database holds this collection alone (the usual case), FTS5 ranks first and
    /// only the `k` best rows are joined to their chunks and documents: joining every
    /// matching row before sorting took about three times as long at 100k chunks
    /// (docs/BENCHMARKS.md, retrieval quality). With other collections beside it (a batch's tasks,
    /// `web:` corpora) the collection is filtered before ranking, as it must be.
    public func searchBM25(_ query: String, k: Int, headingWeight: Double = 2) throws(IndexError) -> [Passage] {
        guard k > 0, let match = FTSQuery.match(query) else { return [] }
        let collection = collection
        return try read { db in
            // The UNIQUE (collection, uri) index answers this without a scan.
            let others = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM documents WHERE collection < ? OR collection > ?)",
                arguments: [collection, collection])
            let alone = others == false
            let sql =
                alone
                ? """
                SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title, r.score
                FROM (SELECT rowid AS id, bm25(chunks_fts, ?, 1.0) AS score FROM chunks_fts
                      WHERE chunks_fts MATCH ? ORDER BY score, rowid LIMIT ?) r
                JOIN chunks c ON c.id = r.id JOIN documents d ON d.id = c.document_id
                ORDER BY r.score, c.id
                """
                : """
                SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title,
                       bm25(chunks_fts, ?, 1.0) AS score
                FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
                WHERE chunks_fts MATCH ? AND d.collection = ?
                ORDER BY score, c.id LIMIT ?
                """
            let arguments: StatementArguments = alone ? [headingWeight, match, k] : [headingWeight, match, collection, k]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { Self.passage($0, score: -($0["score"] as Double)) }
        }
    }

    /// The passages of the chunks `ids`, in the order given, each with `scores[id]`.
    public func passages(_ ids: [Int64], scores: [Int64: Double]) throws(IndexError) -> [Passage] {
        guard !ids.isEmpty else { return [] }
        let found = try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title
                    FROM chunks c JOIN documents d ON d.id = c.document_id
                    WHERE c.id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))
                    """, arguments: StatementArguments(ids))
            return Dictionary(rows.map { (($0["id"] as Int64), Self.passage($0, score: 0)) }, uniquingKeysWith: { a, _ in a })
        }
        return ids.compactMap { id in
            found[id].map {
                var p = $0; p.score = scores[id] ?? 0; return p
            }
        }
    }

    static func passage(_ row: Row, score: Double) -> Passage {
        Passage(
            chunkID: row["id"], uri: row["uri"], title: row["title"], headingPath: splitPath(row["heading_path"]),
            text: row["text"], startLine: row["start_line"], endLine: row["end_line"], score: score)
    }
}
