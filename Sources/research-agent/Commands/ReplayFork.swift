import AgentCore
import ArgumentParser
import Foundation
import LLM
import Logging
import Memory
import Retrieval
import Tools
import Transcript

/// `replay FILE --fork-from N [changes]`: the run again from step N, with changes. Steps
/// before N replay the parent's record (no model or tool is called, no memory is read);
/// from N on the run is live. The fork's transcript holds the whole run, so it shows,
/// diffs and scores on its own; its run.start names the parent, the step and the changes.
struct ReplayFork {
    var parentPath: String
    var parent: TranscriptFile
    var step: Int
    var options: RunOptions
    /// The system prompt file, if one replaces the built-in prompt.
    var system: String?
    /// `CALL=FILE` pairs: the result of call CALL replaced by the file's text.
    var edits: [String]
    var inject: String?
    var home: Home
    /// Where the servers of the parent's MCP tools come from (config.toml, `--mcp-config`).
    var mcp: MCPOptions
    /// The web tools of the live steps (`--allow-host`, `--search`, `--cache`).
    var web: WebOptions

    func run() async throws {
        guard let start = parent.start, let first = parent.events.first else { throw CLIError.failure("\(parentPath): no run.start") }
        let steps = parent.requests.count
        guard (1...max(1, steps)).contains(step), steps > 0 else {
            throw CLIError.usage("\(parentPath): cannot fork from step \(step); the run has steps 1 to \(steps)")
        }
        guard let bytes = FileManager.default.contents(atPath: parentPath) else { throw CLIError.failure("cannot read \(parentPath)") }
        Replay.warnUnknownSettings(start, then: "the fork's live steps run without them")
        var changes: [String] = []
        let edited = try editedResults(&changes)
        let systemText = try system.map { path in
            let text = try Self.read(path, what: "--system")
            changes.append("system prompt: \(path)")
            return text
        }
        if let inject {
            guard !inject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIError.usage("--inject needs some text") }
            changes.append("user message before step \(step): \(inject.oneLine(limit: 80))")
        }

        let logger = Logger(label: "research-agent")
        let environment = ProcessInfo.processInfo.environment
        let names = Set(start.tools.map(\.name))
        var live = options
        // The parent's model and budget unless the fork changes them.
        if live.provider == nil { live.provider = Provider(rawValue: start.config.provider) }
        if options.provider == nil && options.model == nil { live.model = start.config.model }
        // The home's database, when a tool the run offered needs it (documents or memory).
        let usesMemory = names.contains(MemoryTools.rememberName) || names.contains(MemoryTools.recallName)
        let database =
            names.contains(SearchDocsTool.name) || usesMemory ? try DocsSetup.open(home: home, embedderOptions: nil, logger: logger) : nil
        defer { database?.close() }
        let memory = usesMemory ? database.map { MemorySetup.store(database: $0.index.database, embedder: $0.embedder) } : nil
        let runID = UUID().uuidString.lowercased()
        let code =
            names.contains(RunCodeTool.name)
            ? try CodeOptions.parse([]).settings(
                Configuration.load(path: home.configFile), runID: runID, environment: environment, interactive: CodeOptions.interactive)
            : nil
        defer { CodeOptions.finish(code) }
        var setup = try RunSetup.make(
            home: home, options: live, documents: names.contains(SearchDocsTool.name) ? database?.search : nil,
            web: web,
            offerWeb: names.contains(WebSearchTool.name) || names.contains(FetchURLTool.name), code: code, memory: memory,
            environment: environment, logger: logger)
        // The live steps call the parent's MCP tools for real: start the servers it used.
        let used = Set(start.tools.compactMap { $0.server?.name })
        if !used.isEmpty {
            let servers = try mcp.servers(try Configuration.load(path: home.configFile), environment: environment)
            await setup.connect(servers.filter { used.contains($0.settings.name) }, approval: TerminalApproval.perServer())
        }
        // The parent's configuration, with what the changes touch taken from the new setup:
        // the model's own settings, and the tool format only when it was asked for.
        var config = start.config
        if options.provider != nil || options.model != nil || options.toolFormat != nil {
            let fresh = setup.config
            if options.provider != nil || options.model != nil {
                (config.provider, config.model, config.price) = (fresh.provider, fresh.model, fresh.price)
                (config.maxOutputTokensPerCall, config.contextWindowTokens) = (fresh.maxOutputTokensPerCall, fresh.contextWindowTokens)
                (config.temperature, config.appendOnlyPrompt) = (fresh.temperature, fresh.appendOnlyPrompt)
                config.maxObservationChars = fresh.maxObservationChars
                changes.append("model: \(start.config.provider)/\(start.config.model) → \(config.provider)/\(config.model)")
            }
            // The opening search stays the parent's: it is part of the prefix the fork replays.
            (config.toolFormat, config.turnGrammar, config.citedAnswers) = (fresh.toolFormat, fresh.turnGrammar, fresh.citedAnswers)
            config.rereadAnswers = fresh.rereadAnswers
        }
        if config.toolFormat != start.config.toolFormat {
            // The prefix replays turns recorded in the parent's format.
            guard step == 1 else {
                throw CLIError.usage(
                    "the fork would use the \(config.toolFormat.rawValue) tool format, but the turns before step \(step) were recorded in the \(start.config.toolFormat.rawValue) one; fork from step 1, or add --tool-format \(start.config.toolFormat.rawValue)"
                )
            }
            changes.append("tool format: \(start.config.toolFormat.rawValue) → \(config.toolFormat.rawValue)")
        }
        applyBudget(to: &config, changes: &changes)
        guard config.budget.maxSteps >= step else {
            throw CLIError.usage(
                "--max-steps \(config.budget.maxSteps) leaves no live step: the fork replays steps 1 to \(step - 1) and runs from step \(step)"
            )
        }
        if let systemText { config.systemPrompt = systemText }
        if let reason = config.budget.unenforceableReason(model: config.model, price: config.price) { throw CLIError.usage(reason) }

        var tools: [ToolManifest] = []
        for digest in start.tools {
            guard var manifest = setup.registry.manifest(named: digest.name) else {
                throw CLIError.failure(
                    "the run used tool '\(digest.name)', which this setup cannot offer; the fork cannot go on without it")
            }
            if !manifest.enabled {
                guard digest.name == RunCodeTool.name else {
                    throw CLIError.failure("the run used tool '\(digest.name)', which is turned off here (tools/\(digest.name).json)")
                }
                // Offered still, so the fork's requests are the parent's; the tool itself
                // refuses a call it has no consent for, and the model reads why.
                StandardError.line(
                    "research-agent: note: the run offered run_code; the fork offers it too, but refuses each call of it "
                        + "(fork on a terminal to approve them, or set allow_code = true in config.toml)")
            }
            manifest.enabled = true
            tools.append(manifest)
        }
        let origin = ForkOrigin(
            parentRun: first.run, parentPath: parentPath, parentSHA256: Digest.sha256([UInt8](bytes)), step: step,
            injections: injections(inheritedFrom: start),
            editedResults: edited, changes: changes)
        let forkStart = RunStart(
            task: start.task, config: config, tools: tools.map(Digest.toolDigest), version: programVersion, seed: start.seed,
            session: start.session, fork: origin)
        let path = "\(home.transcripts)/\(runID).jsonl"
        let writer: TranscriptWriter
        do { writer = try TranscriptWriter(path: path, secrets: setup.secrets) } catch { throw CLIError.failure(error.message) }
        defer { writer.close() }

        let prefix = Fork.prefix(of: parent.events, origin: origin)
        let replayClock = ReplayClock(start: first.ts)
        let clock = ForkClock(replay: replayClock, live: SystemClock())
        StandardError.line(
            "fork of \(first.run.prefix(8)) from step \(step)"
                + (changes.isEmpty ? " (no changes)" : ": " + changes.joined(separator: "; ")))
        let investigation = Investigation(
            runID: runID, start: forkStart, tools: tools,
            model: ForkModel(prefix: prefix, live: setup.model, step: step, clock: clock, replayClock: replayClock),
            executor: ForkTools(prefix: prefix, live: setup.registry, step: step, replayClock: replayClock),
            sink: EventFanout([writer, ConsoleView(json: false, style: Style.detect(), secrets: setup.secrets)]), clock: clock,
            memory: RecordedMemory(events: prefix))
        let end: RunEndRecord
        do { end = try await Interrupts.cancellable { try await investigation.run() } } catch { throw CLIError.failure("\(error)") }
        StandardError.line("fork: \(path)")
        if end.status == .error { throw CLIError(message: end.reason ?? "the fork failed", exitCode: 1) }
        if end.status != .answered { throw ExitCode(end.status.exitCode) }
    }

    /// The messages injected before the fork's steps: a forked parent's before the fork
    /// step (its prefix was built with them), and `--inject` at the fork step.
    private func injections(inheritedFrom start: RunStart) -> [Int: String] {
        var out = (start.fork?.injections ?? [:]).filter { $0.key < step }
        if let inject { out[step] = inject }
        return out
    }

    /// The results `--edit-result` replaces, each checked to be a call before the fork step.
    private func editedResults(_ changes: inout [String]) throws -> [String: String] {
        let calls = Fork.callsBefore(step, in: parent.events)
        var edited: [String: String] = [:]
        for edit in edits {
            let parts = edit.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw CLIError.usage("--edit-result takes CALL=FILE (got \(edit))") }
            guard let call = calls.first(where: { $0.id == parts[0] }) else {
                let known =
                    calls.isEmpty ? "no tool was called before it" : "the calls before it: " + calls.map(\.id).joined(separator: ", ")
                throw CLIError.usage("--edit-result: '\(parts[0])' is not a tool call before step \(step) (\(known))")
            }
            let steps = Set(calls.filter { $0.id == call.id }.map(\.step))
            guard steps.count == 1 else {
                throw CLIError.usage(
                    "--edit-result: call id '\(call.id)' was used at steps \(steps.sorted().map(String.init).joined(separator: ", ")) (the server numbered its calls per reply); such a result cannot be named alone"
                )
            }
            // The loop answers these itself, from its own state: no recorded result is read back.
            guard call.name != Scratchpad.toolName && call.name != MemoryTools.rememberName else {
                throw CLIError.usage(
                    "--edit-result: '\(parts[0])' is a \(call.name) call, which the loop answers itself; edit the result of a tool that ran"
                )
            }
            edited[parts[0]] = try Self.read(parts[1], what: "--edit-result \(parts[0])")
            changes.append("result of \(parts[0]): \(parts[1])")
        }
        return edited
    }

    /// The budget flags given, over the parent's budget.
    private func applyBudget(to config: inout RunConfig, changes: inout [String]) {
        func note(_ name: String, _ old: String, _ new: String) { changes.append("\(name): \(old) → \(new)") }
        let b = config.budget
        if let n = options.maxSteps, n != b.maxSteps {
            note("max steps", "\(b.maxSteps)", "\(n)")
            config.budget.maxSteps = n
        }
        if let c = options.maxCost {
            note("max cost", b.maxCostUSD.map { "$\($0)" } ?? "none", "$\(c)")
            config.budget.maxCostUSD = c
        }
        if let t = options.maxTime {
            note("max time", b.maxSeconds.map { "\($0) s" } ?? "none", "\(t) s")
            config.budget.maxSeconds = t
        }
        if let n = options.maxInputTokens {
            note("max input tokens", b.maxInputTokens.map(String.init) ?? "none", "\(n)")
            config.budget.maxInputTokens = n
        }
        if let n = options.maxOutputTokens {
            note("max output tokens", b.maxOutputTokens.map(String.init) ?? "none", "\(n)")
            config.budget.maxOutputTokens = n
        }
        if let n = options.maxToolCalls {
            note("max tool calls", b.maxToolCalls.map(String.init) ?? "none", "\(n)")
            config.budget.maxToolCalls = n
        }
    }

    private static func read(_ path: String, what: String) throws -> String {
        let absolute = Home.absolute(path)
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw CLIError.usage("\(what): cannot read \(absolute): \(UnreadableFile.reason(absolute) ?? "no such file")")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError.usage("\(what): \(absolute) is not UTF-8 text") }
        return text
    }
}
