/// A node of the episodic graph as queries return it.
public struct GraphNode: Sendable, Hashable {
    /// The node's id (`run:<uuid>`, `source:<url>`, `entity:<name>`, `memory:<id>`, ...).
    public var id: String
    /// Its kind: run, step, question, tool_use, source, claim, entity.
    public var kind: String
    /// A human label.
    public var label: String
    /// Hops from the node the query started at (0 for others).
    public var depth: Int
    /// When the first event naming it happened.
    public var createdAt: Int64
}

/// An edge of the episodic graph.
public struct GraphEdge: Sendable, Hashable {
    /// Where it starts.
    public var src: String
    /// Where it ends.
    public var dst: String
    /// Its kind: next, asked, used, cites, supports, mentions, derived_from.
    public var kind: String

    /// An edge.
    public init(src: String, dst: String, kind: String) {
        self.src = src
        self.dst = dst
        self.kind = kind
    }
}

/// The nodes within some hops of one node, nearest first, and the edges between them.
public struct GraphNeighbourhood: Sendable, Hashable {
    /// The node the walk started at.
    public var root: GraphNode
    /// Nodes by depth, then id; the root first.
    public var nodes: [GraphNode]
    /// Edges whose both ends are in `nodes`.
    public var edges: [GraphEdge]
    /// Whether the cap on nodes cut the walk short.
    public var truncated: Bool
}
