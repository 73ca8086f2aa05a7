import AgentCore
import Foundation
import GRDB
import Retrieval
import Synchronization

/// Long-term memories and the episodic graph in the home's database: recall ranked by
/// vector similarity (BM25 without an embedder, said once), recency and importance; and
/// the live projection of a run's events, which `memory rebuild` repeats from transcripts.
public final class LongTermMemory: MemoryStore {
    /// The database holding the tables.
    public let database: AgentDatabase
    /// The embedder for memories and queries, if any.
    public let embedder: (any Embedder)?
    let clock: any Clock
    let notice: @Sendable (String) -> Void

    /// The projector (with the memory vectors, loaded on first use) and whether the
    /// embedder has failed or the BM25 notice was given.
    private let state = Mutex<(projector: MemoryProjector?, embedderFailed: Bool, noticed: Bool, backfilled: Bool)>(
        (nil, false, false, false))

    /// Memory over `database`.
    /// - Parameters:
    ///   - clock: the time recency is measured at.
    ///   - notice: says, once, that recall runs on BM25 alone, and reports write failures.
    public init(database: AgentDatabase, embedder: (any Embedder)?, clock: any Clock, notice: @escaping @Sendable (String) -> Void) {
        self.database = database
        self.embedder = embedder
        self.clock = clock
        self.notice = notice
    }

    /// The memories most related to `query`, best first.
    public func recall(_ query: String, limit: Int) async throws -> [RecalledMemory] {
        try await search(query, limit: limit).map(\.recalled)
    }

    /// The `limit` memories best related to `query`, best first, with their scores.
    public func search(_ query: String, limit: Int) async throws(MemoryError) -> [StoredMemory] {
        // With nothing stored, there is no reason to start an embedder.
        guard try read({ try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM memories)") ?? false }) else { return [] }
        let vector = await embed([query])?.first
        if vector != nil { await backfill() }
        var relevance: [Int64: Double] = [:]
        if let vector {
            let hits = try withProjector { projector in try? projector.vectors?.search(vector, k: MemoryRanking.candidates) } ?? []
            for hit in hits where Double(hit.score) >= MemoryRanking.minimumCosine { relevance[hit.id] = Double(hit.score) }
        } else {
            guard let match = FTSQuery.match(query) else { return [] }
            let rows = try read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT rowid, bm25(memories_fts) AS s FROM memories_fts WHERE memories_fts MATCH ? ORDER BY s LIMIT ?
                        """, arguments: [match, MemoryRanking.candidates]
                ).map { (num: $0[0] as Int64, score: $0[1] as Double) }
            }
            // bm25() is negative, best first: scaled by the best, relevance lies in (0, 1].
            if let best = rows.first?.score, best < 0 { for r in rows { relevance[r.num] = r.score / best } }
        }
        let now = clock.now().milliseconds
        var found = try memories(nums: Array(relevance.keys))
        for i in found.indices {
            let m = found[i]
            let touched = max(m.createdAt.milliseconds, m.lastUsedAt?.milliseconds ?? 0)
            found[i].score = MemoryRanking.score(
                relevance: relevance[MemoryProjector.num(of: m.id)] ?? 0, lastTouched: touched, importance: m.importance, now: now)
        }
        found.sort { ($0.score ?? 0, $1.id) > ($1.score ?? 0, $0.id) }
        return Array(found.prefix(limit))
    }

    /// Takes recorded events, in order.
    public func record(_ events: [Event]) async {
        let texts = events.compactMap { event -> String? in
            if case .memoryWrite(let w) = event.payload { return w.text }
            return nil
        }
        let vectors = texts.isEmpty ? nil : await embed(texts)
        await RebuildLock.holding(LOCK_SH, databasePath: database.path) {
            do {
                try withProjector { (projector: inout MemoryProjector) throws(MemoryError) in
                    try write { db in try projector.apply(events, vectors: vectors, db: db) }
                }
            } catch {
                notice("memory: \(error); `research-agent memory rebuild` restores it from the transcripts")
            }
        }
    }

    /// Embeds, once per process, memories saved without a vector of this embedder's model
    /// (saved while no embedder was configured, or by another model), so vector recall
    /// finds them too.
    func backfill() async {
        guard let model = embedder?.model,
            state.withLock({ s in
                defer { s.backfilled = true }; return !s.backfilled
            })
        else { return }
        let missing: [(num: Int64, text: String)]
        do {
            missing = try read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT m.num, m.text FROM memories m WHERE NOT EXISTS (
                            SELECT 1 FROM embeddings e WHERE e.owner_kind = 'memory' AND e.owner_id = m.num AND e.model = ?)
                        ORDER BY m.num
                        """, arguments: [model]
                ).map { (num: $0[0] as Int64, text: $0[1] as String) }
            }
        } catch {
            notice("memory: \(error)")
            return
        }
        var start = 0
        while start < missing.count {
            let batch = Array(missing[start..<min(missing.count, start + 32)])
            start += batch.count
            guard let vectors = await embed(batch.map(\.text)), vectors.count == batch.count else { return }
            do {
                try write { db in
                    for (item, vector) in zip(batch, vectors) {
                        try db.execute(
                            sql:
                                "INSERT OR REPLACE INTO embeddings (owner_kind, owner_id, model, dim, vector) VALUES ('memory', ?, ?, ?, ?)",
                            arguments: [item.num, model, vector.count, VectorBlob.data(vector)])
                    }
                }
            } catch {
                notice("memory: \(error)")
                return
            }
        }
        // The next use reloads the vectors, these included.
        if !missing.isEmpty { state.withLock { $0.projector = nil } }
    }

    /// Vectors for `texts`, or nil without a working embedder (BM25 then; said once).
    func embed(_ texts: [String]) async -> [[Float]]? {
        guard let embedder, !state.withLock({ $0.embedderFailed }) else {
            if embedder == nil,
                state.withLock({ s in
                    defer { s.noticed = true }; return !s.noticed
                })
            {
                notice("memory: no embedder is configured; recall uses BM25 alone (see --embedder)")
            }
            return nil
        }
        do { return try await embedder.embed(texts) } catch {
            state.withLock { $0.embedderFailed = true }
            notice("memory: the embedder failed (\(error)); recall uses BM25 alone")
            return nil
        }
    }

    /// Runs `body` on the projector, loading the stored vectors on first use; changes
    /// are kept only when `body` succeeds, as its transaction was then committed.
    func withProjector<T>(_ body: (inout MemoryProjector) throws(MemoryError) -> T) throws(MemoryError) -> T {
        try state.withLock { s throws(MemoryError) -> T in
            // Taken out of the state, so its vectors are uniquely held and grow in place
            // rather than being copied; after a failure it is reloaded from the database.
            var projector: MemoryProjector
            if let loaded = s.projector { projector = loaded } else { projector = try loadProjector(embedderFailed: s.embedderFailed) }
            s.projector = nil
            let result = try body(&projector)
            s.projector = projector
            return result
        }
    }

    /// Called with the state locked, so it is told whether the embedder failed.
    private func loadProjector(embedderFailed: Bool) throws(MemoryError) -> MemoryProjector {
        guard let model = embedder?.model, !embedderFailed else { return MemoryProjector(model: nil) }
        let dimensions = embedder?.dimensions ?? 0
        let loaded = try read { db -> (ids: [Int64], values: [Float], newest: Int64) in
            var ids: [Int64] = []
            var values: [Float] = []
            // Read in the same snapshot as the vectors, so no row falls between the two.
            let newest = try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM embeddings") ?? 0
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT owner_id, vector FROM embeddings WHERE owner_kind = 'memory' AND model = ? AND dim = ?
                    """, arguments: [model, dimensions])
            while let row = try rows.next() {
                let blob: Data = row[1]
                do { try VectorBlob.append(blob, to: &values, dimensions: dimensions) } catch { continue }
                ids.append(row[0])
            }
            return (ids, values, newest)
        }
        let index =
            dimensions > 0
            ? try? QuantizedVectorIndex(
                dimensions: dimensions, ids: loaded.ids, vectors: loaded.values, rescoreFactor: MemoryProjector.rescoreFactor)
            : nil
        return MemoryProjector(model: model, vectors: index, seenRow: loaded.newest)
    }
}

extension LongTermMemory {
    /// Reads with a read-only snapshot.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(MemoryError) -> T {
        do { return try database.pool.read(body) } catch let error as MemoryError { throw error } catch {
            throw MemoryError("reading \(database.path) failed: \(error)")
        }
    }

    /// Writes in one immediate transaction. The busy timeout waits out other writers;
    /// a write still refused as busy is tried again, so concurrent runs lose nothing.
    func write<T>(_ body: (Database) throws -> T) throws(MemoryError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do { return try database.pool.write(body) } catch let error as DatabaseError
                where attempt < 5 && [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode)
            {
                usleep(UInt32(50_000 * attempt))
            } catch {
                throw MemoryError("writing \(database.path) failed: \(error)")
            }
        }
    }
}
