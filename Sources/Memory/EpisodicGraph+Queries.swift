import AgentCore
import Foundation
import GRDB
import Retrieval

extension LongTermMemory {
    /// The most nodes a neighbourhood returns.
    public static let neighbourhoodCap = 1000

    /// The node `text` names: its exact id, else the newest node whose label contains it
    /// (entities and questions first); nil when none matches.
    public func node(named text: String) throws(MemoryError) -> GraphNode? {
        try read { db in
            let sql = "SELECT id, kind, label, created_at FROM nodes WHERE "
            if let row = try Row.fetchOne(db, sql: sql + "id = ?", arguments: [text]) { return Self.node(row, depth: 0) }
            let row = try Row.fetchOne(
                db,
                sql: sql + """
                    instr(lower(label), lower(?)) > 0
                    ORDER BY CASE kind WHEN 'entity' THEN 0 WHEN 'question' THEN 1 WHEN 'source' THEN 2 WHEN 'claim' THEN 3 ELSE 4 END,
                        created_at DESC, id LIMIT 1
                    """, arguments: [text])
            return row.map { Self.node($0, depth: 0) }
        }
    }

    /// The nodes within `depth` hops of `id` along edges either way, nearest first and at
    /// most `cap` of them, with the edges between them.
    ///
    /// Breadth-first, one query per level, each stopped by its LIMIT once the cap is
    /// reached. A recursive CTE cannot stop early here: SQLite expands every queued row
    /// in full, so one hub (an entity that 100,000 steps mention) floods the queue; on a
    /// graph of 3M edges the CTE took 150 to 190 ms where the levels take about 2 ms.
    public func neighbourhood(of id: String, depth: Int, cap: Int = LongTermMemory.neighbourhoodCap) throws(MemoryError)
        -> GraphNeighbourhood?
    {
        try read { db in
            guard let rootRow = try Row.fetchOne(db, sql: "SELECT id, kind, label, created_at FROM nodes WHERE id = ?", arguments: [id])
            else {
                return nil
            }
            var seen: [String: Int] = [id: 0]
            var frontier = [id]
            for level in 1...max(1, depth) where seen.count <= cap && !frontier.isEmpty {
                let next = try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT id FROM (
                            SELECT e.dst AS id FROM json_each(:frontier) f JOIN edges e ON e.src = f.value
                            UNION ALL
                            SELECT e.src AS id FROM json_each(:frontier) f JOIN edges e ON e.dst = f.value)
                        WHERE id NOT IN (SELECT value FROM json_each(:seen))
                        LIMIT :room
                        """,
                    arguments: [
                        "frontier": Self.jsonArray(frontier), "seen": Self.jsonArray(Array(seen.keys)), "room": cap + 1 - seen.count,
                    ])
                for node in next { seen[node] = level }
                frontier = next
            }
            let ranked = seen.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(cap)
            let depths = Dictionary(uniqueKeysWithValues: ranked.map { ($0.key, $0.value) })
            let found = try Row.fetchAll(
                db,
                sql: """
                    SELECT n.id, n.kind, n.label, n.created_at FROM json_each(?) j JOIN nodes n ON n.id = j.value
                    """, arguments: [Self.jsonArray(ranked.map(\.key))]
            )
            .map { Self.node($0, depth: depths[$0["id"]] ?? 0) }
            .sorted { ($0.depth, $0.id) < ($1.depth, $1.id) }
            let truncatedWalk = seen.count > cap
            let nodes = found
            let ids = Self.jsonArray(nodes.map(\.id))
            let edges = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.src, e.dst, e.kind FROM json_each(?) s JOIN edges e ON e.src = s.value
                    WHERE e.dst IN (SELECT value FROM json_each(?)) ORDER BY e.src, e.kind, e.dst
                    """, arguments: [ids, ids]
            ).map { GraphEdge(src: $0[0], dst: $0[1], kind: $0[2]) }
            return GraphNeighbourhood(root: Self.node(rootRow, depth: 0), nodes: nodes, edges: edges, truncated: truncatedWalk)
        }
    }

    /// The node ids on a shortest path from `a` to `b` along edges either way (both ends
    /// included), or nil when none is within `maxDepth` hops.
    public func shortestPath(from a: String, to b: String, maxDepth: Int = 6) throws(MemoryError) -> [String]? {
        try read { db in
            // Paths carry their ids between unit separators, so a cycle check is one instr().
            let path = try String.fetchOne(
                db,
                sql: """
                    WITH RECURSIVE bfs(id, path, depth) AS (
                        SELECT ?, char(31) || ? || char(31), 0
                        UNION ALL
                        SELECT e.dst, b.path || e.dst || char(31), b.depth + 1 FROM bfs b JOIN edges e ON e.src = b.id
                        WHERE b.depth < ? AND b.id <> ? AND instr(b.path, char(31) || e.dst || char(31)) = 0
                        UNION ALL
                        SELECT e.src, b.path || e.src || char(31), b.depth + 1 FROM bfs b JOIN edges e ON e.dst = b.id
                        WHERE b.depth < ? AND b.id <> ? AND instr(b.path, char(31) || e.src || char(31)) = 0
                        ORDER BY 3 LIMIT 200000
                    )
                    SELECT path FROM bfs WHERE id = ? ORDER BY depth, path LIMIT 1
                    """, arguments: [a, a, maxDepth, b, maxDepth, b, b])
            return path.map { $0.split(separator: "\u{1F}").map(String.init) }
        }
    }

    /// The sources that support memory `id` (directly, or through memories merged into it).
    public func sources(supporting id: String) throws(MemoryError) -> [GraphNode] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE support(id, depth) AS (
                        SELECT 'memory:' || coalesce((SELECT memory_id FROM memory_aliases WHERE alias = ?), ?), 0
                        UNION
                        SELECT e.src, s.depth + 1 FROM support s JOIN edges e ON e.dst = s.id AND e.kind = 'supports' WHERE s.depth < 3
                    )
                    SELECT n.id, n.kind, n.label, n.created_at, s.depth FROM support s JOIN nodes n ON n.id = s.id
                    WHERE n.kind = 'source' ORDER BY n.created_at, n.id
                    """, arguments: [id, id]
            ).map { Self.node($0, depth: $0["depth"]) }
        }
    }

    /// Earlier runs about `topic`: runs whose question, steps or memories mention an
    /// entity or ask a question whose label holds one of its words, most mentions first.
    public func runs(about topic: String, limit: Int = 20) throws(MemoryError) -> [GraphNode] {
        let words = FTSQuery.terms(topic)
        guard !words.isEmpty else { return [] }
        let match = words.map { _ in "instr(lower(label), ?) > 0" }.joined(separator: " OR ")
        var bound = StatementArguments(words)
        bound += [limit]
        let arguments = bound
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE topic(id, depth) AS (
                        SELECT id, 0 FROM nodes WHERE kind IN ('entity', 'question') AND (\(match))
                        UNION
                        SELECT e.src, t.depth + 1 FROM topic t JOIN edges e ON e.dst = t.id AND e.kind IN ('mentions', 'asked') WHERE t.depth < 2
                        UNION
                        SELECT e.dst, t.depth + 1 FROM topic t JOIN edges e ON e.src = t.id AND e.kind = 'derived_from' WHERE t.depth < 2
                    ),
                    hits(run) AS (
                        SELECT CASE WHEN id LIKE 'run:%' THEN id
                                    WHEN id LIKE 'step:%' THEN 'run:' || substr(id, 6, instr(id, '/') - 6) END FROM topic
                    )
                    SELECT n.id, n.kind, n.label, n.created_at, count(*) AS hits FROM hits h JOIN nodes n ON n.id = h.run
                    GROUP BY n.id ORDER BY hits DESC, n.created_at DESC, n.id LIMIT ?
                    """, arguments: arguments
            ).map { Self.node($0, depth: 0) }
        }
    }

    static func jsonArray(_ ids: [String]) -> String { JSONValue.array(ids.map(JSONValue.string)).canonicalText }

    static func node(_ row: Row, depth: Int) -> GraphNode {
        GraphNode(id: row["id"], kind: row["kind"], label: row["label"], depth: depth, createdAt: row["created_at"])
    }
}
