/// The conversation a prompt carries, kept inside the model's context window.
///
/// Messages are only ever appended, so each prompt extends the last one and its prefix
/// stays byte-identical. When the window would overflow, the oldest quarter of the steps
/// is condensed into one note after the task: the prefix changes only at those moments,
/// and the full results stay in the transcript.
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
    }

    let taskMessage: PromptMessage
    /// Memories recalled at the start of the run, shown right after the task.
    let memoryMessage: PromptMessage?
    private(set) var steps: [Step] = []
    private(set) var condensedCount = 0
    private var condensedLines: [String] = []
    private(set) var tokens: Int
    private var nextNumber = 1

    /// Condensed notes keep at most this many one-line summaries.
    static let maxCondensedLines = 40

    init(task: String, memories: String? = nil) {
        taskMessage = .user("Question: \(task)")
        memoryMessage = memories.map(PromptMessage.user)
        tokens = TokenEstimate.tokens(taskMessage) + (memoryMessage.map { TokenEstimate.tokens($0) } ?? 0)
    }

    /// Starts a new step with the model's turn.
    mutating func beginStep(_ message: PromptMessage) {
        var summary = ""
        if case .assistant(let text, let calls) = message {
            summary = calls.isEmpty ? String(text.prefix(80)) : calls.map { "\($0.name) \(String($0.arguments.prefix(60)))" }.joined(separator: "; ")
        }
        let t = TokenEstimate.tokens(message)
        steps.append(Step(number: nextNumber, messages: [message], tokens: t, summary: summary))
        nextNumber += 1
        tokens += t
    }

    /// Adds a message to the current step, with the citation numbers it brought.
    mutating func append(_ message: PromptMessage, cited: [Int] = []) {
        let t = TokenEstimate.tokens(message)
        if steps.isEmpty { beginStep(message); return }
        steps[steps.count - 1].cited += cited
        steps[steps.count - 1].messages.append(message)
        steps[steps.count - 1].tokens += t
        tokens += t
    }

    /// The note that stands for condensed steps, if any.
    var condensedNote: PromptMessage? {
        guard condensedCount > 0 else { return nil }
        var text = "[Context note: the \(condensedCount) earliest steps were condensed to fit the context window; "
            + "their full results are in the transcript. What they did:"
        let hidden = condensedCount - condensedLines.count
        if hidden > 0 { text += "\n(\(hidden) more steps not listed)" }
        for line in condensedLines { text += "\n" + line }
        return .user(text + "]")
    }

    /// Every message after the system prompt, in order.
    var messages: [PromptMessage] {
        var out: [PromptMessage] = [taskMessage]
        out.reserveCapacity(3 + steps.count * 2)
        if let memoryMessage { out.append(memoryMessage) }
        if let note = condensedNote { out.append(note) }
        for step in steps { out.append(contentsOf: step.messages) }
        return out
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
        }
        if condensedLines.count > Self.maxCondensedLines { condensedLines.removeFirst(condensedLines.count - Self.maxCondensedLines) }
        condensedCount += count
        steps.removeFirst(count)
        tokens += (condensedNote.map(TokenEstimate.tokens) ?? 0) - oldNote
        return true
    }
}
