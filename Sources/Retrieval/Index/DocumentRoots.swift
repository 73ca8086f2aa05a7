import Foundation
import GRDB

/// The files and folders the user named to `docs add` or `docs sync`, per collection: a
/// bare `docs sync` walks these again, so it finds new files in a folder that was added
/// and never pulls in the neighbours of a file that was added alone.
extension DocumentIndex {
    /// Adds the table; called from `AgentDatabase.migrator` in migration order.
    static func registerRootsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-document-roots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE document_roots (
                        collection TEXT NOT NULL,
                        path TEXT NOT NULL,
                        added_at REAL NOT NULL,
                        PRIMARY KEY (collection, path));
                    """)
            // An index from before: the folders of its documents, which a bare sync walked
            // then, stay synced.
            let documents = try Row.fetchAll(db, sql: "SELECT DISTINCT collection, uri FROM documents")
            for row in documents {
                let uri: String = row["uri"]
                guard uri.hasPrefix("/") else { continue }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO document_roots (collection, path, added_at) VALUES (?, ?, 0)",
                    arguments: [row["collection"] as String, (uri as NSString).deletingLastPathComponent])
            }
        }
    }

    /// Forgets `path` and every root under it; returns the roots forgotten.
    @discardableResult
    public func removeRoots(under path: String) throws(IndexError) -> [String] {
        let collection = collection
        return try write { db in
            let all = try String.fetchAll(
                db, sql: "SELECT path FROM document_roots WHERE collection = ? ORDER BY path", arguments: [collection])
            let gone = all.filter { $0 == path || $0.hasPrefix(path + "/") }
            for root in gone {
                try db.execute(sql: "DELETE FROM document_roots WHERE collection = ? AND path = ?", arguments: [collection, root])
            }
            return gone
        }
    }

    /// Records `paths` (absolute) as named by the user; known ones keep their date.
    public func addRoots(_ paths: [String], now: Double) throws(IndexError) {
        let collection = collection
        try write { db in
            for path in paths {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO document_roots (collection, path, added_at) VALUES (?, ?, ?)",
                    arguments: [collection, path, now])
            }
        }
    }

    /// The roots, in path order (empty for an index built before roots were recorded).
    public func roots() throws(IndexError) -> [String] {
        let collection = collection
        return try read { db in
            try String.fetchAll(db, sql: "SELECT path FROM document_roots WHERE collection = ? ORDER BY path", arguments: [collection])
        }
    }
}
