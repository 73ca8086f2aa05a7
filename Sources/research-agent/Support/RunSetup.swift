import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Memory
import Retrieval
import Tools
import Transcript

/// Everything a run needs, assembled from defaults, config.toml, environment and flags
/// (weakest first).
struct RunSetup {
    var config: RunConfig
    var model: any LanguageModel
    var registry: ToolRegistry
    var secrets: [String]
    /// What a registry for another run of the same setup (a batch's next task) reuses:
    /// the home, the web tools (one search engine, one corpus index) and whether they are offered.
    var home: Home
    var search: WebSearchTool?
    var fetch: FetchSettings
    /// The MCP servers' tools, once `connect` has listed them.
    var mcpTools: [any Tool] = []
    /// How many results a run's opening search asks for (config.toml's `opening_search`); nil for none.
    var openingResults: Int?

    /// - Parameters:
    ///   - documents: the search behind `search_docs`; nil leaves the tool out.
    ///   - offerWeb: false offers neither web_search nor fetch_url (`--no-web`), and then no
    ///     search provider needs to be configured.
    ///   - code: what `run_code` needs; nil (no consent) keeps it from the model.
    ///   - memory: long-term memory behind `remember` and `recall`; nil (`--no-memory`)
    ///     leaves both out and the run recalls and saves nothing.
    static func make(
        home: Home, options: RunOptions, documents: DocumentSearch? = nil, web: WebOptions, offerWeb: Bool = true,
        code: CodeSettings? = nil, memory: (any MemoryStore)? = nil, environment: [String: String], logger: Logger
    ) throws -> RunSetup {
        let file = try Configuration.load(path: home.configFile)
        let providerName = options.provider?.rawValue ?? environment["RESEARCH_AGENT_PROVIDER"] ?? file.provider
        let modelName = options.model ?? environment["RESEARCH_AGENT_MODEL"] ?? file.model
        let choice: ProviderChoice
        do { choice = try ProviderChoice.choose(provider: providerName, model: modelName, environment: environment) } catch {
            throw CLIError(message: error.message, exitCode: error.kind == .unknownProvider ? 2 : 1)
        }
        let catalog = ModelCatalog.entry(for: choice.model)
        let defaults = choice.provider.runDefaults
        if let notice = ModelAvailability.retirementNotice(model: choice.model) { StandardError.line("research-agent: note: \(notice)") }
        // A free model costs nothing per token, so a dollar budget holds trivially.
        let price = defaults.isFree ? ModelPrice(input: 0, output: 0) : file.prices[choice.model] ?? catalog?.price
        let budget = Budget(
            maxSteps: options.maxSteps ?? file.budget.maxSteps ?? 12,
            maxInputTokens: options.maxInputTokens ?? file.budget.maxInputTokens,
            maxOutputTokens: options.maxOutputTokens ?? file.budget.maxOutputTokens,
            maxCostUSD: options.maxCost ?? file.budget.maxCostUSD,
            maxSeconds: options.maxTime ?? file.budget.maxSeconds,
            maxToolCalls: options.maxToolCalls ?? file.budget.maxToolCalls)
        if let reason = budget.unenforceableReason(model: choice.model, price: price) { throw CLIError.usage(reason) }
        // A model that Chat Completions offers no native tools writes its calls as text.
        let format =
            options.toolFormat ?? file.toolFormat
            ?? defaults.toolFormat ?? (catalog?.nativeTools == false ? .react : .native)
        // A model that reasons by default spends part of the reply cap on reasoning.
        let replyCap =
            file.maxOutputTokens ?? defaults.replyTokens
            ?? catalog.flatMap { $0.reasoning == .byDefault ? min(ModelCatalog.reasoningReplyTokens, $0.outputLimit) : nil } ?? 2048
        // The window that matters is the prompt's: a provider may hold it below the window.
        let window =
            file.contextWindow ?? defaults.contextWindow
            ?? catalog.map { min($0.contextWindow, $0.inputLimit + replyCap) } ?? ModelCatalog.fallbackContextWindow
        var temperature = file.temperature
        if let catalog, temperature != nil, !catalog.acceptsTemperature {
            // The provider would refuse the whole request with a 400.
            StandardError.line("research-agent: note: config.toml's temperature is not sent: \(choice.model) accepts only its default")
            temperature = nil
        }
        let search = offerWeb ? try web.searchTool(file, home: home, logger: logger, environment: environment) : nil
        let config = RunConfig(
            provider: choice.name, model: choice.model, toolFormat: format, budget: budget, price: price,
            maxOutputTokensPerCall: replyCap, temperature: temperature, contextWindowTokens: window,
            maxObservationChars: defaults.maxObservationChars, memory: memory != nil,
            appendOnlyPrompt: catalog?.preservedThinking == true, turnGrammar: defaults.turnGrammar && format == .react,
            citedAnswers: defaults.turnGrammar && format == .react, rereadAnswers: defaults.turnGrammar && format == .react)
        let fetch = try web.fetchSettings(file, home: home)
        let registry = try registry(
            home: home, documents: documents, search: search, fetch: fetch, offerWeb: offerWeb, code: code, memory: memory)
        let client = HTTPClient(userAgent: "research-agent/\(programVersion)")
        let secrets = (Provider.secretVariables + SearchProviderChoice.secretVariables).compactMap { environment[$0] }.filter {
            !$0.isEmpty
        }
        var setup = RunSetup(
            config: config, model: choice.makeModel(client: client, logger: logger, environment: environment), registry: registry,
            secrets: secrets, home: home, search: search, fetch: fetch, openingResults: file.openingSearch)
        setup.config.openingSearch = setup.openingSearch(for: registry)
        return setup
    }

    /// The search a run with `registry`'s enabled tools opens with: `search_docs` when it is
    /// offered (a question asked over documents is most likely about them), else
    /// `web_search` when a search engine is configured; nil without either, or when
    /// config.toml asks for none. Call again once a run's tools are settled.
    func openingSearch(for registry: ToolRegistry) -> OpeningSearch? {
        guard let results = openingResults else { return nil }
        let offered = Set(registry.enabledManifests.map(\.name))
        if offered.contains(SearchDocsTool.name) { return OpeningSearch(tool: SearchDocsTool.name, results: results) }
        if offered.contains(WebSearchTool.name), search?.isAvailable == true {
            return OpeningSearch(tool: WebSearchTool.name, results: results)
        }
        return nil
    }

    /// The tools of another run of this setup, with its own documents, code settings and memory.
    func registry(documents: DocumentSearch?, code: CodeSettings?, memory: (any MemoryStore)?) throws(CLIError) -> ToolRegistry {
        var registry = try Self.registry(
            home: home, documents: documents, search: search, fetch: fetch, offerWeb: search != nil, code: code, memory: memory)
        for tool in mcpTools { registry.register(tool, caps: tool.manifest.limits) }
        return registry
    }

    /// Starts `servers` (those not running yet), lists their tools and adds them to the
    /// registry and to every later one; a server that cannot start is one note on stderr.
    /// - Parameter approval: makes, per server configured with `approve`, what asks before its calls.
    mutating func connect(_ servers: [MCPServer], approval: (@Sendable (_ server: String) -> any CodeApproval)?) async {
        mcpTools = await registry.addMCPTools(of: servers, approval: approval)
    }

    private static func registry(
        home: Home, documents: DocumentSearch?, search: WebSearchTool?, fetch: FetchSettings, offerWeb: Bool, code: CodeSettings?,
        memory: (any MemoryStore)?
    ) throws(CLIError) -> ToolRegistry {
        var registry: ToolRegistry
        let open: (@Sendable () throws -> DocumentSearch)? = documents.map { search in { @Sendable in search } }
        let store: (@Sendable () throws -> any MemoryStore)? = memory.map { m in { @Sendable in m } }
        do {
            registry = try BuiltinTools.registry(home: home.path, documents: open, fetch: fetch, search: search, code: code, memory: store)
        } catch {
            throw CLIError.usage(error.message)
        }
        if !offerWeb {
            registry.disable(WebSearchTool.name)
            registry.disable(FetchURLTool.name)
        }
        return registry
    }
}

extension ToolRegistry {
    /// Starts `servers` (those not running yet), lists their tools and registers them, each
    /// with its own limits as caps; a server that gives none is one note on stderr. Returns
    /// the tools, for later registries of the same setup.
    /// - Parameter approval: makes, per server configured with `approve`, what asks before its calls.
    mutating func addMCPTools(
        of servers: [MCPServer], approval: (@Sendable (_ server: String) -> any CodeApproval)?
    ) async -> [any Tool] {
        guard !servers.isEmpty else { return [] }
        let taken = Set(manifests.map(\.name)).union(BuiltinTools.names)
        let (tools, notices) = await MCPServerPool.tools(of: servers, taken: taken, approval: approval)
        for line in notices { StandardError.line("research-agent: note: \(line)") }
        for tool in tools { register(tool, caps: tool.manifest.limits) }
        return tools
    }
}
