import Foundation
import GRDB

extension DocumentIndex {
    /// The collection's vectors from `model`, loaded into an exact in-memory index: one
    /// bulk read of the blobs (no array per row), then one build.
    /// - Throws: `IndexError` when a stored vector is malformed.
    public func vectorIndex(model: String, dimensions: Int) throws(IndexError) -> FlatVectorIndex {
        let collection = collection
        let loaded = try read { db -> (ids: [Int64], values: [Float], bad: Int) in
            var ids: [Int64] = []
            var values: [Float] = []
            var bad = 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.owner_id, e.vector FROM embeddings e
                    JOIN chunks c ON e.owner_kind = 'chunk' AND c.id = e.owner_id
                    JOIN documents d ON d.id = c.document_id
                    WHERE d.collection = ? AND e.model = ? AND e.dim = ?
                    """, arguments: [collection, model, dimensions])
            while let row = try rows.next() {
                let blob: Data = row[1]
                do { try VectorBlob.append(blob, to: &values, dimensions: dimensions) } catch { bad += 1; continue }
                ids.append(row[0])
            }
            return (ids, values, bad)
        }
        if loaded.bad > 0 {
            throw IndexError("\(loaded.bad) stored vectors of \(model) in \(database.path) are malformed; re-index with docs sync")
        }
        do { return try FlatVectorIndex(dimensions: dimensions, ids: loaded.ids, vectors: loaded.values) } catch {
            throw IndexError("cannot load the vectors of \(model) from \(database.path): \(error)")
        }
    }
}
