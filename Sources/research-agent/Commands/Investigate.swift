import AgentCore
import ArgumentParser
import Foundation

/// `research-agent investigate [QUESTION]`: one research run, shown as it happens, or an
/// interactive session of runs (follow-ups, slash commands).
struct Investigate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Research a question: reason, call tools, and answer with numbered sources.",
        discussion:
            "Every step is written to a transcript (default <home>/transcripts/<run-id>.jsonl) that `replay` can show or verify. "
            + "On a terminal without a question (or with -i), a session opens: each question is a run with its own transcript and "
            + "sees the earlier questions and answers, so follow-ups can build on them. Lines starting with / are commands "
            + "(/help lists them); Ctrl-C cancels the running question, Ctrl-D ends the session. History: <home>/history.")

    @Argument(
        help:
            "The question. Without it: on a terminal, an interactive session opens; otherwise the question is read from standard input. With --resume: the session to reopen."
    )
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

    @OptionGroup var mcp: MCPOptions
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

    @Flag(
        name: [.customShort("i"), .customLong("interactive")],
        help: "Answer the question, then stay open for follow-ups and slash commands (an interactive session; needs a terminal).")
    var interactive = false

    @Flag(
        help: ArgumentHelp(
            "Reopen an interactive session with what it knew: the last one, or the one whose id (or its start) is given in place of the question.",
            discussion: "Sessions are found in <home>/transcripts; /new in a session starts a fresh one."))
    var resume = false

    func validate() throws {
        try DocsSetup.checkExist(docs)
        if (interactive || resume) && transcript != nil {
            throw ValidationError("--transcript names one file; a session writes one transcript per question under <home>/transcripts")
        }
        if (interactive || resume) && json { throw ValidationError("--json prints one run's events; it does not go with a session") }
    }

    func run() async throws {
        let terminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let wantsSession = interactive || resume || (question == nil && terminal && !json && transcript == nil)
        if wantsSession && !terminal {
            throw CLIError.usage("an interactive session needs a terminal; pass the question as an argument (or on standard input)")
        }
        let task = wantsSession ? nil : try readQuestion()
        // A transcript is one run: a second one appended would no longer replay or verify.
        if let transcript, let file = try? FileManager.default.attributesOfItem(atPath: Home.absolute(transcript)),
            file[.type] as? FileAttributeType == .typeRegular, (file[.size] as? Int ?? 0) > 0
        {
            throw CLIError.usage("--transcript \(transcript) already holds a run; name a new file (a transcript holds one run)")
        }
        let setup = try await InvestigationSetup(
            home: homeOptions.resolved, docs: docs, embedderOptions: embedderOptions, noMemory: noMemory)
        let settings = InvestigationSetup.Settings(run: run, web: web, code: code, mcp: mcp, offerWeb: !noWeb, json: json)
        if wantsSession {
            var session = try InteractiveSession(setup: setup, settings: settings, resume: resume ? (question ?? "") : nil)
            let first = resume ? nil : question.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            return try await session.run(first: first)
        }
        let (finished, end) = try await setup.run(task ?? "", settings: settings, transcript: transcript.map(Home.absolute))
        if end.status == .error {
            // The reason is in the session above too; stderr gets it as its one line.
            throw CLIError(message: "\(end.reason ?? "the run failed") (transcript: \(finished.path))", exitCode: end.status.exitCode)
        }
        if !json { StandardError.line("transcript: \(finished.path)") }
        if end.status != .answered { throw ExitCode(end.status.exitCode) }
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
