extension ReActLoop {
    /// The most sources the citation request lists (the newest found).
    static let maxListedSources = 10

    /// One more turn for an answer that cites none of the sources this run's tools found
    /// (recalled memories do not count: a question they cannot help with needs no source):
    /// the sources are listed, as data, and the answer asked for again with its citations.
    /// Nil when the answer stands as it is: it cites, nothing was found, it was asked
    /// once, or no step is left.
    mutating func askForCitations(_ answer: String, turn: ModelTurn, at now: Instant) -> Action? {
        guard config.citationRepair, !foundSources.isEmpty, Citations.resolve(answer, in: catalog).isEmpty,
            spend.steps < config.budget.maxSteps, spentTimeBudget == nil
        else { return nil }
        let listed = listedSources.compactMap { n in
            catalog.source(numbered: n).map { source in "[\(n)] " + (source.title.map { "\($0) (\(source.ref))" } ?? source.ref) }
        }
        let mark = events.count
        events.append(
            .error(
                ErrorRecord(
                    step: spend.steps, kind: "citation",
                    message: "the answer cites none of the \(foundSources.count) sources found; asked once more with them listed",
                    retriable: true)))
        answerOnHold = answer
        bestAnswer = answer
        context.beginStep(.turn(text: turn.text, toolCalls: turn.toolCalls, thinking: turn.thinking))
        context.append(.user(SystemPrompt.citationRequest(format: config.toolFormat, sources: listed)))
        let action = nextModelCall(now)
        // A budget that forbids the call ends the run with the answer: nothing was asked.
        if case .finished = action { events.remove(at: mark) }
        return action
    }

    /// One more turn for an answer once the tools found sources (`rereadAnswers`): a
    /// request of its own that holds only the question and what the tools returned for
    /// those sources (the newest ten, as the citation request lists them), each as it was
    /// shown; its cited reply is the answer. Nil when the answer stands as it is: nothing
    /// was found, it was re-read already, the question follows up on others, no step is
    /// left, or the sources would not fit the context window.
    mutating func reread(_ answer: String, at now: Instant) -> Action? {
        guard config.rereadAnswers, rereading == nil, !followsUp, spend.steps < config.budget.maxSteps, spentTimeBudget == nil
        else { return nil }
        let numbers = listedSources.filter { sourceExcerpts[$0] != nil }.sorted()
        guard !numbers.isEmpty else { return nil }
        let text = SystemPrompt.rereadRequest(
            format: config.toolFormat, question: task, excerpts: numbers.compactMap { sourceExcerpts[$0] })
        let estimate = TokenEstimate.tokens(system) + TokenEstimate.tokens(text) + 4
        guard estimate <= config.contextWindowTokens - config.maxOutputTokensPerCall else { return nil }
        rereading = (answer, numbers)
        bestAnswer = answer
        return send([.user(text)], offered: [], rawEstimate: estimate, isLast: false, now)
    }

    /// The numbers the citation request lists: the newest sources the tools found.
    var listedSources: [Int] { Array(foundSources.suffix(Self.maxListedSources)) }

    /// The reply to the citation request when it cites a source the run found and was not
    /// cut off by the reply cap, else the answer that was held.
    func citedAnswer(_ turn: ModelTurn, held: String) -> String {
        guard !turn.hitReplyCap else { return held }
        let reply: String?
        switch config.toolFormat {
        case .native:
            reply = turn.toolCalls.isEmpty ? turn.text.trimmingWhitespace : nil
        case .react:
            if case .finalAnswer(_, let answer) = ReActParser(firstJSONInput: config.guardedToolTurns).parse(turn.text) {
                reply = answer
            } else {
                reply = nil
            }
        }
        guard let reply, !Citations.resolve(reply, in: catalog).isEmpty else { return held }
        return reply
    }

    /// What follows a result in the prompt when the same tool returned the same sources
    /// before (one source: the same text too): nil the first time.
    mutating func repeatedResultsNote(tool: String, output: ToolOutput) -> String? {
        guard config.repeatedResultsNoted, !output.isError, !output.sources.isEmpty else { return nil }
        var hash = FNV1a()
        hash.add(tool.utf8)
        // One source is a page more often than a list: its next part has the same source
        // and different text, and is no repeat.
        if output.sources.count == 1 { hash.add(output.text.utf8) }
        for ref in output.sources.map(\.source.ref).sorted() {
            hash.add([0])
            hash.add(ref.utf8)
        }
        guard !resultKeys.insert(hash.value).inserted else { return nil }
        let numbers = output.sources.map { "[\($0.number)]" }.joined()
        return "These are the same results an earlier \(tool) call returned \(numbers): searching again will not find more. "
            + "Answer from them now, citing them like [\(output.sources[0].number)], read one of them in full if a "
            + "tool can, or search with different words."
    }
}
