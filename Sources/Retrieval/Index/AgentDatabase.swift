import Foundation
import GRDB

/// The home's SQLite database, memory/agent.sqlite, in WAL mode, with every table of
/// DESIGN.md "Memory database" created by migrations.
public final class AgentDatabase: Sendable {
    /// The connection pool: one writer, concurrent readers.
    public let pool: DatabasePool
    /// The file's path.
    public let path: String

    /// Opens (creating if needed) the database at `path` and migrates it.
    /// - Parameter readOnly: open an existing database without writing to it (a search
    ///   corpus built once into the cache); it must already have every migration.
    /// - Throws: `IndexError` naming the file when it cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false) throws(IndexError) {
        self.path = path
        if readOnly {
            do {
                var config = Configuration()
                config.readonly = true
                pool = try DatabasePool(path: path, configuration: config)
            } catch {
                throw IndexError("cannot open the database \(path) to read: \(error)")
            }
            let current: Bool
            do { current = try pool.read { db in try Self.migrator.hasCompletedMigrations(db) } } catch { throw IndexError("cannot read \(path): \(error)") }
            guard current else { throw IndexError("\(path) was built by another version of research-agent; build it again") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var config = Configuration()
            config.foreignKeysEnabled = true
            // Another process (a second `docs add`, a running investigation) may hold the
            // write lock for one file's transaction: wait rather than fail.
            config.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw IndexError("cannot open the database \(path): \(error)")
        }
    }

    /// Every schema change, in order. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-documents") { db in
            try db.execute(sql: """
                CREATE TABLE documents (
                    id INTEGER PRIMARY KEY,
                    collection TEXT NOT NULL,
                    uri TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    mtime REAL NOT NULL,
                    title TEXT,
                    added_at REAL NOT NULL,
                    UNIQUE (collection, uri));
                CREATE TABLE chunks (
                    id INTEGER PRIMARY KEY,
                    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    ord INTEGER NOT NULL,
                    heading_path TEXT NOT NULL,
                    text TEXT NOT NULL,
                    start_line INTEGER NOT NULL,
                    end_line INTEGER NOT NULL);
                CREATE INDEX chunks_by_document ON chunks (document_id, ord);
                CREATE VIRTUAL TABLE chunks_fts USING fts5(
                    heading_path, text, content='chunks', content_rowid='id', tokenize='porter unicode61');
                CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
                    INSERT INTO chunks_fts (rowid, heading_path, text) VALUES (new.id, new.heading_path, new.text);
                END;
                CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
                    INSERT INTO chunks_fts (chunks_fts, rowid, heading_path, text) VALUES ('delete', old.id, old.heading_path, old.text);
                    DELETE FROM embeddings WHERE owner_kind = 'chunk' AND owner_id = old.id;
                END;
                CREATE TABLE embeddings (
                    owner_kind TEXT NOT NULL,
                    owner_id INTEGER NOT NULL,
                    model TEXT NOT NULL,
                    dim INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (owner_kind, owner_id, model));
                """)
        }
        HTTPCacheTable.registerMigration(&migrator)
        return migrator
    }
}

/// A failure of the index, in one line that names the file at fault.
public struct IndexError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    /// An index error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
