import AgentCore

/// `remember(text, kind)` as `tools list` and `tools run` see it. During a run the loop
/// applies it (the memory.write event is the memory), so outside a run it only explains.
public struct RememberTool: Tool {
    /// The tool.
    public init() {}

    /// The tool's built-in manifest.
    public var manifest: ToolManifest { MemoryTools.rememberManifest }

    /// Runs one call with validated `arguments`.
    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        .error("remember saves memories during a run (research-agent investigate), where the transcript records them")
    }
}
