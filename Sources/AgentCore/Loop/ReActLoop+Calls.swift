extension ReActLoop {
    /// Builds the next request, or ends the run when a budget forbids the call.
    mutating func nextModelCall(_ now: Instant) -> Action {
        let budget = config.budget
        if spend.steps >= budget.maxSteps {
            return finish(.budget, reason: "step budget of \(budget.maxSteps) used up", answer: bestAnswer)
        }
        if let end = endIfOutOfTime() { return end }
        if let text = injections[spend.steps + 1] { context.append(.user(text)) }
        if config.appendOnlyPrompt, !scratchpad.isEmpty, scratchpad.rendered != notesShown {
            notesShown = scratchpad.rendered
            context.append(.user(Self.notesHeading + notesShown))
        }
        let isLast = spend.steps + 1 == budget.maxSteps
        let offered = config.toolFormat == .react || (isLast && !config.lastStepKeepsTools) ? [] : tools.map(\.schema)
        let fixedTokens = TokenEstimate.tokens(system) + (offered.isEmpty ? 0 : toolTokens)
        let room = config.contextWindowTokens - config.maxOutputTokensPerCall
        var condensed = false
        while fixedTokens + context.tokens + tailTokens(isLast) > room, context.condenseOldest() { condensed = true }
        if condensed && config.appendOnlyPrompt { context.dropThinking() }

        var messages = context.messages
        if !config.appendOnlyPrompt, !scratchpad.isEmpty { messages.append(.user(Self.notesHeading + scratchpad.rendered)) }
        if isLast { messages.append(.user(SystemPrompt.lastStepInstruction(format: config.toolFormat))) }
        let rawEstimate = fixedTokens + context.tokens + tailTokens(isLast)
        return send(messages, offered: offered, rawEstimate: rawEstimate, isLast: isLast, now)
    }

    /// Sends `messages` as the next step's request, or ends the run when the token or cost
    /// budget forbids the call. `rawEstimate` is the request's size in estimated tokens.
    mutating func send(_ messages: [PromptMessage], offered: [ToolSchema], rawEstimate: Int, isLast: Bool, _ now: Instant) -> Action {
        let budget = config.budget
        // Providers count tokens their own way; scale the estimate by how far the last
        // one fell short, so the budget check errs on the safe side.
        let inputEstimate = Int((Double(rawEstimate) * estimateScale).rounded(.up))
        lastRawEstimate = rawEstimate

        if let limit = budget.maxInputTokens, spend.inputTokens + inputEstimate > limit {
            return finish(
                .budget, reason: "input-token budget of \(limit) would be exceeded by the next call (about \(inputEstimate) tokens)",
                answer: bestAnswer)
        }
        var maxTokens = config.maxOutputTokensPerCall
        if let limit = budget.maxOutputTokens { maxTokens = min(maxTokens, limit - spend.outputTokens) }
        if let limit = budget.maxCostUSD, let price = config.price {
            // Cap the reply so that even its longest form stays within the dollars left.
            let left = limit - (spend.costUSD ?? 0) - Double(inputEstimate) * price.input / 1_000_000
            // Compared as a Double: a large dollar budget affords more tokens than an Int holds.
            let affordable = max(0, left) / price.output * 1_000_000
            if price.output > 0 && affordable < Double(maxTokens) { maxTokens = Int(affordable) }
            if left <= 0 { maxTokens = 0 }
        }
        if maxTokens < Self.minimumReplyTokens {
            return finish(.budget, reason: "token or cost budget leaves no room for another reply", answer: bestAnswer)
        }
        spend.steps += 1
        lastStepWasFinal = isLast
        lastReplyCap = maxTokens
        requestSentAt = now
        let request = ModelRequest(
            system: system, messages: messages, tools: offered,
            toolChoice: isLast || answerOnHold != nil || rereading != nil ? .none : .auto,
            maxOutputTokens: maxTokens,
            stop: config.toolFormat == .react ? ["\nObservation:"] : [], temperature: config.temperature,
            grammar: grammar(isLast: isLast), timeLimitSeconds: secondsLeft(now))
        return .callModel(request, step: spend.steps)
    }

    /// The grammar of the next constrained turn: an answer only on the last step and after
    /// a repeated call, a cited answer when citations were asked for, and (`citedAnswers`)
    /// once the tools found sources.
    private mutating func grammar(isLast: Bool) -> String? {
        guard let grammars else { return nil }
        if let rereading { return TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: rereading.sources)) }
        if answerOnHold != nil {
            return TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: listedSources))
        }
        let answerOnly = isLast || answerNext
        if config.citedAnswers, !foundSources.isEmpty {
            let sources = listedSources
            if citedGrammars?.sources != sources {
                citedGrammars = (
                    sources, TurnGrammar.gbnf(tools: tools.map(\.schema), turn: .callOrCitedAnswer(sources: sources)),
                    TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: sources))
                )
            }
            return answerOnly ? citedGrammars?.answer : citedGrammars?.call
        }
        return answerOnly ? grammars.answer : grammars.call
    }

    /// A condensed step's tool results, for a scratchpad read of "step N" that names no
    /// note of the model's own.
    private func condensedResults(_ arguments: JSONValue) -> ToolOutput? {
        guard arguments["op"]?.stringValue == "read", let key = arguments["key"]?.stringValue, !scratchpad.has(key),
            key.hasPrefix("step "), let number = Int(key.dropFirst(5)),
            // Runs without an opening search read "step 0" as condensed, as they always did.
            number <= max(context.condensedThrough, config.openingSearch == nil ? 0 : -1)
        else { return nil }
        guard let results = context.archive[number] else {
            return .error(
                "the results of step \(number) are no longer kept (only those of the last \(ContextWindow.maxCondensedLines) condensed steps are)"
            )
        }
        let text = results.map { "\($0.tool) returned:\n\($0.text)" }.joined(separator: "\n\n")
        return ToolOutput(text: text, tainted: results.contains { $0.tainted })
    }

    /// The time budget in seconds, once the run has used it up; nil while time is left
    /// or without one.
    var spentTimeBudget: Double? {
        config.budget.maxSeconds.flatMap { Double(spend.elapsedMS) / 1000 >= $0 ? $0 : nil }
    }

    /// Ends the run once its time budget is used up; nil while time is left.
    mutating func endIfOutOfTime() -> Action? {
        guard let limit = spentTimeBudget else { return nil }
        return finish(.budget, reason: "time budget of \(JSONValue.format(number: limit)) s used up", answer: bestAnswer)
    }

    /// What is left of the time budget at `now`, in seconds; nil without one.
    func secondsLeft(_ now: Instant) -> Double? {
        config.budget.maxSeconds.map { $0 - Double(now.milliseconds(since: startedAt)) / 1000 }
    }

    /// A reply shorter than this cannot hold a useful answer, so the call is not made.
    static let minimumReplyTokens = 16

    /// What opens the message that shows the scratchpad notes.
    static let notesHeading = "Scratchpad notes:\n"

    private func tailTokens(_ isLast: Bool) -> Int {
        (scratchpad.isEmpty || config.appendOnlyPrompt ? 0 : TokenEstimate.tokens(scratchpad.rendered) + 8)
            + (isLast ? TokenEstimate.tokens(SystemPrompt.lastStepInstruction(format: config.toolFormat)) + 4 : 0)
    }

    /// Takes the next pending tool call: refuses, answers it inside the loop, or asks the
    /// caller to run it. With none left, moves on to the next model call.
    mutating func nextToolCall(_ now: Instant) -> Action {
        while !pendingCalls.isEmpty {
            let call = pendingCalls.removeFirst()
            if let limit = config.budget.maxToolCalls, spend.toolCalls >= limit {
                return finish(.budget, reason: "tool-call budget of \(limit) used up", answer: bestAnswer)
            }
            if let end = endIfOutOfTime() { return end }
            spend.toolCalls += 1
            let step = spend.steps
            let parsed = arguments(of: call)
            events.append(.toolCall(ToolCallRecord(step: step, id: call.id, name: call.name, arguments: parsed.value)))
            if config.guardedToolTurns {
                // Every repeat counts, valid or not: a model that repeats a call the tools
                // refuse (an unknown tool, arguments the schema rejects) is as stuck as one
                // that repeats a valid call.
                switch repeatGuard(call, arguments: parsed.value) {
                case .end(let action): return action
                case .observed: continue
                case .proceed: break
                }
            }
            guard let manifest = toolsByName[call.name] else {
                let known = tools.map(\.name).joined(separator: ", ")
                observe(call, .error("unknown tool '\(call.name)'. Available tools: \(known)."), latency: 0)
                continue
            }
            if let problem = parsed.problem {
                observe(call, .error(problem), latency: 0)
                continue
            }
            let problems = SchemaValidator().problems(parsed.value, schema: manifest.schema.parameters)
            if !problems.isEmpty {
                observe(call, .error("invalid arguments for \(call.name): " + problems.joined(separator: "; ")), latency: 0)
                continue
            }
            if !config.guardedToolTurns {
                switch repeatGuard(call, arguments: parsed.value) {
                case .end(let action): return action
                case .observed: continue
                case .proceed: break
                }
            }
            if call.name == Scratchpad.toolName, let archived = condensedResults(parsed.value) {
                observe(call, archived, latency: 0)
                continue
            }
            if call.name == Scratchpad.toolName {
                let (output, change) = scratchpad.apply(parsed.value, step: step)
                if let change { events.append(.scratchpad(change)) }
                observe(call, output, latency: 0)
                continue
            }
            if call.name == MemoryTools.rememberName {
                observe(call, remember(parsed.value, step: step), latency: 0)
                continue
            }
            runningCall = (call, now)
            var limits = manifest.limits
            // A tool may not outlast the run's time budget either.
            if let left = secondsLeft(now) { limits.timeoutSeconds = max(0.1, min(limits.timeoutSeconds, left)) }
            let ctx = ToolContext(runID: runID, step: step, sources: catalog, limits: limits)
            return .runTool(name: call.name, arguments: parsed.value, callID: call.id, context: ctx)
        }
        return nextModelCall(now)
    }

    /// Records a tool's result and continues with the next call.
    mutating func toolFinished(_ output: ToolOutput, at now: Instant) -> Action {
        guard let running = runningCall else { return nextToolCall(now) }
        runningCall = nil
        observe(running.call, output, latency: now.milliseconds(since: running.startedAt))
        return nextToolCall(now)
    }

    /// Records a result and adds the observation to the prompt.
    private mutating func observe(_ call: ToolCall, _ output: ToolOutput, latency: Int64) {
        let repeated = repeatedResultsNote(tool: call.name, output: output)
        for item in output.sources where catalog.source(numbered: item.number) == nil { foundSources.append(item.number) }
        if config.rereadAnswers, !output.isError, !output.sources.isEmpty {
            let shownText = String(output.text.prefix(config.maxObservationChars))
            sourceExcerpts.merge(SourceExcerpts.split(shownText, numbers: output.sources.map(\.number))) { _, new in new }
        }
        catalog.merge(output.sources)
        if var read = output.recalled {
            read.step = spend.steps
            events.append(.memoryRead(read))
        }
        let shown = Observation.render(output, tool: call.name, limit: config.maxObservationChars)
        // Kept for reading back after condensing; the prompt never shows more than this.
        let kept = ContextWindow.Archived(
            tool: call.name, text: String(output.text.prefix(config.maxObservationChars)), tainted: output.tainted)
        events.append(
            .toolResult(
                ToolResultRecord(
                    step: spend.steps, id: call.id, output: output.text, isError: output.isError, latencyMS: latency,
                    truncated: shown.truncated, tainted: output.tainted, sources: output.sources, server: output.server)))
        switch config.toolFormat {
        case .native:
            context.append(
                .toolResult(
                    callID: call.id, name: call.name, content: shown.text + (repeated.map { "\n\n" + $0 } ?? ""), isError: output.isError),
                cited: output.sources.map(\.number),
                result: kept)
        case .react:
            // Small models answer from the text but drop the numbers unless reminded at the
            // point where they read it.
            let reminder =
                repeated.map { "\n\n" + $0 }
                ?? output.sources.first.map {
                    "\n\nIn your Final Answer, put the number of the result after each fact you take from it, like [\($0.number)]."
                } ?? ""
            context.append(.user("Observation: \(shown.text)\(reminder)"), cited: output.sources.map(\.number), result: kept)
        }
    }

    /// Arguments as JSON; ReAct input that is not a JSON object is accepted as the value
    /// of a tool's only required string field, since small models often write it bare.
    private func arguments(of call: ToolCall) -> (value: JSONValue, problem: String?) {
        let text = call.arguments.trimmingWhitespace
        if let value = try? JSONValue.parse(text.isEmpty ? "{}" : text), case .object = value {
            return (value, nil)
        }
        if config.toolFormat == .react, let schema = toolsByName[call.name]?.schema.parameters,
            let required = schema["required"]?.arrayValue, required.count == 1, let field = required[0].stringValue,
            schema["properties"]?[field]?["type"]?.stringValue == "string"
        {
            return (.object([field: .string(text.trimmingCharacters(in: "\"'"))]), nil)
        }
        let problem = "the arguments of \(call.name) are not a JSON object: \(String(text.prefix(200)))"
        return (.string(call.arguments), problem)
    }

    /// What the loop guard decided about a call.
    enum RepeatDecision {
        /// The run ends: the same call a fourth time.
        case end(Action)
        /// The call got the corrective observation instead of running: a third time.
        case observed
        /// The call goes on.
        case proceed
    }

    /// Counts `call` with its arguments; the third identical call gets a corrective
    /// observation, the fourth ends the run. Under a turn grammar the second already gets
    /// one, and the turn after it may only answer.
    private mutating func repeatGuard(_ call: ToolCall, arguments: JSONValue) -> RepeatDecision {
        let key = Self.callKey(name: call.name, arguments: arguments)
        let earlier = calls[key]
        let seen = (earlier?.count ?? 0) + 1
        calls[key] = (seen, spend.steps)
        let lastMade = earlier?.step
        if grammars != nil, seen == 2, let lastMade, lastMade > context.condensedThrough {
            // A small model under a grammar repeats a call whose result it has in view far
            // more often than it learns anything new from it: the result is not fetched
            // again and the next turn may only answer. A result condensed away may be
            // fetched again.
            answerNext = true
            observe(
                call,
                .error(
                    "you already called \(call.name) with these exact arguments and the result is above. "
                        + "Give your Final Answer now from what you found, citing it."), latency: 0)
            return .observed
        }
        if seen >= 4 {
            return .end(finish(.loop, reason: "\(call.name) was called with the same arguments \(seen) times", answer: bestAnswer))
        }
        if seen == 3 {
            observe(
                call,
                .error(
                    "you already called \(call.name) with these exact arguments twice and the "
                        + "result is above. Use it, try different arguments or another tool, or give your answer."), latency: 0)
            return .observed
        }
        return .proceed
    }

    /// A stable 64-bit key for "same tool, same arguments" (FNV-1a over canonical JSON).
    static func callKey(name: String, arguments: JSONValue) -> UInt64 {
        var hash = FNV1a()
        hash.add(name.utf8)
        hash.add([0])
        hash.add(arguments.canonicalBytes)
        return hash.value
    }
}
