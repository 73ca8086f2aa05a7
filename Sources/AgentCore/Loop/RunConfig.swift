/// How tools are offered to the model.
public enum ToolFormat: String, Sendable, Hashable, CaseIterable {
    /// The provider's own tool-calling API.
    case native
    /// Text: Thought / Action / Action Input / Final Answer, parsed leniently.
    case react
}

/// Everything that shapes a run's requests; recorded in run.start so replay can redo it.
public struct RunConfig: Sendable, Hashable {
    /// The provider's name.
    public var provider: String
    /// The model's name.
    public var model: String
    /// Native tool calls or the text ReAct format.
    public var toolFormat: ToolFormat
    /// The run's limits.
    public var budget: Budget
    /// The model's price, when known.
    public var price: ModelPrice?
    /// The most tokens one reply may have.
    public var maxOutputTokensPerCall: Int
    /// Sampling temperature, when set.
    public var temperature: Double?
    /// The model's context window in tokens; older steps are condensed to stay within it.
    public var contextWindowTokens: Int
    /// The most characters of one observation the prompt shows.
    public var maxObservationChars: Int
    /// Whether the run uses long-term memory: recalls at its start and saves its answer
    /// and findings at its end (false for `--no-memory` and for runs that have no store).
    public var memory: Bool
    /// Whether the last step keeps the native tools and forbids their use through the tool
    /// choice (the APIs refuse a conversation holding tool calls without its tools), rather
    /// than offering none. False only for runs recorded before this existed, so that their
    /// replays build the requests they sent.
    public var lastStepKeepsTools: Bool
    /// Whether the prompt only ever grows: the scratchpad notes join the history when they
    /// change instead of riding at the tail of every request. Models with preserved
    /// thinking (Anthropic's 5.5 family) refuse a thinking block once anything before it
    /// changed, and a tail that moves on changes what came before the next turn.
    public var appendOnlyPrompt: Bool
    /// Whether tool turns are read and guarded strictly: a ReAct Action Input is the first
    /// complete JSON value after its label (an invented result after it is ignored), and
    /// the loop guard counts every repeated call, valid or not. False only for runs recorded
    /// before this existed, so that their replays make the calls they made.
    public var guardedToolTurns: Bool
    /// Whether ReAct turns are constrained by `TurnGrammar` (llama.cpp's server honours it):
    /// a thought and one valid tool call, or a thought and a final answer.
    public var turnGrammar: Bool
    /// Whether an answer that cites none of the sources the run found gets one more turn
    /// that lists them and asks for the answer again with its citations.
    public var citationRepair: Bool
    /// Whether a tool result that repeats an earlier result of the same tool (the same
    /// sources) says so and suggests the next move.
    public var repeatedResultsNoted: Bool
    /// The system prompt to send instead of the built-in one (a fork made with
    /// `--system FILE`); nil for the built-in one.
    public var systemPrompt: String?
    /// Whether, under the turn grammar, a final answer must cite one of the sources the
    /// tools found once there are some (the turn that asks for citations is then rarely needed).
    public var citedAnswers: Bool
    /// A search the loop makes with the question itself before the first model call; nil
    /// for none. Small models search with worse words than the question's own.
    public var openingSearch: OpeningSearch?
    /// Whether a final answer, once the tools found sources, is asked for once more in a
    /// request of its own that holds only the question and what the tools returned for
    /// those sources: a small model reads them better without the rest of the run.
    public var rereadAnswers: Bool
    /// Settings a recorded configuration holds that this build does not know, each as
    /// `name "value"`: a run recorded by another version, whose replay cannot redo them.
    /// Empty for every configuration this build makes; never recorded.
    public var unknownSettings: [String] = []

    /// A run configuration.
    public init(
        provider: String, model: String, toolFormat: ToolFormat = .native, budget: Budget = Budget(),
        price: ModelPrice? = nil, maxOutputTokensPerCall: Int = 2048, temperature: Double? = nil,
        contextWindowTokens: Int = 128_000, maxObservationChars: Int = 12_000, memory: Bool = false,
        lastStepKeepsTools: Bool = true, appendOnlyPrompt: Bool = false, guardedToolTurns: Bool = true, turnGrammar: Bool = false,
        citationRepair: Bool = true, repeatedResultsNoted: Bool = true, systemPrompt: String? = nil,
        citedAnswers: Bool = false, openingSearch: OpeningSearch? = nil, rereadAnswers: Bool = false
    ) {
        self.provider = provider
        self.model = model
        self.toolFormat = toolFormat
        self.budget = budget
        self.price = price
        self.maxOutputTokensPerCall = maxOutputTokensPerCall
        self.temperature = temperature
        self.contextWindowTokens = contextWindowTokens
        self.maxObservationChars = maxObservationChars
        self.memory = memory
        self.lastStepKeepsTools = lastStepKeepsTools
        self.appendOnlyPrompt = appendOnlyPrompt
        self.guardedToolTurns = guardedToolTurns
        self.turnGrammar = turnGrammar
        self.citationRepair = citationRepair
        self.repeatedResultsNoted = repeatedResultsNoted
        self.systemPrompt = systemPrompt
        self.citedAnswers = citedAnswers
        self.openingSearch = openingSearch
        self.rereadAnswers = rereadAnswers
    }
}

/// The search a run opens with: `tool` called with the question as its query and `results` as its k.
public struct OpeningSearch: Sendable, Hashable {
    /// The search tool's name (it takes `query` and `k`).
    public var tool: String
    /// How many results it asks for.
    public var results: Int

    /// An opening search.
    public init(tool: String, results: Int) {
        self.tool = tool
        self.results = results
    }
}

extension RunConfig {
    /// The configuration as run.start records it.
    public var json: JSONValue {
        var budgetFields: JSONObject = ["max_steps": .int(budget.maxSteps)]
        budgetFields["max_input_tokens"] = budget.maxInputTokens.map(JSONValue.int)
        budgetFields["max_output_tokens"] = budget.maxOutputTokens.map(JSONValue.int)
        budgetFields["max_cost_usd"] = budget.maxCostUSD.map(JSONValue.number)
        budgetFields["max_seconds"] = budget.maxSeconds.map(JSONValue.number)
        budgetFields["max_tool_calls"] = budget.maxToolCalls.map(JSONValue.int)
        var fields: JSONObject = [
            "provider": .string(provider), "model": .string(model), "tool_format": .string(toolFormat.rawValue),
            "budget": .object(budgetFields), "max_output_tokens_per_call": .int(maxOutputTokensPerCall),
            "context_window_tokens": .int(contextWindowTokens), "max_observation_chars": .int(maxObservationChars),
        ]
        if let price {
            var priceFields: JSONObject = [
                "input": .number(price.input), "output": .number(price.output),
                "cached_input": .number(price.cachedInput),
            ]
            // Absent when it equals the input price, as runs recorded before it was priced read.
            if price.cacheWrite != price.input { priceFields["cache_write"] = .number(price.cacheWrite) }
            fields["price"] = .object(priceFields)
        }
        fields["temperature"] = temperature.map(JSONValue.number)
        // Absent rather than false, so transcripts of runs without memory read as before.
        if memory { fields["memory"] = .bool(true) }
        if lastStepKeepsTools { fields["last_step_tool_choice"] = "none" }
        if appendOnlyPrompt { fields["scratchpad_notes"] = "history" }
        if guardedToolTurns { fields["tool_turns"] = "guarded" }
        if turnGrammar { fields["turn_grammar"] = "gbnf" }
        if citationRepair { fields["citation_repair"] = "once" }
        if repeatedResultsNoted { fields["repeated_results"] = "noted" }
        fields["system_prompt"] = systemPrompt.map(JSONValue.string)
        if citedAnswers { fields["answers"] = "cited" }
        fields["opening_search"] = openingSearch.map { ["tool": .string($0.tool), "k": .int($0.results)] }
        if rereadAnswers { fields["reread"] = "sources" }
        return .object(fields)
    }

    /// Reads a configuration recorded by `json`; nil names the first field that is wrong.
    public init(json: JSONValue) throws(FieldError) {
        func need<T>(_ value: T?, _ field: String) throws(FieldError) -> T {
            guard let value else { throw FieldError(field: field) }
            return value
        }
        let b = json["budget"] ?? .object([:])
        provider = try need(json["provider"]?.stringValue, "provider")
        model = try need(json["model"]?.stringValue, "model")
        toolFormat = try need(json["tool_format"]?.stringValue.flatMap(ToolFormat.init(rawValue:)), "tool_format")
        budget = Budget(
            maxSteps: try need(b["max_steps"]?.intValue, "budget.max_steps"),
            maxInputTokens: b["max_input_tokens"]?.intValue, maxOutputTokens: b["max_output_tokens"]?.intValue,
            maxCostUSD: b["max_cost_usd"]?.doubleValue, maxSeconds: b["max_seconds"]?.doubleValue,
            maxToolCalls: b["max_tool_calls"]?.intValue)
        if let p = json["price"], let i = p["input"]?.doubleValue, let o = p["output"]?.doubleValue {
            price = ModelPrice(input: i, output: o, cachedInput: p["cached_input"]?.doubleValue, cacheWrite: p["cache_write"]?.doubleValue)
        } else {
            price = nil
        }
        maxOutputTokensPerCall = try need(json["max_output_tokens_per_call"]?.intValue, "max_output_tokens_per_call")
        temperature = json["temperature"]?.doubleValue
        contextWindowTokens = try need(json["context_window_tokens"]?.intValue, "context_window_tokens")
        maxObservationChars = try need(json["max_observation_chars"]?.intValue, "max_observation_chars")
        memory = json["memory"]?.boolValue ?? false
        lastStepKeepsTools = json["last_step_tool_choice"]?.stringValue == "none"
        appendOnlyPrompt = json["scratchpad_notes"]?.stringValue == "history"
        guardedToolTurns = json["tool_turns"]?.stringValue == "guarded"
        turnGrammar = json["turn_grammar"]?.stringValue == "gbnf"
        citationRepair = json["citation_repair"]?.stringValue == "once"
        repeatedResultsNoted = json["repeated_results"]?.stringValue == "noted"
        systemPrompt = json["system_prompt"]?.stringValue
        citedAnswers = json["answers"]?.stringValue == "cited"
        if let opening = json["opening_search"] {
            openingSearch = OpeningSearch(
                tool: try need(opening["tool"]?.stringValue, "opening_search.tool"),
                results: try need(opening["k"]?.intValue, "opening_search.k"))
        } else {
            openingSearch = nil
        }
        rereadAnswers = json["reread"]?.stringValue == "sources"
        unknownSettings = Self.unknownSettings(in: json)
    }

    /// The settings `json` records that `init(json:)` cannot take: a field this build never
    /// writes, or a value other than the one it writes.
    private static func unknownSettings(in json: JSONValue) -> [String] {
        // The one value this build writes for each field that switches a behaviour on.
        let switches: JSONObject = [
            "memory": .bool(true), "last_step_tool_choice": "none", "scratchpad_notes": "history", "tool_turns": "guarded",
            "turn_grammar": "gbnf", "citation_repair": "once", "repeated_results": "noted", "answers": "cited",
            "reread": "sources",
        ]
        let others: Set = [
            "provider", "model", "tool_format", "budget", "price", "max_output_tokens_per_call", "temperature",
            "context_window_tokens", "max_observation_chars", "system_prompt", "opening_search",
        ]
        let budgetFields: Set = ["max_steps", "max_input_tokens", "max_output_tokens", "max_cost_usd", "max_seconds", "max_tool_calls"]
        var unknown: [String] = []
        for (name, value) in json.objectValue ?? [:] {
            if let known = switches[name] {
                if value != known { unknown.append("\(name) \(value.canonicalText)") }
            } else if !others.contains(name) {
                unknown.append("\(name) \(value.canonicalText)")
            }
        }
        for (name, value) in json["budget"]?.objectValue ?? [:] where !budgetFields.contains(name) {
            unknown.append("budget.\(name) \(value.canonicalText)")
        }
        return unknown.sorted()
    }
}

/// A required field that is missing or of the wrong type.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's path, such as `budget.max_steps`.
    public var field: String

    /// A field error.
    public init(field: String) { self.field = field }

    /// The one line people see.
    public var description: String { "missing or invalid field '\(field)'" }
}
