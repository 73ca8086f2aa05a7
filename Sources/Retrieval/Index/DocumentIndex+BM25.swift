import GRDB

extension DocumentIndex {
    /// The `k` chunks that best match `query` by BM25 over heading path and text, a heading
    /// match counting `headingWeight` times a match in the text. Scores are BM25 negated,
    /// so higher is better.
    ///
    /// FTS5 ranks first and only the `k` best rows are joined to their chunks and
    /// documents: joining every matching row before sorting took three times as long at
    /// 100k chunks (24 against 8 ms, measured with SQLite 3.40). When another collection
    /// took some of those `k` places, the ranking is redone with the collection filtered
    /// inside it, so the result is always exact.
    public func searchBM25(_ query: String, k: Int, headingWeight: Double = 2) throws(IndexError) -> [Passage] {
        guard k > 0, let match = FTSQuery.match(query) else { return [] }
        let collection = collection
        return try read { db in
            let best = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title, d.collection, r.score
                    FROM (SELECT rowid AS id, bm25(chunks_fts, ?, 1.0) AS score FROM chunks_fts
                          WHERE chunks_fts MATCH ? ORDER BY score, rowid LIMIT ?) r
                    JOIN chunks c ON c.id = r.id JOIN documents d ON d.id = c.document_id
                    ORDER BY r.score, c.id
                    """, arguments: [headingWeight, match, k])
            let mine = best.filter { $0["collection"] as String == collection }
            guard mine.count < best.count, best.count == k else { return mine.map { Self.passage($0, score: -($0["score"] as Double)) } }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title,
                           bm25(chunks_fts, ?, 1.0) AS score
                    FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
                    WHERE chunks_fts MATCH ? AND d.collection = ?
                    ORDER BY score, c.id LIMIT ?
                    """, arguments: [headingWeight, match, collection, k]
            ).map { Self.passage($0, score: -($0["score"] as Double)) }
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
