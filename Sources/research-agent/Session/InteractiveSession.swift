import AgentCore
import Foundation
import Memory
import Tools
import Transcript

/// `investigate` kept open: each question is a run that sees the session's earlier
/// questions and answers; lines starting with "/" are commands to the session.
///
/// Everything a run's requests depend on goes through its run.start (the session context,
/// the model, the budget, the tools offered), so each run replays on its own; commands
/// that only look (sources, steps, cost) read the transcripts.
struct InteractiveSession {
    let setup: InvestigationSetup
    var settings: InvestigationSetup.Settings
    /// What the next question sees of the session.
    var context: SessionContext
    /// The session's runs, oldest first (with --resume, the recorded ones too).
    var runs: [RecordedRun]
    let style = Style.detect()

    /// A new session, or the one `resume` names ("" for the most recent).
    init(setup: InvestigationSetup, settings: InvestigationSetup.Settings, resume: String?) throws {
        self.setup = setup
        self.settings = settings
        // One approval for all the session's runs, so "always" lasts for the session.
        self.settings.approval = TerminalApproval(scope: "this session")
        if let resume {
            let (id, runs) = try SessionArchive.runs(in: setup.home, session: resume)
            self.runs = runs
            context = runs.last?.followingContext ?? SessionContext(id: id)
        } else {
            runs = []
            context = SessionContext(id: UUID().uuidString.lowercased())
        }
    }

    /// Asks `first` if given, then reads questions and commands until Ctrl-D or /quit.
    mutating func run(first: String?) async throws {
        if runs.isEmpty {
            say(style.dim("session \(context.id.prefix(8)) · ask a question, /help lists commands, Ctrl-D ends the session"))
        } else {
            say(
                style.dim(
                    "resumed session \(context.id.prefix(8)) after \(ConsoleView.count(runs.count, "question")): the next question sees them"
                ))
            if let last = runs.last { say(style.dim("last question: \(last.start.task.oneLine(limit: 100))")) }
        }
        if let first { await ask(first) }
        let names = toolNames()
        let editor = LineEditor(
            prompt: "research-agent> ", historyFile: setup.home.path + "/history",
            complete: { SlashCommand.completions(for: $0, tools: names) })
        while true {
            switch await Self.read(editor) {
            case .end:
                summary()
                return
            case .interrupted:
                continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !line.isEmpty else { continue }
                editor.add(toHistory: line)
                guard line.hasPrefix("/") else {
                    await ask(line)
                    continue
                }
                let command = SlashCommand.parse(line)
                if command == .quit {
                    summary()
                    return
                }
                await perform(command)
            }
        }
    }

    /// The next line, read on a thread of its own: waiting for a person must not hold one
    /// of the few threads every task shares.
    private static func read(_ editor: LineEditor) async -> LineEditor.Read {
        let box = EditorBox(editor)
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: box.editor.read()) }.start()
        }
    }

    /// Hands the editor to its reading thread; only one thread uses it at a time.
    private final class EditorBox: @unchecked Sendable {
        let editor: LineEditor
        init(_ editor: LineEditor) { self.editor = editor }
    }

    /// Runs one question in the session; a run that cannot start says why in one line.
    mutating func ask(_ question: String) async {
        do {
            let (run, _) = try await setup.run(question, settings: settings, session: context)
            runs.append(run)
            if let next = run.followingContext { context = next }
            say(style.dim("transcript: \(run.path)"))
        } catch let error as CLIError {
            say(style.red("error: \(error.message)"))
        } catch {
            say(style.red("error: \(error)"))
        }
    }

    /// Carries out a command other than /quit.
    mutating func perform(_ command: SlashCommand) async {
        do {
            switch command {
            case .help: help()
            case .new:
                context = SessionContext(id: UUID().uuidString.lowercased())
                runs = []
                // "always" was an answer for the session that ended.
                settings.approval = TerminalApproval(scope: "this session")
                say("new session \(context.id.prefix(8)): earlier questions are no longer in view")
            case .sources: sources()
            case .open(let n): try open(n)
            case .steps: try steps()
            case .cost: cost()
            case .model(let name): model(name)
            case .budget(let change): budget(change)
            case .tools(let change): try tools(change)
            case .memory(let query): try await memory(query)
            case .remember(let text):
                let id = try await MemorySetup.remember(text, memory: try store(), home: setup.home)
                say("remembered \(id)")
            case .forget(let id):
                let found = try await MemorySetup.forget(id, memory: try store(), home: setup.home)
                say("forgot \(found.id): \(found.text.split(separator: "\n").first ?? "")")
            case .export(let file): try export(to: file)
            case .invalid(let message): say(style.yellow(message))
            case .quit: break
            }
        } catch let error as CLIError {
            say(style.red("error: \(error.message)"))
        } catch {
            say(style.red("error: \(error)"))
        }
    }

    private func help() {
        let width = SlashCommand.catalog.map { $0.name.count + $0.arguments.count + 1 }.max() ?? 0
        var lines = ["Ask a question, or a follow-up that builds on the answers so far. Commands:"]
        for item in SlashCommand.catalog {
            let usage = item.arguments.isEmpty ? item.name : "\(item.name) \(item.arguments)"
            lines.append("  " + usage.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + item.summary)
        }
        lines.append("Tab completes commands; Ctrl-C cancels a running question (at the prompt, clears the line); Ctrl-D ends.")
        say(lines.joined(separator: "\n"))
    }

    private func sources() {
        guard let end = runs.last?.end else { return say("no answer yet: ask a question first") }
        guard !end.citations.isEmpty else { return say("the last answer cites no source") }
        for c in end.citations {
            var line = style.bold("[\(c.number)]") + " " + (c.source.title ?? c.source.ref)
            line += "\n     \(c.source.kind.rawValue): \(c.source.ref)"
            say(line)
        }
    }

    /// The text the agent read from source `n`: the results that brought it alone (a page
    /// or document it read, all parts in order), else its entries in result lists.
    private func open(_ n: Int) throws {
        guard let source = context.sources.first(where: { $0.number == n })?.source else {
            return say("no source [\(n)] in this session; /sources lists the last answer's")
        }
        var pages: [String] = []
        var entries: [String] = []
        for run in runs.reversed() where pages.isEmpty {
            let file: TranscriptFile
            do { file = try TranscriptFile(path: run.path) } catch { throw CLIError.failure(error.message) }
            var tools: [String: String] = [:]
            for event in file.events {
                if case .toolCall(let c) = event.payload { tools[c.id] = c.name }
                guard case .toolResult(let r) = event.payload, !r.isError, r.sources.contains(where: { $0.source.ref == source.ref })
                else { continue }
                // A result list with one hit is still a list, not the text read.
                if r.sources.count == 1, !Self.listTools.contains(tools[r.id] ?? "") {
                    pages.append(r.output)
                } else if let number = r.sources.first(where: { $0.source.ref == source.ref })?.number,
                    let entry = Self.entry(number, in: r.output)
                {
                    entries.append(entry)
                }
            }
        }
        var text = style.bold("[\(n)] \(source.title ?? source.ref)") + "\n" + style.dim(source.ref) + "\n\n"
        if !pages.isEmpty {
            text += pages.joined(separator: "\n\n")
        } else if let entry = entries.last {
            text += entry + "\n" + style.dim("(only its search entry was read)")
        } else {
            text += style.dim("(no text of it is recorded in this session's transcripts)")
        }
        say(text)
    }

    /// Tools whose results list sources rather than hold their text.
    static let listTools: Set<String> = [WebSearchTool.name, MemoryTools.recallName]

    /// The part of a result list under `[n]`, up to the next entry (a numbered line after
    /// a blank one: a line of a snippet may start with "[12] " too).
    static func entry(_ n: Int, in output: String) -> String? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        func isHeader(_ i: Int) -> Bool {
            let line = lines[i]
            return line.first == "[" && Int(line.dropFirst().prefix { $0.isNumber }) != nil && (i == 0 || lines[i - 1].isEmpty)
        }
        guard let first = lines.indices.first(where: { lines[$0].hasPrefix("[\(n)] ") && isHeader($0) }) else { return nil }
        var end = first + 1
        while end < lines.count, !isHeader(end) { end += 1 }
        return lines[first..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func steps() throws {
        guard let run = runs.last else { return say("no run yet: ask a question first") }
        let file: TranscriptFile
        do { file = try TranscriptFile(path: run.path) } catch { throw CLIError.failure(error.message) }
        let view = ConsoleView(json: false, style: style)
        say(file.events.map(view.render).joined().trimmingCharacters(in: .newlines))
        say(style.dim("transcript: \(run.path)"))
    }

    private func cost() {
        var spent = Spend()
        var unknownCost = false
        for run in runs {
            guard let t = run.end?.totals else { continue }
            spent.steps += t.steps
            spent.toolCalls += t.toolCalls
            spent.inputTokens += t.inputTokens
            spent.outputTokens += t.outputTokens
            spent.elapsedMS += t.elapsedMS
            if let c = t.costUSD { spent.costUSD = (spent.costUSD ?? 0) + c } else { unknownCost = true }
        }
        // A run that ended before its first reply spent nothing, priced or not.
        let priced = (spent.costUSD ?? 0) > 0 || !unknownCost
        let dollars =
            priced ? String(format: "$%.4f", spent.costUSD ?? 0) + (unknownCost ? " and unpriced calls" : "") : "cost unknown"
        say(
            "session: \(ConsoleView.count(runs.count, "question")) · \(ConsoleView.count(spent.steps, "step")) · \(ConsoleView.count(spent.toolCalls, "tool call")) · "
                + "\(spent.inputTokens) in / \(spent.outputTokens) out tokens · \(dollars) · "
                + String(format: "%.1f s", Double(spent.elapsedMS) / 1000))
        if let last = runs.last, let end = last.end {
            let left = BudgetLeft(budget: last.start.config.budget, spent: end.totals)
            var parts = ["\(left.steps) of \(last.start.config.budget.maxSteps) steps"]
            if let c = left.costUSD { parts.append(String(format: "$%.4f", c)) }
            if let s = left.seconds { parts.append(String(format: "%.0f s", s)) }
            say("the last question left " + parts.joined(separator: ", ") + " of its budget")
        }
        say("each question's budget: " + budgetText())
    }

    /// The budget flags in effect for the next question, as the user set them.
    private func budgetText() -> String {
        var parts: [String] = []
        parts.append(settings.run.maxSteps.map { "steps=\($0)" } ?? "steps=default")
        if let c = settings.run.maxCost { parts.append("cost=\(JSONValue.format(number: c))") }
        if let t = settings.run.maxTime { parts.append("time=\(JSONValue.format(number: t))") }
        return parts.joined(separator: " ") + " (change with /budget)"
    }

    private mutating func model(_ name: String?) {
        guard let name else {
            let current = runs.last.map { "\($0.start.config.provider)/\($0.start.config.model)" }
            let chosen = settings.run.model.map { " (the next questions use \($0))" } ?? ""
            return say("model: \(current ?? "not chosen yet: the first question picks it")\(chosen)")
        }
        settings.run.model = name
        say("the next questions use \(name)")
    }

    private mutating func budget(_ change: SlashCommand.BudgetChange) {
        if let steps = change.steps { settings.run.maxSteps = steps }
        if let cost = change.cost { settings.run.maxCost = cost }
        if let time = change.time { settings.run.maxTime = time }
        say((change.isEmpty ? "" : "from the next question: ") + budgetText())
    }

    private mutating func tools(_ change: SlashCommand.ToolsChange) throws {
        let all = try setup.manifests(settings: settings)
        switch change {
        case .list:
            for tool in all {
                let state = settings.disabledTools.contains(tool.name) ? style.yellow("off for this session") : tool.enabled ? "on" : "off"
                say("  \(style.cyan(tool.name)) · \(state) · \(tool.schema.description.oneLine(limit: 90))")
            }
            if settings.approval?.alwaysApproved == true { say("run_code: every snippet approved for this session (you answered always)") }
        case .enable(let name), .disable(let name):
            guard all.contains(where: { $0.name == name }) else {
                return say(style.yellow("no tool named \(name); /tools lists them"))
            }
            if case .enable = change {
                settings.disabledTools.remove(name)
                guard try setup.manifests(settings: settings).contains(where: { $0.name == name && $0.enabled }) else {
                    return say(
                        style.yellow(
                            "\(name) stays off: this session does not offer it (--no-web, run_code without consent, no documents, or tools/\(name).json)"
                        ))
                }
                say("\(name) is offered again from the next question")
            } else {
                settings.disabledTools.insert(name)
                say("\(name) is not offered for the rest of the session")
            }
        }
    }

    private func memory(_ query: String) async throws {
        let found: [StoredMemory]
        do { found = try await store().search(query, limit: 5) } catch let error as MemoryError { throw CLIError.failure(error.message) }
        if found.isEmpty { return say("no memory matches \"\(query)\"") }
        say(found.map { MemoryText.block($0, style: style) }.joined(separator: "\n"))
    }

    private func store() throws(CLIError) -> LongTermMemory {
        guard let memory = setup.memory else { throw .usage("memory is off in this session (--no-memory)") }
        return memory
    }

    /// Writes the session as Markdown (questions, answers, sources), all at once: a file
    /// cut off halfway is never left behind.
    private func export(to file: String) throws {
        let path = Home.absolute(file)
        var text = "# Research session \(context.id)\n"
        for (i, run) in runs.enumerated() {
            text += "\n## \(i + 1). \(run.start.task)\n\n"
            guard let end = run.end else {
                text += "_The run was stopped before it ended._\n"
                continue
            }
            switch end.status {
            case .answered: break
            case .cancelled: text += "_Cancelled._\n\n"
            default: text += "_Stopped without a final answer: \(end.reason ?? end.status.rawValue)._\n\n"
            }
            if !end.answer.isEmpty { text += end.answer + "\n" }
            if !end.citations.isEmpty {
                text += "\nSources:\n\n"
                for c in end.citations { text += "- [\(c.number)] " + (c.source.title.map { "\($0) — " } ?? "") + "<\(c.source.ref)>\n" }
            }
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError.failure("cannot write \(path): \(error.fileReason)")
        }
        say("wrote \(path) (\(ConsoleView.count(runs.count, "question")))")
    }

    /// The one screen shown when the session ends.
    private func summary() {
        say("")
        cost()
        say("transcripts: \(setup.home.transcripts) (research-agent replay FILE shows one)")
        if !runs.isEmpty { say("resume: research-agent investigate --resume \(context.id.prefix(8))") }
    }

    /// The names of the tools a question could be offered, for Tab.
    private func toolNames() -> [String] { ((try? setup.manifests(settings: settings)) ?? []).map(\.name) }

    private func say(_ text: String) { print(text) }
}
