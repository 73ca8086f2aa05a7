/// `run.start`: what the run was asked and how it was set up.
public struct RunStart: Sendable, Hashable {
    /// The question.
    public var task: String
    /// The run's configuration, secrets redacted; enough to replay the loop.
    public var config: RunConfig
    /// The tools offered, each with the SHA-256 of its canonical schema.
    public var tools: [ToolDigest]
    /// The program's version.
    public var version: String
    /// The run's random seed (recorded so anything random at the edge can be repeated).
    public var seed: UInt64
    /// The interactive session the run belongs to, with what its earlier questions left;
    /// nil for a run on its own.
    public var session: SessionContext?
    /// The run this one was forked from, nil for a run that was not.
    public var fork: ForkOrigin?

    /// A run.start record.
    public init(
        task: String, config: RunConfig, tools: [ToolDigest], version: String, seed: UInt64, session: SessionContext? = nil,
        fork: ForkOrigin? = nil
    ) {
        self.task = task
        self.config = config
        self.tools = tools
        self.version = version
        self.seed = seed
        self.session = session
        self.fork = fork
    }
}

/// A tool's name and the hash of its schema, as run.start records them.
public struct ToolDigest: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// SHA-256 (hex) of the canonical JSON of its schema.
    public var schemaSHA256: String
    /// For an MCP tool, its server and its whole schema: replay rebuilds the tool from
    /// them and never starts the server.
    public var server: ToolServer?
    /// The schema itself (MCP tools only).
    public var schema: ToolSchema?

    /// A tool digest.
    public init(name: String, schemaSHA256: String, server: ToolServer? = nil, schema: ToolSchema? = nil) {
        self.name = name
        self.schemaSHA256 = schemaSHA256
        self.server = server
        self.schema = schema
    }
}

/// `llm.request`: the exact body sent to the provider.
public struct LLMRequestRecord: Sendable, Hashable {
    /// The step, from 1.
    public var step: Int
    /// The provider's name.
    public var provider: String
    /// The model's name.
    public var model: String
    /// The full request body; its canonical bytes are what was sent.
    public var body: JSONValue

    /// An llm.request record.
    public init(step: Int, provider: String, model: String, body: JSONValue) {
        self.step = step
        self.provider = provider
        self.model = model
        self.body = body
    }
}

/// `llm.response`: what the model answered and what it cost.
public struct LLMResponseRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// The turn: text, tool calls, usage, finish reason, raw body.
    public var turn: ModelTurn
    /// Dollars, or nil when the model's price is unknown (never a silent zero).
    public var costUSD: Double?
    /// Milliseconds from request to complete response.
    public var latencyMS: Int64

    /// An llm.response record.
    public init(step: Int, turn: ModelTurn, costUSD: Double?, latencyMS: Int64) {
        self.step = step
        self.turn = turn
        self.costUSD = costUSD
        self.latencyMS = latencyMS
    }
}

/// `tool.call`: a call the loop is about to run (or refused, see the matching result).
public struct ToolCallRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// The call's id.
    public var id: String
    /// The tool's name.
    public var name: String
    /// Parsed arguments, or the raw text as a string when it was not valid JSON.
    public var arguments: JSONValue

    /// A tool.call record.
    public init(step: Int, id: String, name: String, arguments: JSONValue) {
        self.step = step
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// `tool.result`: the full output of a call and how it was shown to the model.
public struct ToolResultRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// The call's id.
    public var id: String
    /// The full output (the prompt may show it truncated).
    public var output: String
    /// Whether the output is an error.
    public var isError: Bool
    /// Milliseconds the call took.
    public var latencyMS: Int64
    /// Whether the prompt showed only part of the output.
    public var truncated: Bool
    /// Whether the output is outside text (data, never orders).
    public var tainted: Bool
    /// Sources the output cites.
    public var sources: [NumberedSource]
    /// The MCP server that answered (nil for a built-in tool).
    public var server: ToolServer?

    /// A tool.result record.
    public init(
        step: Int, id: String, output: String, isError: Bool, latencyMS: Int64, truncated: Bool, tainted: Bool,
        sources: [NumberedSource], server: ToolServer? = nil
    ) {
        self.server = server
        self.step = step
        self.id = id
        self.output = output
        self.isError = isError
        self.latencyMS = latencyMS
        self.truncated = truncated
        self.tainted = tainted
        self.sources = sources
    }
}

/// `scratchpad`: a note written or deleted.
public struct ScratchpadRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// "write" or "delete".
    public var op: String
    /// The note's key.
    public var key: String
    /// The note's text (nil for delete).
    public var value: String?

    /// A scratchpad record.
    public init(step: Int, op: String, key: String, value: String?) {
        self.step = step
        self.op = op
        self.key = key
        self.value = value
    }
}

/// One recalled memory, as `memory.read` records it.
public struct RecalledMemory: Sendable, Hashable {
    /// The memory's id.
    public var id: String
    /// Its text.
    public var text: String
    /// Where it came from.
    public var source: String
    /// Its recall score.
    public var score: Double
    /// The day it was saved (YYYY-MM-DD), when known: prompts label memories with it.
    public var date: String?
    /// Its other sources, first saved first: those of near-duplicates merged into it.
    public var moreSources: [String]

    /// A recalled memory.
    public init(id: String, text: String, source: String, score: Double, date: String? = nil, moreSources: [String] = []) {
        self.id = id
        self.text = text
        self.source = source
        self.score = score
        self.date = date
        self.moreSources = moreSources
    }
}

/// `memory.read`: what recall returned; replay uses these, never the database.
public struct MemoryReadRecord: Sendable, Hashable {
    /// The step (0 for recall at run start).
    public var step: Int
    /// The query.
    public var query: String
    /// What was recalled.
    public var items: [RecalledMemory]

    /// A memory.read record.
    public init(step: Int, query: String, items: [RecalledMemory]) {
        self.step = step
        self.query = query
        self.items = items
    }
}

/// `memory.write`: a long-term memory saved.
public struct MemoryWriteRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// The memory's id.
    public var id: String
    /// Its kind ("fact", "finding", ...).
    public var kind: String
    /// Its text.
    public var text: String
    /// Its sources.
    public var sources: [Source]

    /// A memory.write record.
    public init(step: Int, id: String, kind: String, text: String, sources: [Source]) {
        self.step = step
        self.id = id
        self.kind = kind
        self.text = text
        self.sources = sources
    }
}

/// `memory.forget`: a memory removed.
public struct MemoryForgetRecord: Sendable, Hashable {
    /// The memory's id.
    public var id: String

    /// A memory.forget record.
    public init(id: String) { self.id = id }
}

/// `budget`: what one step spent and what is left.
public struct BudgetRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// Totals spent so far.
    public var spent: Spend
    /// What is left of each limit that is set.
    public var left: BudgetLeft

    /// A budget record.
    public init(step: Int, spent: Spend, left: BudgetLeft) {
        self.step = step
        self.spent = spent
        self.left = left
    }
}

/// `error`: something failed.
public struct ErrorRecord: Sendable, Hashable {
    /// The step.
    public var step: Int
    /// What failed: "model", "tool", "parse", "sink", ...
    public var kind: String
    /// One line.
    public var message: String
    /// Whether trying again could help.
    public var retriable: Bool

    /// An error record.
    public init(step: Int, kind: String, message: String, retriable: Bool) {
        self.step = step
        self.kind = kind
        self.message = message
        self.retriable = retriable
    }
}

/// How a run ended.
public enum RunStatus: String, Sendable, Hashable, CaseIterable {
    case answered, budget, loop, cancelled, error

    /// The process exit code DESIGN.md gives this status.
    public var exitCode: Int32 {
        switch self {
        case .answered: return 0
        case .error: return 1
        case .budget, .loop: return 3
        case .cancelled: return 4
        }
    }
}

/// `run.end`: the outcome, with totals.
public struct RunEndRecord: Sendable, Hashable {
    /// Why the run ended.
    public var status: RunStatus
    /// Why, in words, when it was not answered ("step budget of 4 used up", ...).
    public var reason: String?
    /// The answer (the best one available when the run did not finish).
    public var answer: String
    /// The sources the answer cites, in order of first citation.
    public var citations: [NumberedSource]
    /// What the run spent.
    public var totals: Spend

    /// A run.end record.
    public init(status: RunStatus, reason: String?, answer: String, citations: [NumberedSource], totals: Spend) {
        self.status = status
        self.reason = reason
        self.answer = answer
        self.citations = citations
        self.totals = totals
    }
}

/// Where a forked run branched from: its parent, the step, and what was changed. Steps
/// before `step` replay the parent's record; the fork runs live from `step` on.
public struct ForkOrigin: Sendable, Hashable {
    /// The parent's run id.
    public var parentRun: String
    /// The parent's transcript, as the fork found it.
    public var parentPath: String
    /// SHA-256 (hex) of the parent's transcript file, to tell when it changed since.
    public var parentSHA256: String
    /// The first step run live.
    public var step: Int
    /// User messages added to the conversation right before the request of a step, by
    /// step: the fork's own at `step`, and those a forked parent had before it.
    public var injections: [Int: String]
    /// Tool results replaced before `step`: call id to the new output.
    public var editedResults: [String: String]
    /// The changes in words, one each ("model: a → b"), for people reading the record.
    public var changes: [String]

    /// A fork origin.
    public init(
        parentRun: String, parentPath: String, parentSHA256: String, step: Int, injections: [Int: String] = [:],
        editedResults: [String: String] = [:], changes: [String] = []
    ) {
        self.parentRun = parentRun
        self.parentPath = parentPath
        self.parentSHA256 = parentSHA256
        self.step = step
        self.injections = injections
        self.editedResults = editedResults
        self.changes = changes
    }
}
