import AgentCore
import Retrieval

/// The `scratchpad` tool as `tools run` sees it: one call on an empty scratchpad.
///
/// During a run the loop itself applies scratchpad calls, since the notes are run state;
/// this wrapper lets the same logic be listed, overridden and tried from the command line.
public struct ScratchpadTool: Tool {
    public var manifest: ToolManifest { Scratchpad.manifest }

    /// The tool.
    public init() {}

    public func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        var pad = Scratchpad()
        return pad.apply(arguments, step: context.step).output
    }
}

/// The built-in tools this build offers.
public enum BuiltinTools {
    /// Every built-in tool's name, offered in a run or not.
    public static let names: Set<String> = ["scratchpad", "search_docs", "web_search", "fetch_url", "run_code", "remember", "recall"]

    /// A registry of the built-in tools with the overrides in `<home>/tools/` applied.
    /// - Parameters:
    ///   - documents: opens the search over the user's documents; without it, `search_docs`
    ///     is not offered.
    ///   - fetch: what `fetch_url` may reach and how it reads pages.
    ///   - search: the `web_search` tool; without it, the tool is listed but says that no
    ///     search provider is configured.
    ///   - code: what `run_code` needs; without it (no consent) the tool stays disabled
    ///     whatever an override says, so it is never offered to the model.
    ///   - memory: opens long-term memory; without it, `remember` and `recall` are not
    ///     offered (`--no-memory`).
    public static func registry(
        home: String?, documents: (@Sendable () throws -> DocumentSearch)? = nil, fetch: FetchSettings = FetchSettings(),
        search: WebSearchTool? = nil, code: CodeSettings? = nil, memory: (@Sendable () throws -> any MemoryStore)? = nil
    ) throws(ToolConfigError) -> ToolRegistry {
        var registry = ToolRegistry()
        registry.register(ScratchpadTool())
        if let documents { registry.register(SearchDocsTool(open: documents)) }
        registry.register(search ?? WebSearchTool(unavailable: WebSearchTool.notConfigured))
        registry.register(FetchURLTool(settings: fetch), caps: FetchURLTool.caps)
        registry.register(RunCodeTool(settings: code), caps: RunCodeTool.caps)
        if let memory {
            registry.register(RememberTool())
            registry.register(RecallTool(open: memory))
        }
        if let home { try registry.applyOverrides(directory: home + "/tools", unregistered: names) }
        if code == nil { registry.disable(RunCodeTool.name) }
        return registry
    }
}
