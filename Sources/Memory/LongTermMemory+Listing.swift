import AgentCore
import Foundation
import GRDB

extension LongTermMemory {
    /// The memories with these `num` keys, with their sources.
    func memories(nums: [Int64]) throws(MemoryError) -> [StoredMemory] {
        guard !nums.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: nums.count).joined(separator: ",")
        return try fetch(where: "m.num IN (\(marks))", order: "m.created_at, m.id", arguments: StatementArguments(nums))
    }

    /// The newest `limit` memories, newest first.
    public func list(limit: Int) throws(MemoryError) -> [StoredMemory] {
        try fetch(where: "1", order: "m.created_at DESC, m.id", limit: limit, arguments: [])
    }

    /// The memory named by `id`: its id, an id merged into it, or a unique prefix of an id.
    public func resolve(_ id: String) throws(MemoryError) -> StoredMemory? {
        let key = try read { db -> String? in
            if let exact = try String.fetchOne(db, sql: "SELECT id FROM memories WHERE id = ?", arguments: [id]) { return exact }
            if let alias = try String.fetchOne(db, sql: "SELECT memory_id FROM memory_aliases WHERE alias = ?", arguments: [id]) {
                return alias
            }
            let matches = try String.fetchAll(
                db, sql: "SELECT id FROM memories WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 3", arguments: [id.count, id])
            if matches.count > 1 {
                throw MemoryError(
                    "'\(id)' starts more than one memory id (\(matches.prefix(2).joined(separator: ", "))\(matches.count > 2 ? ", ..." : "")); give more of it"
                )
            }
            return matches.first
        }
        guard let key else { return nil }
        return try fetch(where: "m.id = ?", order: "m.id", arguments: [key]).first
    }

    /// Row counts by kind.
    public func stats() throws(MemoryError) -> MemoryStats {
        try read { db in
            func counts(_ sql: String) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql) { out[row[0]] = row[1] }
                return out
            }
            return MemoryStats(
                memories: try counts("SELECT kind, count(*) FROM memories GROUP BY kind"),
                nodes: try counts("SELECT kind, count(*) FROM nodes GROUP BY kind"),
                edges: try counts("SELECT kind, count(*) FROM edges GROUP BY kind"),
                embedded: try counts("SELECT model, count(*) FROM embeddings WHERE owner_kind = 'memory' GROUP BY model"))
        }
    }

    private func fetch(where condition: String, order: String, limit: Int = -1, arguments: StatementArguments) throws(MemoryError)
        -> [StoredMemory]
    {
        return try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.id, m.kind, m.text, m.importance, m.created_at, m.last_used_at FROM memories m
                    WHERE \(condition) ORDER BY \(order) LIMIT \(limit)
                    """, arguments: arguments)
            var found = rows.map { r in
                StoredMemory(
                    id: r["id"], kind: r["kind"], text: r["text"], importance: r["importance"],
                    createdAt: Instant(milliseconds: r["created_at"]),
                    lastUsedAt: (r["last_used_at"] as Int64?).map(Instant.init(milliseconds:)), sources: [], score: nil)
            }
            for i in found.indices {
                found[i].sources = try Row.fetchAll(
                    db, sql: "SELECT kind, ref, title FROM memory_sources WHERE memory_id = ? ORDER BY rowid", arguments: [found[i].id]
                ).map { Source(kind: Source.Kind(rawValue: $0["kind"]) ?? .url, ref: $0["ref"], title: $0["title"]) }
            }
            return found
        }
    }
}
