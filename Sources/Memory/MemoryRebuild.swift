import AgentCore
import Foundation
import GRDB
import Transcript

/// `memory rebuild`: memories, their vectors, nodes and edges recreated from the home's
/// transcripts and memory-ops.jsonl alone, in one transaction (a killed rebuild leaves
/// the old tables). Documents, chunks and the http cache are not touched.
public enum MemoryRebuild {
    /// The file in transcripts/ that records memory changes made outside a run: forgets,
    /// and memories the user saved in a session.
    public static let operationsFileName = "memory-ops.jsonl"

    /// What a rebuild read and wrote.
    public struct Summary: Sendable, Hashable {
        /// Transcript files read.
        public var files: Int
        /// Events applied.
        public var events: Int
        /// Files that could not be read, each with why.
        public var skipped: [String]
    }

    /// Every event under `directory`, in the order they happened (time, then run and
    /// sequence), and the files that could not be read.
    public static func events(in directory: String) -> (events: [Event], files: Int, skipped: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var events: [Event] = []
        var skipped: [String] = []
        for name in names {
            let path = directory + "/" + name
            if name == operationsFileName {
                events += operations(path: path, skipped: &skipped)
                continue
            }
            do {
                let file = try TranscriptFile(path: path)
                // A run without memory (--no-memory, batch) fed nothing to the live tables, and
                // a fork (replay --fork-from) is a debugging branch whose memories are not kept.
                guard file.start?.config.memory ?? true, file.start?.fork == nil else { continue }
                events += file.events.map(slim)
            } catch { skipped.append(error.message) }
        }
        events.sort { ($0.ts, $0.run, $0.seq) < ($1.ts, $1.run, $1.seq) }
        return (events, names.count, skipped)
    }

    /// `event` without what the projection never reads (request bodies, raw responses,
    /// tool output), so a rebuild over many long transcripts holds little in memory.
    static func slim(_ event: Event) -> Event {
        var slim = event
        switch event.payload {
        case .llmRequest(var r):
            r.body = .null
            slim.payload = .llmRequest(r)
        case .llmResponse(var r):
            r.turn.raw = .null
            slim.payload = .llmResponse(r)
        case .toolResult(var r):
            r.output = ""
            slim.payload = .toolResult(r)
        default:
            break
        }
        return slim
    }

    /// The lines of the operations file (memory.forget, and memory.write for memories the
    /// user saved) (a torn last line is skipped).
    static func operations(path: String, skipped: inout [String]) -> [Event] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            skipped.append("\(path): cannot read the file")
            return []
        }
        var out: [Event] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do { out.append(try EventDecoding.event(try JSONValue.parse(String(line)))) } catch {
                if i < lines.count - 1 { skipped.append("\(path):\(i + 1): \(error)") }
            }
        }
        return out
    }
}

extension LongTermMemory {
    /// Runs `body` (a rebuild's reading of the transcripts, then its `rebuild(from:)`) while
    /// no other process or run changes the memory tables: see `RebuildLock`.
    public func exclusively<T>(_ body: () async throws -> T) async rethrows -> T {
        try await RebuildLock.holding(LOCK_EX, databasePath: database.path, body)
    }

    /// Replaces memories, memory vectors, nodes and edges with the projection of `events`.
    public func rebuild(from events: [Event]) async throws(MemoryError) -> Int {
        let texts = events.compactMap { event -> String? in
            if case .memoryWrite(let w) = event.payload { return w.text }
            return nil
        }
        var vectors: [[Float]]? = texts.isEmpty ? nil : []
        var start = 0
        while start < texts.count, vectors != nil {
            let batch = Array(texts[start..<min(texts.count, start + 64)])
            if let embedded = await embed(batch), embedded.count == batch.count {
                vectors?.append(contentsOf: embedded)
            } else {
                vectors = nil
            }
            start += batch.count
        }
        let model = vectors == nil ? nil : embedder?.model
        try withProjector { (projector: inout MemoryProjector) throws(MemoryError) in
            var fresh = MemoryProjector(model: model)
            try write { db in
                try db.execute(
                    sql: """
                        DELETE FROM memories; DELETE FROM memory_aliases; DELETE FROM memory_sources;
                        DELETE FROM embeddings WHERE owner_kind = 'memory'; DELETE FROM nodes; DELETE FROM edges;
                        """)
                try fresh.apply(events, vectors: vectors, db: db)
            }
            projector = fresh
        }
        return events.count
    }
}
