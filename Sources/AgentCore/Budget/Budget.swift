/// The limits of one run: steps, tokens, dollars, wall time and tool calls.
///
/// Every limit but steps is optional. The loop checks the budget before every model and
/// tool call and does not make a call that would exceed it.
public struct Budget: Sendable, Hashable {
    /// Model calls allowed; the last one offers no tools and asks for the answer.
    public var maxSteps: Int
    /// Prompt tokens allowed over the run.
    public var maxInputTokens: Int?
    /// Generated tokens allowed over the run.
    public var maxOutputTokens: Int?
    /// Dollars allowed over the run; needs a known price for the model.
    public var maxCostUSD: Double?
    /// Wall-clock seconds allowed.
    public var maxSeconds: Double?

    /// The longest time budget: a year, far more than any run, and finite.
    public static let longestTime = 31_536_000.0
    /// The most steps a task file may give a run: far more than any run takes, and a
    /// number that JSON's doubles hold exactly.
    public static let mostSteps = 1_000_000
    /// Tool calls allowed.
    public var maxToolCalls: Int?

    /// A budget.
    public init(
        maxSteps: Int = 12, maxInputTokens: Int? = nil, maxOutputTokens: Int? = nil, maxCostUSD: Double? = nil,
        maxSeconds: Double? = nil, maxToolCalls: Int? = nil
    ) {
        self.maxSteps = maxSteps
        self.maxInputTokens = maxInputTokens
        self.maxOutputTokens = maxOutputTokens
        self.maxCostUSD = maxCostUSD
        self.maxSeconds = maxSeconds
        self.maxToolCalls = maxToolCalls
    }

    /// Why this budget cannot be enforced for a model with `price`, or nil when it can.
    public func unenforceableReason(model: String, price: ModelPrice?) -> String? {
        if maxSteps < 1 { return "the step budget must be at least 1 (got \(maxSteps))" }
        if let cost = maxCostUSD {
            if !(cost > 0) { return "--max-cost must be a positive number of dollars (got \(cost))" }
            if price == nil {
                return "--max-cost needs the price of model '\(model)', which is unknown: set it in config.toml as "
                    + "[prices.\"\(model)\"] input = USD, output = USD (per million tokens), or drop --max-cost"
            }
        }
        if let s = maxSeconds, !(s > 0 && s <= Self.longestTime) {
            return "--max-time must be a positive number of seconds up to \(Int(Self.longestTime)) (got \(s))"
        }
        if let t = maxToolCalls, t < 0 { return "the tool-call budget cannot be negative (got \(t))" }
        return nil
    }
}

/// What a run has spent so far.
public struct Spend: Sendable, Hashable {
    /// Model calls made.
    public var steps = 0
    /// Prompt tokens.
    public var inputTokens = 0
    /// Generated tokens.
    public var outputTokens = 0
    /// Prompt tokens served from cache.
    public var cachedTokens = 0
    /// Dollars, or nil when some call's price was unknown.
    public var costUSD: Double? = 0
    /// Tool calls made (refused ones included).
    public var toolCalls = 0
    /// Milliseconds since the run started.
    public var elapsedMS: Int64 = 0

    /// Nothing spent.
    public init() {}
}

/// What is left of each limit that is set.
public struct BudgetLeft: Sendable, Hashable {
    /// Steps left.
    public var steps: Int
    /// Prompt tokens left, if limited.
    public var inputTokens: Int?
    /// Generated tokens left, if limited.
    public var outputTokens: Int?
    /// Dollars left, if limited.
    public var costUSD: Double?
    /// Seconds left, if limited.
    public var seconds: Double?
    /// Tool calls left, if limited.
    public var toolCalls: Int?

    /// What is left of `budget` after `spent`.
    public init(budget: Budget, spent: Spend) {
        steps = budget.maxSteps - spent.steps
        inputTokens = budget.maxInputTokens.map { $0 - spent.inputTokens }
        outputTokens = budget.maxOutputTokens.map { $0 - spent.outputTokens }
        costUSD = budget.maxCostUSD.map { $0 - (spent.costUSD ?? 0) }
        seconds = budget.maxSeconds.map { $0 - Double(spent.elapsedMS) / 1000 }
        toolCalls = budget.maxToolCalls.map { $0 - spent.toolCalls }
    }

    /// A record of explicit values (used when reading transcripts).
    public init(
        steps: Int, inputTokens: Int?, outputTokens: Int?, costUSD: Double?, seconds: Double?, toolCalls: Int?
    ) {
        self.steps = steps
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
        self.seconds = seconds
        self.toolCalls = toolCalls
    }
}
