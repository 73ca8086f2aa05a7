import GRDB

/// The tables of long-term memory and the episodic graph (DESIGN.md "Memory database"),
/// created here so that the home's one migrator knows every migration; the Memory module
/// reads and writes them.
public enum MemorySchema {
    /// Adds the memory tables; called from `AgentDatabase.migrator` in migration order.
    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-memory") { db in
            // `num` is a stable integer derived from the memory's id: the FTS rowid and the
            // embeddings owner id, equal in a live database and in its rebuild.
            try db.execute(
                sql: """
                    CREATE TABLE memories (
                        num INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        kind TEXT NOT NULL,
                        text TEXT NOT NULL,
                        importance REAL NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_used_at INTEGER,
                        event TEXT NOT NULL);
                    CREATE INDEX memories_by_created ON memories (created_at);
                    CREATE TABLE memory_sources (
                        memory_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        ref TEXT NOT NULL,
                        title TEXT,
                        event TEXT NOT NULL,
                        PRIMARY KEY (memory_id, ref));
                    CREATE TABLE memory_aliases (
                        alias TEXT PRIMARY KEY,
                        memory_id TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
                        event TEXT NOT NULL);
                    CREATE INDEX memory_aliases_by_memory ON memory_aliases (memory_id);
                    CREATE VIRTUAL TABLE memories_fts USING fts5(
                        text, content='memories', content_rowid='num', tokenize='porter unicode61');
                    CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
                        INSERT INTO memories_fts (rowid, text) VALUES (new.num, new.text);
                    END;
                    CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
                        INSERT INTO memories_fts (memories_fts, rowid, text) VALUES ('delete', old.num, old.text);
                        DELETE FROM embeddings WHERE owner_kind = 'memory' AND owner_id = old.num;
                    END;
                    CREATE TABLE nodes (
                        id TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        label TEXT NOT NULL,
                        props TEXT NOT NULL DEFAULT '{}',
                        created_at INTEGER NOT NULL,
                        event TEXT NOT NULL);
                    CREATE INDEX nodes_by_kind ON nodes (kind, created_at);
                    CREATE TABLE edges (
                        src TEXT NOT NULL,
                        dst TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        props TEXT NOT NULL DEFAULT '{}',
                        created_at INTEGER NOT NULL,
                        event TEXT NOT NULL,
                        PRIMARY KEY (src, kind, dst)) WITHOUT ROWID;
                    CREATE INDEX edges_by_dst ON edges (dst, kind, src);
                    """)
        }
    }
}
