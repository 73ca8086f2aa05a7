import AgentCore
import Foundation
import Logging
import Memory
import Retrieval
import Synchronization
import Tools
import Transcript

/// What every question of one `investigate` shares (its home, documents and memory), and
/// how one question becomes a run: its own setup, transcript, console view and Ctrl-C.
final class InvestigationSetup {
    /// The home.
    let home: Home
    /// The home's documents, open for search_docs.
    let documents: DocsSetup
    /// Long-term memory, nil with `--no-memory`.
    let memory: LongTermMemory?
    let logger: Logger
    let environment: [String: String]
    /// The run in progress, for Ctrl-C to cancel.
    private final class InProgress: Sendable {
        struct State {
            var active = false
            var cancelled = false
            var task: Task<RunEndRecord, any Error>?
        }
        let state = Mutex(State())
    }

    private let inProgress = InProgress()

    /// Ctrl-C, from the first run on (before it, a press stops the program as usual, so a
    /// long indexing of --docs can be interrupted). Between a session's questions a press
    /// cancels nothing and is ignored.
    private lazy var interrupts: Interrupts = { [inProgress] in
        Interrupts {
            inProgress.state.withLock { now in
                guard now.active else { return false }
                now.cancelled = true
                now.task?.cancel()
                return true
            }
        }
    }()

    /// The model of each provider and name used so far: a session's next question talks to
    /// the same one, so the local server keeps running with its prompt cache warm.
    private var models: [String: any LanguageModel] = [:]
    /// The MCP servers' tools, listed at the first question and kept for the session (the
    /// servers keep running between questions).
    private var mcpTools: [any Tool]?

    /// Opens the home's documents and memory; indexes `docs` first when given.
    init(home: Home, docs: [String], embedderOptions: EmbedderOptions, noMemory: Bool) async throws {
        self.home = home
        try home.prepare()
        logger = Logger(label: "research-agent")
        environment = ProcessInfo.processInfo.environment
        documents = try DocsSetup.open(home: home, embedderOptions: embedderOptions, logger: logger, environment: environment)
        if !docs.isEmpty {
            let summary = try await documents.ingest(docs, removeVanished: true)
            StandardError.line("docs: \(summary)")
        }
        memory = noMemory ? nil : MemorySetup.store(database: documents.index.database, embedder: documents.embedder)
    }

    deinit { documents.close() }

    /// How one question is run: the flags in effect for it.
    struct Settings {
        var run: RunOptions
        var web: WebOptions
        var code: CodeOptions
        var mcp: MCPOptions
        var offerWeb: Bool
        var json: Bool
        /// Tools the user turned off for the session.
        var disabledTools: Set<String> = []
        /// Answers run_code's questions for the whole session ("always" lasts), nil for one
        /// asked per run.
        var approval: TerminalApproval?
    }

    /// Runs `task` to its end, shown on the terminal and recorded in a transcript (at
    /// `transcript`, else under the home). The first Ctrl-C cancels the run; the run then
    /// ends as cancelled with its transcript complete.
    func run(_ task: String, settings: Settings, session: SessionContext? = nil, transcript: String? = nil) async throws -> (
        run: RecordedRun, end: RunEndRecord
    ) {
        let runID = UUID().uuidString.lowercased()
        let codeSettings = try codeSettings(settings, runID: runID)
        defer { CodeOptions.finish(codeSettings) }
        try await connectMCP(settings)
        var setup = try runSetup(settings, code: codeSettings)
        let key = "\(setup.config.provider)/\(setup.config.model)"
        // Only the latest model is kept: after /model the old local server stops.
        if let known = models[key] { setup.model = known } else { models = [key: setup.model] }
        let path = transcript ?? "\(home.transcripts)/\(runID).jsonl"
        let writer: TranscriptWriter
        do { writer = try TranscriptWriter(path: path, secrets: setup.secrets) } catch { throw CLIError.failure(error.message) }
        defer { writer.close() }
        if memory != nil, Self.realFolder(of: path) != Self.realFolder(of: home.transcripts + "/x") {
            // memory rebuild reads <home>/transcripts; a link there keeps what this run
            // remembers rebuildable from a transcript written elsewhere.
            try? FileManager.default.createSymbolicLink(atPath: "\(home.transcripts)/\(runID).jsonl", withDestinationPath: path)
        }
        let tools = setup.registry.enabledManifests
        // The history fits this run's window, whatever model the question before had.
        let start = RunStart(
            task: task, config: setup.config, tools: tools.map(Digest.toolDigest), version: programVersion,
            seed: UInt64.random(in: 0...UInt64.max), session: session?.fitted(maxTokens: RecordedRun.historyTokens(setup.config)))
        let view = ConsoleView(json: settings.json, style: Style.detect(), secrets: setup.secrets)
        let found = FoundSources()
        let investigation = Investigation(
            runID: runID, start: start, tools: tools, model: setup.model, executor: setup.registry,
            sink: EventFanout([writer, view, found]), clock: SystemClock(), memory: memory)
        // Ctrl-C is caught before the run starts, so no press can fall between the two.
        interrupts.rearm()
        inProgress.state.withLock { $0 = InProgress.State(active: true) }
        defer { inProgress.state.withLock { $0 = InProgress.State() } }
        let running = Task { try await investigation.run() }
        inProgress.state.withLock {
            $0.task = running
            if $0.cancelled { running.cancel() }
        }
        let end: RunEndRecord
        do { end = try await running.value } catch { throw CLIError.failure("\(error)") }
        return (RecordedRun(runID: runID, path: path, start: start, end: end, sources: found.sources), end)
    }

    /// Every tool the next question's run would register (the ones it would not offer
    /// disabled), without starting anything.
    func manifests(settings: Settings) throws -> [ToolManifest] {
        try runSetup(settings, code: try codeSettings(settings, runID: "listing")).registry.manifests
    }

    private func codeSettings(_ settings: Settings, runID: String) throws -> CodeSettings? {
        settings.code.settings(
            try Configuration.load(path: home.configFile), runID: runID, environment: environment, interactive: CodeOptions.interactive,
            approval: settings.approval)
    }

    /// Starts the MCP servers and lists their tools, once: later questions reuse the list.
    func connectMCP(_ settings: Settings) async throws {
        guard mcpTools == nil else { return }
        let servers = try settings.mcp.servers(try Configuration.load(path: home.configFile), environment: environment)
        // Only the tool names matter here (a clash with a built-in one): no run setup is made.
        var registry = ToolRegistry()
        mcpTools = await registry.addMCPTools(
            of: servers, approval: TerminalApproval.perServer(scope: settings.approval == nil ? "this run" : "this session"))
    }

    private func runSetup(_ settings: Settings, code: CodeSettings?) throws -> RunSetup {
        // search_docs is offered only when there is something to search.
        let hasDocuments = ((try? documents.index.stats().documents) ?? 0) > 0
        var setup = try RunSetup.make(
            home: home, options: settings.run, documents: hasDocuments ? documents.search : nil, web: settings.web,
            offerWeb: settings.offerWeb, code: code, memory: memory, environment: environment, logger: logger)
        setup.mcpTools = mcpTools ?? []
        for tool in setup.mcpTools { setup.registry.register(tool, caps: tool.manifest.limits) }
        for name in settings.disabledTools { setup.registry.disable(name) }
        setup.config.openingSearch = setup.openingSearch(for: setup.registry)
        return setup
    }

    /// The folder holding `path`, with symlinks resolved (itself when it cannot be).
    private static func realFolder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return DocumentWalker.realPath(folder) ?? folder
    }
}

/// Gathers the sources a run numbers, as its events report them.
final class FoundSources: EventSink, Sendable {
    private let byNumber = Mutex<[Int: NumberedSource]>([:])

    func record(_ event: Event) throws {
        let items: [NumberedSource]
        switch event.payload {
        case .toolResult(let r): items = r.sources
        case .runEnd(let r): items = r.citations
        default: return
        }
        byNumber.withLock { known in
            for item in items where known[item.number] == nil { known[item.number] = item }
        }
    }

    /// Every source so far, by number.
    var sources: [NumberedSource] { byNumber.withLock { $0.values.sorted { $0.number < $1.number } } }

    /// The sources of a recorded run.
    static func of(_ events: [Event]) -> [NumberedSource] {
        let found = FoundSources()
        for event in events { try? found.record(event) }
        return found.sources
    }
}
