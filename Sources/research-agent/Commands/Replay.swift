import AgentCore
import ArgumentParser
import Foundation
import LLM
import Logging
import Tools
import Transcript

/// `research-agent replay FILE`: show a recorded run, or verify that today's code makes
/// the same requests.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a recorded run, inspect one step (--step), compare two runs (--diff), verify (--verify), or fork it (--fork-from).",
        discussion:
            "Only --fork-from calls a model or a tool, and only from its fork step on; the rest never does and never writes to the memory database. "
            + "--verify exits 0 when every request is identical, 1 at the first that differs; a fork's verify replays its first steps from its parent's transcript, which must be unchanged. "
            + "A fork keeps the parent run's provider, model, tool format and budget except what its flags change: the defaults below are those of a new run."
    )

    @Argument(help: "A transcript (.jsonl).")
    var file: String?

    @Option(
        help: ArgumentHelp(
            "List (or with --verify, verify) every run of an interactive session: its id or the id's start, or 'last'.",
            valueName: "id"))
    var session: String?

    @Flag(help: "Re-run the loop on the recorded responses and tool results and compare each request byte for byte.")
    var verify = false

    @Flag(help: "Print the events as JSON lines instead of text (with --step or --diff: one JSON object).")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Compare with another transcript: where the requests first differ, each step of both side by side, the answers, and the change in steps, tokens, cost and time.",
            valueName: "other"))
    var diff: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Show step N in full: each request message with its size, the raw response, each tool call with its whole result, the budget, and what the loop did next.",
            valueName: "n"))
    var step: Int?

    @Option(
        name: .customLong("fork-from"), parsing: .unconditional,
        help: ArgumentHelp(
            "Run again from step N: the steps before it replay the record, the rest run live with the changes given (--provider, --model, --system, --edit-result, --inject, budget flags). The fork gets a transcript of its own.",
            valueName: "n"))
    var forkFrom: Int?

    @Option(
        help: ArgumentHelp("With --fork-from: this file's text replaces the system prompt.", valueName: "file"))
    var system: String?

    @Option(
        name: .customLong("edit-result"),
        help: ArgumentHelp(
            "With --fork-from: replace the result of tool call CALL (a call before the fork step; see --step) with this file's text. Repeatable.",
            valueName: "call=file"))
    var editResult: [String] = []

    @Option(
        name: .customLong("inject"),
        help: ArgumentHelp("With --fork-from: add this user message right before the fork step's request (once).", valueName: "text"))
    var injects: [String] = []

    /// The one `--inject`; more are refused rather than all but the last dropped.
    var inject: String? { injects.last }

    @OptionGroup(title: "Fork changes (with --fork-from; unset, each is the parent run's)") var run: RunOptions

    @OptionGroup(title: "MCP servers of a fork's live steps (with --fork-from)") var mcp: MCPOptions

    /// The web tools of a fork's live steps: run.start does not record the parent's
    /// --allow-host or --search, so a fork that fetches from such a host needs it again.
    @OptionGroup(title: "Web tools of a fork's live steps (with --fork-from; the parent's --allow-host is not recorded)")
    var web: WebOptions

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if (file == nil) == (session == nil) { throw ValidationError("give a transcript FILE or --session ID (one of the two)") }
        let changes =
            system != nil || !editResult.isEmpty || inject != nil || run.provider != nil || run.model != nil
            || run.toolFormat != nil || run.maxSteps != nil || run.maxCost != nil || run.maxTime != nil || run.maxInputTokens != nil
            || run.maxOutputTokens != nil || run.maxToolCalls != nil || !web.allowHost.isEmpty || web.search != nil
        if forkFrom == nil && changes {
            throw ValidationError(
                "--provider, --model, --system, --edit-result, --inject, the budget flags, --allow-host and --search change a fork: add --fork-from N"
            )
        }
        if forkFrom != nil && (verify || session != nil || step != nil || diff != nil || json) {
            throw ValidationError("--fork-from makes a new run; leave out --verify, --session, --step, --diff and --json")
        }
        if diff != nil && (verify || session != nil || step != nil) {
            throw ValidationError("--diff compares two transcripts; leave out --verify, --session and --step")
        }
        if step != nil && (verify || session != nil) {
            throw ValidationError("--step shows one step of one transcript; leave out --verify and --session")
        }
        if step == 0 {
            throw ValidationError(
                "--step 0 is the opening search the loop makes before the model's first turn: --step 1 shows its call and result in the request"
            )
        }
        if injects.count > 1 {
            throw ValidationError("--inject is given once: one user message goes before the fork step; put all its text in one --inject")
        }
        if let step, step < 1 { throw ValidationError("--step must be 1 or more (got \(step))") }
        if session != nil && json { throw ValidationError("--json prints one run's events; it does not go with --session") }
    }

    func run() async throws {
        if let session { return try await runSession(session) }
        let file = file ?? ""
        let transcript: TranscriptFile
        do { transcript = try TranscriptFile(path: Home.absolute(file)) } catch { throw CLIError.failure(error.message) }
        if transcript.tornLastLine {
            StandardError.line("research-agent: note: the last line of \(file) was cut off (the run was killed) and is skipped")
        }
        if let forkFrom {
            return try await ReplayFork(
                parentPath: Home.absolute(file), parent: transcript, step: forkFrom, options: run, system: system, edits: editResult,
                inject: inject, home: homeOptions.resolved, mcp: mcp, web: web
            ).run()
        }
        if let step { return try inspect(transcript, step: step) }
        if let diff { return try compare(transcript, with: diff) }
        if verify { return try await runVerify(transcript) }
        let view = ConsoleView(json: json, style: Style.detect())
        for event in transcript.events { try view.record(event) }
        if transcript.end == nil && !json { print("(the run has no run.end: it was killed or is still running)") }
    }

    /// A fork's parent transcript, checked to be the one the fork was made from; nil for a
    /// run that is not a fork.
    static func parent(of start: RunStart, home: Home) throws -> TranscriptFile? {
        guard let origin = start.fork else { return nil }
        let candidates = [origin.parentPath, "\(home.transcripts)/\(origin.parentRun).jsonl"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
            let bytes = FileManager.default.contents(atPath: path)
        else {
            throw CLIError.failure(
                "the fork's parent run \(origin.parentRun) is missing (looked for \(candidates.joined(separator: " and "))); its first \(origin.step - 1) steps cannot be replayed"
            )
        }
        let sha = Digest.sha256([UInt8](bytes))
        guard sha == origin.parentSHA256 else {
            throw CLIError.failure(
                "the fork's parent \(path) changed since the fork (sha256 \(sha.prefix(12))…, the fork recorded \(origin.parentSHA256.prefix(12))…); the fork cannot be verified against it"
            )
        }
        do { return try TranscriptFile(data: bytes, name: path) } catch { throw CLIError.failure(error.message) }
    }

    /// Says on stderr that the run used settings this build does not have (recorded by
    /// another version), so that a replay's differences are not a mystery.
    static func warnUnknownSettings(_ start: RunStart, then consequence: String) {
        let unknown = start.config.unknownSettings
        guard !unknown.isEmpty else { return }
        StandardError.line(
            "replay: the run used settings this build does not have (\(unknown.joined(separator: ", "))): another version recorded it, and \(consequence)"
        )
    }

    private func compare(_ transcript: TranscriptFile, with other: String) throws {
        let second: TranscriptFile
        do { second = try TranscriptFile(path: Home.absolute(other)) } catch { throw CLIError.failure(error.message) }
        let comparison = RunDiff(transcript, second)
        if json {
            print(comparison.json.canonicalText)
        } else {
            print(RunDiffView.render(comparison, names: (file ?? "", other), style: Style.detect()), terminator: "")
        }
    }

    private func inspect(_ transcript: TranscriptFile, step: Int) throws {
        let steps = transcript.requests.count
        guard let inspection = StepInspection(events: transcript.events, step: step) else {
            let has = steps == 0 ? "the run made no model request" : "the run has steps 1 to \(steps)"
            throw CLIError.usage("\(file ?? ""): there is no step \(step); \(has)")
        }
        if json {
            print(inspection.json.canonicalText)
        } else {
            print(StepView.render(inspection, style: Style.detect()), terminator: "")
        }
    }

    /// The session's runs in order, one line each with the start of its answer; with
    /// --verify, each run verified on its own.
    private func runSession(_ id: String) async throws {
        let (sessionID, runs) = try SessionArchive.runs(in: homeOptions.resolved, session: id == "last" ? "" : id)
        let style = Style.detect()
        print(style.bold("session \(sessionID)") + style.dim(" · \(ConsoleView.count(runs.count, "question"))"))
        var diverged = 0
        for (i, run) in runs.enumerated() {
            let status = run.end?.status.rawValue ?? "killed"
            print("\(i + 1). \(run.start.task.oneLine(limit: 100))  " + style.dim("[\(status)] \(run.path)"))
            if let answer = run.end?.answer, !answer.isEmpty { print("   " + answer.oneLine(limit: 160)) }
            guard verify else { continue }
            let transcript: TranscriptFile
            do { transcript = try TranscriptFile(path: run.path) } catch { throw CLIError.failure(error.message) }
            do { try await runVerify(transcript, name: run.path) } catch is ExitCode { diverged += 1 }
        }
        if diverged > 0 { throw CLIError.failure("\(diverged) of \(runs.count) runs diverged") }
    }

    private func runVerify(_ transcript: TranscriptFile, name: String? = nil) async throws {
        let file = name ?? file ?? ""
        guard let start = transcript.start else { throw CLIError.failure("\(file): no run.start") }
        let logger = Logger(label: "research-agent")
        let encoder: any LanguageModel
        do { encoder = try ProviderChoice.encoder(provider: start.config.provider, model: start.config.model, logger: logger) } catch {
            throw CLIError.failure(error.message)
        }
        let registry: ToolRegistry
        do {
            registry = try BuiltinTools.registry(
                home: homeOptions.resolved.path, documents: DocsSetup.lazySearch(home: homeOptions.resolved, logger: logger),
                memory: MemorySetup.lazy(home: homeOptions.resolved, logger: logger))
        } catch { throw CLIError.usage(error.message) }
        var tools: [ToolManifest] = []
        for digest in start.tools {
            // An MCP tool is rebuilt from the schema the run recorded: no server is started.
            if digest.server != nil, let schema = digest.schema {
                tools.append(ToolManifest(schema: schema, server: digest.server))
                continue
            }
            guard var manifest = registry.manifest(named: digest.name) else {
                throw CLIError.failure("the run used tool '\(digest.name)', which this build does not have; it cannot be verified")
            }
            // The run offered it (run_code with the user's consent); replay runs no tool.
            manifest.enabled = true
            tools.append(manifest)
        }
        // A schema changed since the run (a newer build, or a tools/ override) makes every
        // request that offers it differ: say so before the verdict.
        let changed = zip(start.tools, tools).filter { $0.schemaSHA256 != Digest.toolDigest($1).schemaSHA256 }.map(\.0.name)
        if !changed.isEmpty {
            StandardError.line(
                "replay: the schema of \(changed.joined(separator: ", ")) differs from the one the run recorded (another version or a tools/ override); requests offering it will differ"
            )
        }
        Self.warnUnknownSettings(start, then: "requests they shaped will differ")
        let report = try await ReplayVerifier(transcript: transcript, parent: try Self.parent(of: start, home: homeOptions.resolved))
            .verify(encoder: encoder, tools: tools)
        switch report {
        case .identical(let n):
            print("identical: all \(n) requests match the transcript byte for byte")
        case .diverged(let step, let old, let new, let diff):
            print("diverged at step \(step): recorded sha256 \(old), replayed sha256 \(new)")
            print(diff)
            throw ExitCode(1)
        case .cutOff(let n):
            print("identical: all \(n) requests match; the run was cut off (no run.end) before its next request was written")
        case .countDiffers(let recorded, let replayed):
            print("diverged: the transcript has \(recorded) requests, the replay made \(replayed)")
            throw ExitCode(1)
        }
    }
}
