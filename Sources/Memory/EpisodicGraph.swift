import AgentCore
import Foundation
import GRDB

/// The episodic graph: nodes and edges projected from transcript events, kept as SQLite
/// adjacency tables and queried with recursive CTEs (EpisodicGraph+Queries.swift).
///
/// Node ids are derived from what they stand for (`run:<uuid>`, `step:<uuid>/3`,
/// `source:<url>`, `entity:<name>`, `memory:<id>`), so replaying the same events in the
/// same order gives the same rows; the first event to mention a node names it.
public enum EpisodicGraph {
    /// Adds what `event` says to the graph; `memory` is the id a memory.write was stored
    /// under (its own, or the memory it merged into).
    static func apply(_ event: Event, memory: String?, db: Database) throws {
        let ref = MemoryProjector.reference(event)
        let ts = event.ts.milliseconds
        let run = "run:\(event.run)"
        func node(_ id: String, _ kind: String, _ label: String, props: JSONObject = [:]) throws {
            try db.execute(
                sql: "INSERT OR IGNORE INTO nodes (id, kind, label, props, created_at, event) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, kind, String(label.prefix(200)), JSONValue.object(props).canonicalText, ts, ref])
        }
        func edge(_ src: String, _ kind: String, _ dst: String) throws {
            try db.execute(
                sql: "INSERT OR IGNORE INTO edges (src, dst, kind, props, created_at, event) VALUES (?, ?, ?, '{}', ?, ?)",
                arguments: [src, dst, kind, ts, ref])
        }
        func mentions(_ from: String, _ text: String) throws {
            for name in EntityExtractor.entities(in: text) {
                let id = "entity:" + name.lowercased()
                try node(id, "entity", name)
                try edge(from, "mentions", id)
            }
        }
        func step(_ n: Int) -> String { n == 0 ? run : "step:\(event.run)/\(n)" }
        func source(_ s: Source) throws -> String {
            let id = "source:" + s.ref
            try node(id, "source", s.title ?? s.ref, props: ["kind": .string(s.kind.rawValue), "ref": .string(s.ref)])
            return id
        }

        switch event.payload {
        case .runStart(let r):
            try node(run, "run", r.task, props: ["model": .string(r.config.model), "provider": .string(r.config.provider)])
            let question = "question:" + Self.normalised(r.task)
            try node(question, "question", r.task)
            try edge(run, "asked", question)
            try mentions(question, r.task)
        case .llmRequest(let r):
            try node(step(r.step), "step", "step \(r.step)")
            try edge(r.step == 1 ? run : step(r.step - 1), "next", step(r.step))
        case .llmResponse(let r):
            try mentions(step(r.step), r.turn.text)
        case .toolCall(let r):
            let id = "tool:\(event.run)/\(r.step)/\(r.id)"
            try node(id, "tool_use", "\(r.name) \(String(r.arguments.canonicalText.prefix(120)))", props: ["tool": .string(r.name)])
            try edge(step(r.step), "used", id)
        case .toolResult(let r):
            let call = "tool:\(event.run)/\(r.step)/\(r.id)"
            for s in r.sources { try edge(call, "cites", try source(s.source)) }
        case .memoryWrite(let r):
            guard let memory else { break }
            let id = "memory:" + memory
            try node(id, "claim", r.text, props: ["kind": .string(r.kind)])
            try edge(id, "derived_from", step(r.step))
            for s in r.sources { try edge(try source(s), "supports", id) }
            try mentions(id, r.text)
        case .memoryRead(let r):
            for item in r.items {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO edges (src, dst, kind, props, created_at, event)
                        SELECT ?, n.id, 'used', '{}', ?, ? FROM nodes n
                        WHERE n.id = 'memory:' || coalesce((SELECT memory_id FROM memory_aliases WHERE alias = ?), ?)
                        """,
                    arguments: [step(r.step), ts, ref, item.id, item.id])
            }
        case .runEnd(let r):
            try db.execute(
                sql: "UPDATE nodes SET props = json_set(props, '$.status', ?) WHERE id = ?", arguments: [r.status.rawValue, run])
            for c in r.citations { try edge(run, "cites", try source(c.source)) }
        case .scratchpad, .budget, .error, .memoryForget:
            break
        }
    }

    /// Removes a forgotten memory's node and edges, and the sources and entities that
    /// nothing else links to any more.
    static func removeMemory(_ id: String, db: Database) throws {
        let node = "memory:" + id
        let neighbours = try String.fetchAll(
            db,
            sql: """
                SELECT dst FROM edges WHERE src = ? UNION SELECT src FROM edges WHERE dst = ?
                """, arguments: [node, node])
        try db.execute(sql: "DELETE FROM edges WHERE src = ? OR dst = ?", arguments: [node, node])
        try db.execute(sql: "DELETE FROM nodes WHERE id = ?", arguments: [node])
        for other in neighbours where other.hasPrefix("source:") || other.hasPrefix("entity:") {
            try db.execute(
                sql: """
                    DELETE FROM nodes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM edges WHERE src = ?)
                    AND NOT EXISTS (SELECT 1 FROM edges WHERE dst = ?)
                    """, arguments: [other, other, other])
        }
    }

    /// A question's key: lowercased words, so the same question asked again is one node.
    static func normalised(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }
}
