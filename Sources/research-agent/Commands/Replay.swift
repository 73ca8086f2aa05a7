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
        abstract: "Show a recorded run as a timeline, or verify it (--verify) by re-running the loop on its recorded answers.",
        discussion:
            "Replay never calls a model or a tool and never writes to the memory database. --verify exits 0 when every request is identical, 1 at the first that differs."
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

    @Flag(help: "Print the events as JSON lines instead of text.")
    var json = false

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if (file == nil) == (session == nil) { throw ValidationError("give a transcript FILE or --session ID (one of the two)") }
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
        if verify { return try await runVerify(transcript) }
        let view = ConsoleView(json: json, style: Style.detect())
        for event in transcript.events { try view.record(event) }
        if transcript.end == nil && !json { print("(the run has no run.end: it was killed or is still running)") }
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
            print("\(i + 1). \(ConsoleView.oneLine(run.start.task, 100))  " + style.dim("[\(status)] \(run.path)"))
            if let answer = run.end?.answer, !answer.isEmpty { print("   " + ConsoleView.oneLine(answer, 160)) }
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
        let report = try await ReplayVerifier(transcript: transcript).verify(encoder: encoder, tools: tools)
        switch report {
        case .identical(let n):
            print("identical: all \(n) requests match the transcript byte for byte")
        case .diverged(let step, let old, let new, let diff):
            print("diverged at step \(step): recorded sha256 \(old), replayed sha256 \(new)")
            print(diff)
            throw ExitCode(1)
        case .countDiffers(let recorded, let replayed):
            print("diverged: the transcript has \(recorded) requests, the replay made \(replayed)")
            throw ExitCode(1)
        }
    }
}
