import AgentCore
import Foundation
import GRDB
import Retrieval

/// Applies transcript events to the memory tables and the episodic graph: the one code
/// path for live runs and for `memory rebuild`, so the two produce the same rows.
///
/// It keeps the memories' vectors of one embedding model in memory to find
/// near-duplicates; the caller loads them once and passes the embeddings it computed.
public struct MemoryProjector: Sendable {
    /// The embedding model whose vectors are stored and compared, if any.
    let model: String?
    /// The vectors of stored memories, keyed by `num`: int8 codes scanned on every core,
    /// the best candidates rescored exactly, so scores are exact cosines.
    var vectors: QuantizedVectorIndex?

    /// The embeddings rowid up to which `vectors` has seen the table: rows past it were
    /// written by another process and are added before each near-duplicate check.
    var seenRow: Int64 = 0

    /// Candidates rescored exactly per hit asked for.
    static let rescoreFactor = 4

    /// Cosine similarity from which a new memory merges into an existing one.
    static let duplicateSimilarity: Float = 0.95

    /// How important a memory of `kind` starts out (each merge adds 0.1, up to 1).
    static func importance(of kind: String) -> Double {
        switch kind {
        case "preference": 0.8
        case "procedure": 0.7
        case "fact", "finding": 0.6
        default: 0.5
        }
    }

    /// The stable integer key of a memory id (FNV-1a, 62 bits so it is a positive Int64):
    /// the `num` column, the FTS rowid and the embeddings owner id.
    public static func num(of id: String) -> Int64 {
        Int64(FNV1a.hash(id.utf8) & 0x3FFF_FFFF_FFFF_FFFF)
    }

    /// The event reference rows carry: `<run>:<seq>`.
    static func reference(_ event: Event) -> String { "\(event.run):\(event.seq)" }

    /// Applies `events` in order; the n-th memory.write gets the n-th of `vectors` (the
    /// embeddings of the batch's memory texts, in order), if there are any.
    mutating func apply(_ events: [Event], vectors: [[Float]]?, db: Database) throws {
        var next = 0
        for event in events {
            var vector: [Float]?
            if case .memoryWrite = event.payload {
                vector = vectors.flatMap { next < $0.count ? $0[next] : nil }
                next += 1
            }
            try apply(event, vector: vector, db: db)
        }
    }

    /// Applies one event; `vector` is the embedding of a memory.write's text, if any.
    mutating func apply(_ event: Event, vector: [Float]?, db: Database) throws {
        var target: String?
        switch event.payload {
        case .memoryWrite(let write):
            target = try save(write, event: event, vector: vector, db: db)
        case .memoryRead(let read):
            for item in read.items {
                try db.execute(
                    sql:
                        "UPDATE memories SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = (SELECT coalesce((SELECT memory_id FROM memory_aliases WHERE alias = ?), ?))",
                    arguments: [event.ts.milliseconds, item.id, item.id])
            }
        case .memoryForget(let forget):
            try remove(forget.id, db: db)
        default:
            break
        }
        try EpisodicGraph.apply(event, memory: target, db: db)
    }

    /// Stores a memory, or merges it into a near-duplicate; returns the id it lives under.
    private mutating func save(_ write: MemoryWriteRecord, event: Event, vector: [Float]?, db: Database) throws -> String {
        let ref = Self.reference(event)
        if vector != nil { try catchUp(db) }
        if let existing = try duplicate(of: write.text, vector: vector, db: db) {
            try db.execute(
                sql: "INSERT OR IGNORE INTO memory_aliases (alias, memory_id, event) VALUES (?, ?, ?)",
                arguments: [write.id, existing, ref])
            try db.execute(sql: "UPDATE memories SET importance = min(1.0, importance + 0.1) WHERE id = ?", arguments: [existing])
            try addSources(write.sources, to: existing, event: ref, db: db)
            return existing
        }
        let num = Self.num(of: write.id)
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO memories (num, id, kind, text, importance, created_at, last_used_at, event) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            arguments: [num, write.id, write.kind, write.text, Self.importance(of: write.kind), event.ts.milliseconds, ref])
        guard db.changesCount > 0 else { return write.id }
        try addSources(write.sources, to: write.id, event: ref, db: db)
        if let vector, let model {
            try db.execute(
                sql: "INSERT OR REPLACE INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('memory', ?, ?, ?, ?)",
                arguments: [num, model, vector.count, VectorBlob.data(vector)])
            if vectors == nil { vectors = QuantizedVectorIndex(dimensions: vector.count, rescoreFactor: Self.rescoreFactor) }
            try? vectors?.add(id: num, vector: vector)
            // The write lock is held since catchUp, so this row is the table's newest.
            seenRow = db.lastInsertedRowID
        }
        return write.id
    }

    /// Adds the memory vectors other processes stored since the index last looked, so
    /// concurrent runs merge near-duplicates as a rebuild in time order would.
    mutating func catchUp(_ db: Database) throws {
        guard let model, let newest = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM embeddings"), newest > seenRow else { return }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT owner_id, vector FROM embeddings WHERE rowid > ? AND rowid <= ? AND owner_kind = 'memory' AND model = ?
                """, arguments: [seenRow, newest, model])
        for row in rows {
            let blob: Data = row[1]
            guard let vector = try? VectorBlob.vector(blob) else { continue }
            if vectors == nil { vectors = QuantizedVectorIndex(dimensions: vector.count, rescoreFactor: Self.rescoreFactor) }
            try? vectors?.add(id: row[0], vector: vector)
        }
        seenRow = newest
    }

    /// The memory `text` repeats: the nearest by cosine above the threshold, or without
    /// vectors one with the same text.
    private func duplicate(of text: String, vector: [Float]?, db: Database) throws -> String? {
        if let vector, let vectors, let best = try? vectors.search(vector, k: 1).first, best.score >= Self.duplicateSimilarity {
            return try String.fetchOne(db, sql: "SELECT id FROM memories WHERE num = ?", arguments: [best.id])
        }
        guard vector == nil else { return nil }
        return try String.fetchOne(db, sql: "SELECT id FROM memories WHERE text = ? ORDER BY created_at, id LIMIT 1", arguments: [text])
    }

    private func addSources(_ sources: [Source], to id: String, event: String, db: Database) throws {
        for source in sources {
            try db.execute(
                sql: "INSERT OR IGNORE INTO memory_sources (memory_id, kind, ref, title, event) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, source.kind.rawValue, source.ref, source.title, event])
        }
    }

    /// Removes a memory (named by its id or an alias) and what only it supported.
    private mutating func remove(_ id: String, db: Database) throws {
        let target = try String.fetchOne(db, sql: "SELECT memory_id FROM memory_aliases WHERE alias = ?", arguments: [id]) ?? id
        try db.execute(sql: "DELETE FROM memories WHERE id = ?", arguments: [target])
        vectors?.remove(id: Self.num(of: target))
        try EpisodicGraph.removeMemory(target, db: db)
    }
}
