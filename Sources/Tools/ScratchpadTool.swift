import AgentCore

/// The `scratchpad` tool as `tools run` sees it: one call on an empty scratchpad.
///
/// During a run the loop itself applies scratchpad calls, since the notes are run state;
/// this wrapper lets the same logic be listed, overridden and tried from the command line.
public struct ScratchpadTool: Tool {
    /// The tool's built-in manifest.
    public var manifest: ToolManifest { Scratchpad.manifest }

    /// The tool.
    public init() {}

    /// Runs one call with validated `arguments`.
    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        var pad = Scratchpad()
        return pad.apply(arguments, step: context.step).output
    }
}
