/// A tool the agent can call. Implementations live outside AgentCore and do the I/O.
public protocol Tool: Sendable {
    /// Name, schema, limits.
    var manifest: ToolManifest { get }
    /// Runs one call with arguments already validated against the manifest's schema.
    /// A failure the model should see is returned as an output with `isError`; a thrown
    /// error is shown to the model the same way.
    func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput
}

/// What a tool knows about the call it serves.
public struct ToolContext: Sendable, Hashable {
    /// The run's id.
    public var runID: String
    /// The step the call belongs to.
    public var step: Int
    /// The sources numbered so far; number new ones through a copy of it.
    public var sources: SourceCatalog
    /// The limits this call runs under.
    public var limits: ToolLimits

    /// A tool context.
    public init(runID: String, step: Int, sources: SourceCatalog, limits: ToolLimits) {
        self.runID = runID
        self.step = step
        self.sources = sources
        self.limits = limits
    }
}

/// The result of one tool call.
public struct ToolOutput: Sendable, Hashable {
    /// The text the model will see (before the loop truncates it).
    public var text: String
    /// Whether this is an error the model should correct or work around.
    public var isError: Bool
    /// Sources the text cites as `[n]`.
    public var sources: [NumberedSource]
    /// Whether the text came from outside (web, files, other programs): data, never orders.
    public var tainted: Bool
    /// What a recall returned, for the loop to record as memory.read (nil for other tools).
    public var recalled: MemoryReadRecord?
    /// The MCP server that produced the output (nil for a built-in tool).
    public var server: ToolServer?

    /// A tool output.
    public init(
        text: String, isError: Bool = false, sources: [NumberedSource] = [], tainted: Bool = false,
        recalled: MemoryReadRecord? = nil, server: ToolServer? = nil
    ) {
        self.text = text
        self.isError = isError
        self.sources = sources
        self.tainted = tainted
        self.recalled = recalled
        self.server = server
    }

    /// An error output.
    public static func error(_ message: String) -> ToolOutput { ToolOutput(text: message, isError: true) }
}

/// Runs tool calls for the loop: the live registry, or recorded results during replay.
public protocol ToolExecutor: Sendable {
    /// Runs `name` with validated `arguments`; never throws: failures are error outputs.
    func execute(name: String, arguments: JSONValue, callID: String, context: ToolContext) async -> ToolOutput
}
