/// A tool's manifest: its schema for the model, its limits, and whether it is on.
public struct ToolManifest: Sendable, Hashable {
    /// What the model sees.
    public var schema: ToolSchema
    /// Resource limits, within the hard caps the tool itself enforces.
    public var limits: ToolLimits
    /// Whether the tool is offered to the model at all.
    public var enabled: Bool
    /// The MCP server behind the tool (nil for a built-in tool).
    public var server: ToolServer?

    /// A manifest.
    public init(schema: ToolSchema, limits: ToolLimits = ToolLimits(), enabled: Bool = true, server: ToolServer? = nil) {
        self.schema = schema
        self.limits = limits
        self.enabled = enabled
        self.server = server
    }

    /// The tool's name.
    public var name: String { schema.name }
}

/// Limits a tool runs under. Values beyond a tool's hard caps are clamped by the tool.
public struct ToolLimits: Sendable, Hashable {
    /// Wall-clock seconds one call may take.
    public var timeoutSeconds: Double
    /// The most bytes of output one call may return.
    public var maxOutputBytes: Int
    /// Further limits a particular tool understands (e.g. `memory_mb` for run_code).
    public var extra: [String: Double]

    /// Tool limits.
    public init(timeoutSeconds: Double = 30, maxOutputBytes: Int = 65_536, extra: [String: Double] = [:]) {
        self.timeoutSeconds = timeoutSeconds
        self.maxOutputBytes = maxOutputBytes
        self.extra = extra
    }
}

/// The MCP server a tool belongs to: the name it is configured under, and what it said it is.
public struct ToolServer: Sendable, Hashable {
    /// The configured name (the first half of the tool's name).
    public var name: String
    /// The server's own name and version, from its initialize answer.
    public var version: String

    /// A tool's server.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}
