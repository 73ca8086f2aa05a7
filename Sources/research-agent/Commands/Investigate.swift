import AgentCore
import ArgumentParser
import Foundation
import Logging
import Memory
import Retrieval
import Synchronization
import Tools
import Transcript

/// `research-agent investigate QUESTION`: one research run, shown as it happens.
struct Investigate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Research a question: reason, call tools, and answer with numbered sources.",
        discussion: "Every step is written to a transcript (default <home>/transcripts/<run-id>.jsonl) that `replay` can show or verify.")

    @Argument(help: "The question. Without it, the question is read from standard input.")
    var question: String?

    @OptionGroup var run: RunOptions

    @Option(
        name: .customLong("docs"),
        help: ArgumentHelp(
            "Index this file or folder (as docs sync does) before the run, so search_docs finds it. Repeatable.", valueName: "path"))
    var docs: [String] = []

    @OptionGroup var embedderOptions: EmbedderOptions

    @OptionGroup var web: WebOptions

    @OptionGroup var code: CodeOptions
    @Flag(
        name: .customLong("no-web"),
        help: "Offer neither web_search nor fetch_url: the run uses only the other tools (documents, scratchpad).")
    var noWeb = false

    @Flag(help: "Print the events as JSON lines (the transcript format) instead of text.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Write the transcript here instead of <home>/transcripts/ (with memory on, a link to it is put there, so memory rebuild finds it).",
            valueName: "file"))
    var transcript: String?

    @Flag(
        name: .customLong("no-memory"),
        help:
            "Recall nothing and remember nothing: no memories in the prompt, no remember or recall tools, nothing saved (clean evaluation runs)."
    )
    var noMemory = false

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws { try DocsSetup.checkExist(docs) }

    func run() async throws {
        let task = try readQuestion()
        let home = homeOptions.resolved
        try home.prepare()
        let logger = Logger(label: "research-agent")
        let environment = ProcessInfo.processInfo.environment
        let documents = try DocsSetup.open(home: home, embedderOptions: embedderOptions, logger: logger, environment: environment)
        defer { documents.close() }
        if !docs.isEmpty {
            let summary = try await documents.ingest(docs, removeVanished: true)
            StandardError.line("docs: \(summary)")
        }
        // search_docs is offered only when there is something to search.
        let hasDocuments = ((try? documents.index.stats().documents) ?? 0) > 0
        let memory = noMemory ? nil : MemorySetup.store(database: documents.index.database, embedder: documents.embedder)
        let runID = UUID().uuidString.lowercased()
        let codeSettings = code.settings(
            try Configuration.load(path: home.configFile), runID: runID, environment: environment, interactive: CodeOptions.interactive)
        defer { CodeOptions.finish(codeSettings) }
        let setup = try RunSetup.make(
            home: home, options: run, documents: hasDocuments ? documents.search : nil, web: web, offerWeb: !noWeb, code: codeSettings,
            memory: memory,
            environment: environment, logger: logger)
        let path = transcript.map(Home.absolute) ?? "\(home.transcripts)/\(runID).jsonl"
        let writer: TranscriptWriter
        do { writer = try TranscriptWriter(path: path, secrets: setup.secrets) } catch { throw CLIError.failure(error.message) }
        defer { writer.close() }
        if memory != nil, Self.realFolder(of: path) != Self.realFolder(of: home.transcripts + "/x") {
            // memory rebuild reads <home>/transcripts; a link there keeps what this run
            // remembers rebuildable from a transcript written elsewhere.
            try? FileManager.default.createSymbolicLink(atPath: "\(home.transcripts)/\(runID).jsonl", withDestinationPath: path)
        }

        let tools = setup.registry.enabledManifests
        let start = RunStart(
            task: task, config: setup.config, tools: tools.map(Digest.toolDigest), version: programVersion,
            seed: UInt64.random(in: 0...UInt64.max))
        let view = ConsoleView(json: json, style: Style.detect(), secrets: setup.secrets)
        let investigation = Investigation(
            runID: runID, start: start, tools: tools, model: setup.model, executor: setup.registry,
            sink: EventFanout([writer, view]), clock: SystemClock(), memory: memory)
        // Ctrl-C is caught before the run starts, so no press can fall between the two.
        let work = Mutex<(task: Task<RunEndRecord, any Error>?, cancelled: Bool)>((nil, false))
        let interrupts = Interrupts {
            work.withLock {
                $0.cancelled = true
                $0.task?.cancel()
            }
        }
        let running = Task { try await investigation.run() }
        work.withLock {
            $0.task = running
            if $0.cancelled { running.cancel() }
        }
        let end: RunEndRecord
        do { end = try await running.value } catch { throw CLIError.failure("\(error)") }
        withExtendedLifetime(interrupts) {}
        if end.status == .error {
            // The reason is in the session above too; stderr gets it as its one line.
            throw CLIError(message: "\(end.reason ?? "the run failed") (transcript: \(path))", exitCode: end.status.exitCode)
        }
        if !json { StandardError.line("transcript: \(path)") }
        if end.status != .answered { throw ExitCode(end.status.exitCode) }
    }

    /// The folder holding `path`, with symlinks resolved (itself when it cannot be).
    private static func realFolder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return DocumentWalker.realPath(folder) ?? folder
    }

    private func readQuestion() throws -> String {
        if let question {
            let q = question.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !q.isEmpty else {
                throw CLIError.usage("the question is empty; ask something, e.g. research-agent investigate \"What is RAG?\"")
            }
            return q
        }
        if isatty(STDIN_FILENO) == 1 { StandardError.write("Question: ") }
        let text = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else { throw CLIError.usage("no question given: pass it as an argument or on standard input") }
        return text
    }
}
