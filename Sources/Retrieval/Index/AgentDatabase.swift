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
    ///   corpus built once into the cache); it must hold the document tables and nothing
    ///   from a newer version. Later migrations add tables a corpus never uses, so a corpus
    ///   built before them stays readable rather than needing a rebuild after each upgrade.
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
            let readable: Bool
            do {
                readable = try pool.read { db in
                    try Self.migrator.appliedIdentifiers(db).contains("v1-documents") && !Self.migrator.hasBeenSuperseded(db)
                }
            } catch { throw IndexError("cannot read \(path): \(error)") }
            guard readable else { throw IndexError("\(path) was built by another version of research-agent; build it again") }
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
            try Self.migrate(pool, path: path)
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw IndexError(
                "\(path) is not a readable database (\(error.message ?? "corrupt")); run `research-agent memory rebuild` to set it aside and rebuild memories and the graph from transcripts/",
                kind: .unreadableDatabase)
        } catch {
            throw IndexError("cannot open the database \(path): \(error)")
        }
    }

    /// Refuses a database a newer version migrated; otherwise applies what is missing.
    /// Two processes opening a new file at once can both try the same migration: the
    /// loser fails on a table that now exists, and simply tries again.
    private static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        for attempt in 1...5 {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw IndexError("\(path) was written by a newer version of research-agent; upgrade research-agent, or use another --home")
            }
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError
                where attempt < 5 && [.SQLITE_ERROR, .SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode)
            {
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    /// Every schema change, in order. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-documents") { db in
            try db.execute(
                sql: """
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
        MemorySchema.registerMigration(&migrator)
        DocumentIndex.registerRootsMigration(&migrator)
        return migrator
    }
}

/// A failure of the index, in one line that names the file at fault.
public struct IndexError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Kind: Sendable, Hashable {
        /// The file is not a SQLite database, or a corrupt one.
        case unreadableDatabase
        /// Anything else.
        case other
    }

    /// What went wrong and what to do.
    public var message: String
    /// What went wrong.
    public var kind: Kind

    /// An index error.
    public init(_ message: String, kind: Kind = .other) {
        self.message = message
        self.kind = kind
    }

    /// The message.
    public var description: String { message }
}
