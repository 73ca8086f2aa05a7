/// The conversation a prompt carries, kept inside the model's context window.
///
/// Messages are only ever appended, so each prompt extends the last one and its prefix
/// stays byte-identical. When the window would overflow, the oldest quarter of the steps
/// is condensed into one note after the task: the prefix changes only at those moments.
/// A condensed step's results stay reachable: the scratchpad reads them back by the key
/// "step N" (up to the observation limit), and the transcript has them in full.
struct ContextWindow: Sendable {
    /// One step's messages: the model turn and the observations that answered it.
    struct Step: Sendable {
        var number: Int
        var messages: [PromptMessage]
        var tokens: Int
        var summary: String
        /// The citation numbers of the sources its observations brought, so a condensed
        /// step still says where its findings are: those numbers stay citable.
        var cited: [Int] = []
        /// What its tools returned, kept for reading back once the step is condensed.
        var results: [Archived] = []
    }

    /// One tool result of a condensed step, as the scratchpad reads it back.
    struct Archived: Sendable {
        var tool: String
        var text: String
        var tainted: Bool
    }

    /// The session's earlier questions and answers, before the task.
    let sessionMessages: [PromptMessage]
    let taskMessage: PromptMessage
    /// Memories recalled at the start of the run, shown right after the task.
    let memoryMessage: PromptMessage?
    private(set) var steps: [Step] = []
    private(set) var condensedCount = 0
    private var condensedLines: [String] = []
    /// The tool results of the latest condensed steps, by step number.
    private(set) var archive: [Int: [Archived]] = [:]
    /// The number of the last step condensed (-1 when none was: step 0 is the opening search).
    private(set) var condensedThrough = -1
    private(set) var tokens: Int
    private var nextNumber = 1
    /// Every message after the system prompt, in order. Kept up to date as messages
    /// arrive (and rebuilt when steps are condensed), so a prompt does not gather the
    /// whole conversation again at each step.
    private(set) var messages: [PromptMessage]

    /// Condensed notes keep at most this many one-line summaries.
    static let maxCondensedLines = 40

    init(task: String, memories: String? = nil, session: [PromptMessage] = []) {
        sessionMessages = session
        taskMessage = .user("Question: \(task)")
        memoryMessage = memories.map(PromptMessage.user)
        tokens =
            session.reduce(0) { $0 + TokenEstimate.tokens($1) } + TokenEstimate.tokens(taskMessage)
            + (memoryMessage.map { TokenEstimate.tokens($0) } ?? 0)
        messages = session + [taskMessage] + (memoryMessage.map { [$0] } ?? [])
    }

    /// Starts a new step with the model's turn; `opening` starts step 0 instead, the
    /// search the loop makes before the model's first turn.
    mutating func beginStep(_ message: PromptMessage, opening: Bool = false) {
        var summary = ""
        switch message {
        case .assistant(let text, let calls), .reasoned(let text, let calls, _):
            summary =
                calls.isEmpty
                ? String(text.prefix(80)) : calls.map { "\($0.name) \(String($0.arguments.prefix(60)))" }.joined(separator: "; ")
        case .user, .toolResult:
            break
        }
        let t = TokenEstimate.tokens(message)
        steps.append(Step(number: opening ? 0 : nextNumber, messages: [message], tokens: t, summary: summary))
        messages.append(message)
        if !opening { nextNumber += 1 }
        tokens += t
    }

    /// Adds a message to the current step, with the citation numbers it brought and the
    /// tool result it shows, if any.
    mutating func append(_ message: PromptMessage, cited: [Int] = [], result: Archived? = nil) {
        let t = TokenEstimate.tokens(message)
        if steps.isEmpty { beginStep(message); return }
        steps[steps.count - 1].cited += cited
        if let result { steps[steps.count - 1].results.append(result) }
        steps[steps.count - 1].messages.append(message)
        messages.append(message)
        steps[steps.count - 1].tokens += t
        tokens += t
    }

    /// The note that stands for condensed steps, if any.
    var condensedNote: PromptMessage? {
        guard condensedCount > 0 else { return nil }
        var text =
            "[Context note: the \(condensedCount) earliest steps were condensed to fit the context window; "
            + "read a step's results again with scratchpad op=read key=\"step N\". What they did:"
        let hidden = condensedCount - condensedLines.count
        if hidden > 0 { text += "\n(\(hidden) more steps not listed)" }
        for line in condensedLines { text += "\n" + line }
        return .user(text + "]")
    }

    /// `messages` gathered from the parts, after condensing changed them.
    private func gathered() -> [PromptMessage] {
        var out: [PromptMessage] = sessionMessages + [taskMessage]
        out.reserveCapacity(sessionMessages.count + 3 + steps.count * 2)
        if let memoryMessage { out.append(memoryMessage) }
        if let note = condensedNote { out.append(note) }
        for step in steps { out.append(contentsOf: step.messages) }
        return out
    }

    /// Removes the thinking blocks of the steps kept: once older steps were condensed,
    /// what stood before them changed, and a model with preserved thinking refuses such
    /// blocks (its documentation's way for history kept after a summary).
    mutating func dropThinking() {
        var changed = false
        for i in steps.indices {
            for j in steps[i].messages.indices {
                guard case .reasoned(let text, let calls, _) = steps[i].messages[j] else { continue }
                let plain = PromptMessage.assistant(text: text, toolCalls: calls)
                let saved = TokenEstimate.tokens(steps[i].messages[j]) - TokenEstimate.tokens(plain)
                steps[i].messages[j] = plain
                steps[i].tokens -= saved
                tokens -= saved
                changed = true
            }
        }
        if changed { messages = gathered() }
    }

    /// Condenses the oldest quarter of the steps (never the current one); false if nothing can go.
    mutating func condenseOldest() -> Bool {
        guard steps.count > 1 else { return false }
        let count = max(1, steps.count / 4)
        let oldNote = condensedNote.map(TokenEstimate.tokens) ?? 0
        for step in steps.prefix(count) {
            tokens -= step.tokens
            let sources = step.cited.isEmpty ? "" : " → sources " + step.cited.map { "[\($0)]" }.joined(separator: " ")
            condensedLines.append("step \(step.number): \(step.summary)\(sources)")
            if !step.results.isEmpty { archive[step.number] = step.results }
            condensedThrough = step.number
        }
        // Like the note's lines, only the latest condensed steps are kept: run state stays
        // flat in the number of steps (the transcript has everything).
        while archive.count > Self.maxCondensedLines, let oldest = archive.keys.min() { archive.removeValue(forKey: oldest) }
        if condensedLines.count > Self.maxCondensedLines { condensedLines.removeFirst(condensedLines.count - Self.maxCondensedLines) }
        condensedCount += count
        steps.removeFirst(count)
        messages = gathered()
        tokens += (condensedNote.map(TokenEstimate.tokens) ?? 0) - oldNote
        return true
    }
}
