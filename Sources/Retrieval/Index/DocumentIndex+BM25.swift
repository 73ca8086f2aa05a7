import GRDB

extension DocumentIndex {
    /// The `k` chunks that best match `query` by BM25 over heading path and text (a heading
    /// match counts double). Scores are BM25 negated, so higher is better.
    public func searchBM25(_ query: String, k: Int) throws(IndexError) -> [Passage] {
        guard k > 0, let match = FTSQuery.match(query) else { return [] }
        let collection = collection
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.heading_path, c.text, c.start_line, c.end_line, d.uri, d.title,
                           bm25(chunks_fts, 2.0, 1.0) AS score
                    FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN documents d ON d.id = c.document_id
                    WHERE chunks_fts MATCH ? AND d.collection = ?
                    ORDER BY score, c.id LIMIT ?
                    """, arguments: [match, collection, k]
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
