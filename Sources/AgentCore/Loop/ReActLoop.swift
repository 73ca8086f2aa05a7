/// One run as a pure state machine: `(state, input) -> (state, events, next action)`.
///
/// The loop never performs I/O. It says what to do next (call the model, run a tool,
/// stop) and what to record; `Investigation` does it and feeds the result back with the
/// instant it arrived. Given the same inputs it makes the same requests, byte for byte:
/// that is what replay checks.
public struct ReActLoop: Sendable {
    /// Something that happened outside the loop.
    public enum Input: Sendable {
        /// The model answered the request of the last `.callModel`.
        case modelReplied(ModelTurn)
        /// The model call failed after its retries.
        case modelFailed(ModelCallError)
        /// The tool of the last `.runTool` returned.
        case toolFinished(ToolOutput)
        /// The user or the system asked the run to stop.
        case cancelled
    }

    /// What the caller must do next.
    public enum Action: Sendable, Hashable {
        /// Send this request to the model (and record it as llm.request first).
        case callModel(ModelRequest, step: Int)
        /// Run this tool with validated arguments.
        case runTool(name: String, arguments: JSONValue, callID: String, context: ToolContext)
        /// The run is over.
        case finished(RunEndRecord)
    }

    /// Events to record, in order, then the next action.
    public struct Output: Sendable {
        /// Events produced by the input, in order.
        public var events: [EventPayload]
        /// What to do next.
        public var action: Action
    }

    let runID: String
    let task: String
    let config: RunConfig
    let tools: [ToolManifest]
    let toolsByName: [String: ToolManifest]
    let system: String
    let toolTokens: Int
    var startedAt = Instant(milliseconds: 0)

    var spend = Spend()
    var context: ContextWindow
    var scratchpad = Scratchpad()
    var catalog = SourceCatalog()
    /// Each call (by `callKey`): how often it was made and the step it was last made in.
    var calls: [UInt64: (count: Int, step: Int)] = [:]
    var pendingCalls: [ToolCall] = []
    var runningCall: (call: ToolCall, startedAt: Instant)?
    var requestSentAt = Instant(milliseconds: 0)
    var lastStepWasFinal = false
    var repairedThisStep = false
    var bestAnswer = ""
    var lastRawEstimate = 0
    var estimateScale = 1.0
    var events: [EventPayload] = []
    var memoriesWritten = 0
    /// The scratchpad notes as the history last showed them (append-only prompts).
    var notesShown = ""
    /// The reply cap of the last request.
    var lastReplyCap = 0
    /// The grammars of constrained ReAct turns: any turn, and an answer only.
    let grammars: (call: String, answer: String)?
    /// The grammars of cited answers (`citedAnswers`) for the sources they list, built
    /// again only when the newest sources change (one for every tool takes a few hundred µs).
    var citedGrammars: (sources: [Int], call: String, answer: String)?
    /// Whether the next turn may only answer (constrained turns, after a repeated call).
    var answerNext = false
    /// An answer that cited nothing, held while one more turn asks for its citations.
    var answerOnHold: String?
    /// An answer, held while its re-read runs (`rereadAnswers`), and the sources shown.
    var rereading: (answer: String, sources: [Int])?
    /// The part of a tool result each source was last shown with (`rereadAnswers` only).
    var sourceExcerpts: [Int: String] = [:]
    /// Which results each tool returned so far (tool and sources), to spot repeats.
    var resultKeys: Set<UInt64> = []
    /// The numbers of the sources tool results brought, in the order they first came.
    var foundSources: [Int] = []
    /// User messages to add right before the request of a step, by step.
    let injections: [Int: String]
    /// Whether the prompt holds earlier questions of a session: a follow-up leans on them,
    /// so its own words make a poor query and the run does not open with a search.
    let followsUp: Bool

    /// A loop for `task` with the enabled `tools` (their order is kept in every prompt).
    /// - Parameter memories: recalled at the start of the run; shown after the task as
    ///   memories, each with its date and source and a citation number.
    /// - Parameter session: the session's earlier questions and answers, shown before the
    ///   task; their sources keep their numbers.
    /// - Parameter injections: user messages added to the conversation right before the
    ///   request of a step, by step (a fork made with `--inject`).
    public init(
        runID: String, task: String, config: RunConfig, tools: [ToolManifest], date: String, memories: [RecalledMemory] = [],
        session: SessionContext? = nil, injections: [Int: String] = [:]
    ) {
        self.runID = runID
        self.task = task
        self.config = config
        self.tools = tools.filter(\.enabled)
        var byName: [String: ToolManifest] = [:]
        for tool in self.tools { byName[tool.name] = tool }
        toolsByName = byName
        system =
            config.systemPrompt
            ?? SystemPrompt.text(
                format: config.toolFormat, tools: self.tools.map(\.schema), date: date, examples: !config.turnGrammar,
                session: session != nil)
        self.injections = injections
        // Without a price, what a run spent is unknown from the start, also when it ends
        // before any reply (a cancelled call was still billed), never $0.
        if config.price == nil { spend.costUSD = nil }
        followsUp = session.map { !$0.turns.isEmpty || !$0.condensed.isEmpty } ?? false
        if let session { catalog.merge(session.sources) }
        var memoryText: String?
        if !memories.isEmpty {
            var lines: [String] = []
            for memory in memories {
                let source = MemoryTools.citedSource(of: memory)
                let n = catalog.number(for: source)
                lines.append(MemoryTools.line(memory, number: n))
            }
            // Memories paraphrase outside text, so they are shown as data, like tool output.
            let data = lines.joined(separator: "\n").replacingOccurrences(of: "</data>", with: "<\\/data>")
            memoryText =
                "Memories from earlier runs (saved notes, possibly out of date; cite them as [n] or check them):\n"
                + "<data source=\"memory\">\n\(data)\n</data>"
        }
        context = ContextWindow(task: task, memories: memoryText, session: session?.messages(format: config.toolFormat) ?? [])
        toolTokens = self.tools.reduce(0) { $0 + TokenEstimate.tokens($1.schema) }
        grammars =
            config.turnGrammar && config.toolFormat == .react
            ? (TurnGrammar.gbnf(tools: self.tools.map(\.schema)), TurnGrammar.gbnf(tools: [], turn: .answer)) : nil
    }

    /// The sources numbered so far.
    public var sources: SourceCatalog { catalog }

    /// Starts the run at `now`: the opening search when there is one, else the first model call.
    public mutating func start(at now: Instant) -> Output {
        startedAt = now
        if let call = openingCall() {
            switch config.toolFormat {
            case .native:
                context.beginStep(.assistant(text: "", toolCalls: [call]), opening: true)
            case .react:
                let text = "Thought: First, search for the question as asked.\nAction: \(call.name)\nAction Input: \(call.arguments)"
                context.beginStep(.assistant(text: text, toolCalls: []), opening: true)
            }
            pendingCalls = [call]
            return emit(nextToolCall(now))
        }
        return emit(nextModelCall(now))
    }

    /// The opening search's call: the question as the query, cut to what the tool takes,
    /// and `k` (at most the tool's maximum) when the tool has one; nil when the run has none, its tool is not offered
    /// or takes no query, the budget leaves the model no tool call of its own, or the
    /// question follows up on others.
    private func openingCall() -> ToolCall? {
        guard let opening = config.openingSearch, !followsUp,
            let properties = toolsByName[opening.tool]?.schema.parameters["properties"],
            let query = properties["query"], config.budget.maxToolCalls ?? 2 >= 2
        else { return nil }
        let limit = query["maxLength"]?.intValue ?? 400
        let text = String(task.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(limit)).trimmingWhitespace
        guard !text.isEmpty else { return nil }
        // Written as the turn grammar has the model write it: required fields first.
        var arguments = #"{"query":"# + JSONValue.string(text).canonicalText
        if let k = properties["k"] { arguments += #","k":\#(min(opening.results, k["maximum"]?.intValue ?? opening.results))"# }
        return ToolCall(id: Self.openingCallID, name: opening.tool, arguments: arguments + "}")
    }

    /// The id of the opening search's call.
    public static let openingCallID = "opening-search"

    /// Takes one input that arrived at `now` and says what comes next.
    public mutating func receive(_ input: Input, at now: Instant) -> Output {
        spend.elapsedMS = now.milliseconds(since: startedAt)
        switch input {
        case .cancelled:
            return emit(finish(.cancelled, reason: "cancelled by the user", answer: bestAnswer))
        case .modelFailed(let error):
            events.append(.error(ErrorRecord(step: spend.steps, kind: "model", message: error.message, retriable: error.retriable)))
            if let limit = spentTimeBudget {
                // The call was cut short by the time budget (or failed after it ran out).
                let reason = "time budget of \(JSONValue.format(number: limit)) s used up while waiting for the model (\(error.message))"
                return emit(finish(.budget, reason: reason, answer: bestAnswer))
            }
            return emit(finish(.error, reason: error.message, answer: bestAnswer))
        case .modelReplied(let turn):
            return emit(modelReplied(turn, at: now))
        case .toolFinished(let output):
            return emit(toolFinished(output, at: now))
        }
    }

    private mutating func emit(_ action: Action) -> Output {
        defer { events.removeAll(keepingCapacity: true) }
        return Output(events: events, action: action)
    }

    /// Ends the run: records run.end with the citations the answer makes. An answer held
    /// for its citations stands when the turn that asked for them cannot be made or fails.
    mutating func finish(_ status: RunStatus, reason: String?, answer: String) -> Action {
        var (status, reason, answer) = (status, reason, answer)
        if let held = answerOnHold ?? rereading?.answer, status != .answered {
            if status != .cancelled { (status, reason) = (.answered, nil) }
            answer = held
        }
        let citations = Citations.resolve(answer, in: catalog)
        if status == .answered && config.memory { saveRun(answer: answer, citations: citations) }
        let end = RunEndRecord(status: status, reason: reason, answer: answer, citations: citations, totals: spend)
        events.append(.runEnd(end))
        return .finished(end)
    }

    private mutating func modelReplied(_ turn: ModelTurn, at now: Instant) -> Action {
        let step = spend.steps
        let cost = config.price?.cost(of: turn.usage)
        spend.inputTokens += turn.usage.input
        spend.outputTokens += turn.usage.output
        spend.cachedTokens += turn.usage.cached
        spend.costUSD = cost.flatMap { c in spend.costUSD.map { $0 + c } }
        if lastRawEstimate > 0, turn.usage.input > 0 {
            estimateScale = max(1, Double(turn.usage.input) / Double(lastRawEstimate))
        }
        events.append(
            .llmResponse(LLMResponseRecord(step: step, turn: turn, costUSD: cost, latencyMS: now.milliseconds(since: requestSentAt))))
        events.append(.budget(BudgetRecord(step: step, spent: spend, left: BudgetLeft(budget: config.budget, spent: spend))))
        answerNext = false
        if let held = rereading?.answer { return finish(.answered, reason: nil, answer: citedAnswer(turn, held: held)) }
        if let held = answerOnHold {
            let answer = citedAnswer(turn, held: held)
            answerOnHold = nil
            return reread(answer, at: now) ?? finish(.answered, reason: nil, answer: answer)
        }
        switch config.toolFormat {
        case .native: return nativeTurn(turn, at: now)
        case .react: return reactTurn(turn, at: now)
        }
    }

    private mutating func nativeTurn(_ turn: ModelTurn, at now: Instant) -> Action {
        let text = turn.text.trimmingWhitespace
        if turn.toolCalls.isEmpty {
            if text.isEmpty {
                if turn.hitReplyCap {
                    // Most often a reasoning model that spent the whole cap on its reasoning.
                    // A cap cut below the configured one was cut by the budget left.
                    let raise =
                        lastReplyCap < config.maxOutputTokensPerCall
                        ? "the budget left (--max-output-tokens or --max-cost) allowed no more; raise it"
                        : "raise max_output_tokens in config.toml"
                    return finish(
                        .error,
                        reason: "the reply cap of \(lastReplyCap) tokens ran out before the model wrote an answer or a tool call "
                            + "(a reasoning model's reasoning counts against it): \(raise)",
                        answer: bestAnswer)
                }
                return finish(
                    .error, reason: "the model returned neither an answer nor a tool call (finish reason: \(turn.finishReason))",
                    answer: bestAnswer)
            }
            return askForCitations(text, turn: turn, at: now) ?? reread(text, at: now) ?? finish(.answered, reason: nil, answer: text)
        }
        if !text.isEmpty { bestAnswer = text }
        if lastStepWasFinal {
            return finish(.budget, reason: "step budget of \(config.budget.maxSteps) used up", answer: bestAnswer)
        }
        context.beginStep(.turn(text: turn.text, toolCalls: turn.toolCalls, thinking: turn.thinking))
        pendingCalls = turn.toolCalls
        return nextToolCall(now)
    }

    private mutating func reactTurn(_ turn: ModelTurn, at now: Instant) -> Action {
        switch ReActParser(firstJSONInput: config.guardedToolTurns).parse(turn.text) {
        case .finalAnswer(_, let answer):
            return askForCitations(answer, turn: turn, at: now) ?? reread(answer, at: now)
                ?? finish(.answered, reason: nil, answer: answer)
        case .action(let thought, let tool, let input):
            if !thought.isEmpty { bestAnswer = thought }
            if lastStepWasFinal {
                return finish(.budget, reason: "step budget of \(config.budget.maxSteps) used up", answer: bestAnswer)
            }
            repairedThisStep = false
            context.beginStep(.assistant(text: turn.text.trimmingWhitespace, toolCalls: []))
            pendingCalls = [ToolCall(id: "step-\(spend.steps)", name: tool, arguments: input)]
            return nextToolCall(now)
        case .unparseable(let reason):
            let text = turn.text.trimmingWhitespace
            if repairedThisStep || lastStepWasFinal {
                // A second unusable reply: plain text from a model that will not use the
                // format is most likely its answer.
                if text.isEmpty { return finish(.error, reason: "the model's reply was empty twice", answer: bestAnswer) }
                return finish(.answered, reason: nil, answer: text)
            }
            repairedThisStep = true
            events.append(.error(ErrorRecord(step: spend.steps, kind: "parse", message: reason, retriable: true)))
            context.beginStep(.assistant(text: text, toolCalls: []))
            context.append(.user(SystemPrompt.repairInstruction(reason: reason)))
            return nextModelCall(now)
        }
    }
}
