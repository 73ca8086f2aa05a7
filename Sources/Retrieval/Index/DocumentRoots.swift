import GRDB

/// The files and folders the user named to `docs add` or `docs sync`, per collection: a
/// bare `docs sync` walks these again, so it finds new files in a folder that was added
/// and never pulls in the neighbours of a file that was added alone.
extension DocumentIndex {
    /// Adds the table; called from `AgentDatabase.migrator` in migration order.
    static func registerRootsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-document-roots") { db in
            try db.execute(sql: """
                CREATE TABLE document_roots (
                    collection TEXT NOT NULL,
                    path TEXT NOT NULL,
                    added_at REAL NOT NULL,
                    PRIMARY KEY (collection, path));
                """)
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

    /// Forgets `path` as a root; false if it was none.
    @discardableResult
    public func removeRoot(_ path: String) throws(IndexError) -> Bool {
        let collection = collection
        return try write { db in
            try db.execute(sql: "DELETE FROM document_roots WHERE collection = ? AND path = ?", arguments: [collection, path])
            return db.changesCount > 0
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
