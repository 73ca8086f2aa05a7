import AgentCore

/// One task of a batch: a question, the answers accepted for it, and what the run may use.
public struct EvalTask: Sendable, Equatable {
    /// The task's id, unique in its file.
    public var id: String
    /// The question asked.
    public var question: String
    /// The accepted answers; empty when the task is run but not scored.
    public var answers: [String]
    /// Files and folders indexed, before the task runs, into a collection only its
    /// `search_docs` reads (absolute paths).
    public var docs: [String]
    /// Kept as given and shown in reports.
    public var metadata: JSONValue?
    /// Limits that override the batch's.
    public var limits: TaskLimits
    /// The line of the task file it came from, from 1.
    public var line: Int

    /// A task.
    public init(
        id: String, question: String, answers: [String] = [], docs: [String] = [], metadata: JSONValue? = nil,
        limits: TaskLimits = TaskLimits(), line: Int = 0
    ) {
        self.id = id
        self.question = question
        self.answers = answers
        self.docs = docs
        self.metadata = metadata
        self.limits = limits
        self.line = line
    }
}

/// A task's own limits; nil keeps the batch's.
public struct TaskLimits: Sendable, Equatable {
    /// Most model calls.
    public var maxSteps: Int?
    /// Most dollars.
    public var maxCost: Double?
    /// Most seconds.
    public var maxTime: Double?
    /// The tools offered (a subset of the batch's); nil offers them all.
    public var tools: [String]?

    /// Limits.
    public init(maxSteps: Int? = nil, maxCost: Double? = nil, maxTime: Double? = nil, tools: [String]? = nil) {
        self.maxSteps = maxSteps
        self.maxCost = maxCost
        self.maxTime = maxTime
        self.tools = tools
    }
}
