import AgentCore
import Retrieval

/// The built-in tools this build offers, registered here and nowhere else: investigate,
/// `tools`, replay and doctor all take their registry from `registry`.
public enum BuiltinTools {
    /// Every built-in tool's manifest, offered in a run or not, in the order a run offers them.
    public static let manifests: [ToolManifest] = [
        Scratchpad.manifest, SearchDocsTool.manifest, WebSearchTool.manifest, FetchURLTool.manifest, RunCodeTool.manifest,
        MemoryTools.rememberManifest, MemoryTools.recallManifest,
    ]

    /// Every built-in tool's name, as its manifest gives it.
    public static let names = Set(manifests.map(\.name))

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
