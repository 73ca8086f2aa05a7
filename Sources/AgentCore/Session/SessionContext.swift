/// What the earlier questions of an interactive session leave a follow-up: their questions
/// and answers (never their tool output) and the numbers their sources were cited by.
///
/// run.start records it whole, so each run of a session replays on its own. The prompt
/// shows the turns before the question as they were asked, so one question's prompt is a
/// prefix of the next one's up to its question, and a server's prompt cache reuses it.
public struct SessionContext: Sendable, Hashable {
    /// The session's id: a lowercase UUID shared by its runs.
    public var id: String
    /// The run of the question before, nil for the session's first.
    public var previousRun: String?
    /// Earlier questions with their answers, oldest first, as the prompt shows them.
    public var turns: [SessionTurn]
    /// One line per turn condensed away to keep the history short, oldest first.
    public var condensed: [String]
    /// The sources the session numbered so far, so `[n]` means the same in a follow-up.
    public var sources: [NumberedSource]

    /// A session context.
    public init(id: String, previousRun: String? = nil, turns: [SessionTurn] = [], condensed: [String] = [], sources: [NumberedSource] = [])
    {
        self.id = id
        self.previousRun = previousRun
        self.turns = turns
        self.condensed = condensed
        self.sources = sources
    }

    /// The most condensed lines kept; older ones are dropped.
    public static let maxCondensedLines = 40

    /// The context of the next question, after `run` answered `question` with `answer`
    /// (empty when it ended without one; nil when it was cancelled, which keeps it out of
    /// view) and numbered `sources`, fitted to `maxTokens`.
    public func following(run: String, question: String, answer: String?, sources found: [NumberedSource], maxTokens: Int)
        -> SessionContext
    {
        var next = self
        next.previousRun = run
        if let answer { next.turns.append(SessionTurn(question: question, answer: answer)) }
        var known = Set(next.sources.map(\.number))
        for item in found where known.insert(item.number).inserted { next.sources.append(item) }
        next.sources.sort { $0.number < $1.number }
        return next.fitted(maxTokens: maxTokens)
    }

    /// The context with its history within `maxTokens`: while the turns are over it, the
    /// older half (at least one) is condensed into one line each, and the condensed lines
    /// beyond half of it, or beyond `maxCondensedLines`, are dropped oldest first. The
    /// prompt prefix changes only at those moments. A run fits the context to its own
    /// window before run.start records it, so a smaller model after `/model` still fits.
    public func fitted(maxTokens: Int) -> SessionContext {
        var next = self
        next.trimCondensed(maxTokens: maxTokens / 2)
        while !next.turns.isEmpty, next.historyTokens > maxTokens {
            let count = max(1, next.turns.count / 2)
            next.condensed += next.turns.prefix(count).map(\.condensedLine)
            next.turns.removeFirst(count)
            next.trimCondensed(maxTokens: maxTokens / 2)
        }
        return next
    }

    /// Drops the oldest condensed lines beyond `maxTokens` or `maxCondensedLines`.
    private mutating func trimCondensed(maxTokens: Int) {
        var tokens = condensed.reduce(0) { $0 + TokenEstimate.tokens($1) }
        while !condensed.isEmpty, condensed.count > Self.maxCondensedLines || tokens > maxTokens {
            tokens -= TokenEstimate.tokens(condensed.removeFirst())
        }
    }

    /// The estimated tokens of the history as the prompt shows it: turns and condensed lines.
    public var historyTokens: Int {
        turns.reduce(0) { $0 + TokenEstimate.tokens($1.question) + TokenEstimate.tokens($1.answer) + 8 }
            + condensed.reduce(0) { $0 + TokenEstimate.tokens($1) }
    }

    /// The messages that come before the question, oldest first.
    public func messages(format: ToolFormat) -> [PromptMessage] {
        var out: [PromptMessage] = []
        if !condensed.isEmpty {
            out.append(.user("Earlier in this session (condensed):\n" + condensed.joined(separator: "\n")))
        }
        for turn in turns {
            out.append(.user("Question: \(turn.question)"))
            let answer = turn.answer.isEmpty ? "(no answer was reached)" : turn.answer
            out.append(.assistant(text: format == .react ? "Final Answer: \(answer)" : answer, toolCalls: []))
        }
        return out
    }
}

/// One earlier question of a session and the answer it got.
public struct SessionTurn: Sendable, Hashable {
    /// The question as asked.
    public var question: String
    /// The final answer, empty when the run ended without one.
    public var answer: String

    /// A session turn.
    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }

    /// The turn in one line: the question and the start of its answer.
    var condensedLine: String {
        "- \(question.oneLine(limit: 120)) → \(answer.isEmpty ? "(no answer)" : answer.oneLine(limit: 240))"
    }
}
