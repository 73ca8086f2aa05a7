import AgentCore

/// A model provider, described once: its name, the environment it reads, its default
/// model and the run settings that suit it. How its model is built, how replay encodes
/// its requests and how `doctor` probes it are in `Provider+Models.swift` and
/// `Provider+Probe.swift`. Every `switch` over it is exhaustive, so a provider added
/// here that misses a piece does not compile.
public enum Provider: String, CaseIterable, Sendable {
    /// The Messages API.
    case anthropic
    /// Chat Completions: OpenAI and compatible servers (Ollama, vLLM, llama.cpp's server).
    case openai
    /// The bundled small model on llama.cpp's server, started on demand.
    case local

    /// The variable holding its API key, which a 401 or 403 points at; nil without one.
    public var keyVariable: String? {
        switch self {
        case .anthropic: "ANTHROPIC_API_KEY"
        case .openai: "OPENAI_API_KEY"
        case .local: nil
        }
    }

    /// The variables whose values are secrets: redaction hides them from transcripts
    /// and output.
    public var secretVariables: [String] { keyVariable.map { [$0] } ?? [] }

    /// The model used when none is named (for `openai` only on OpenAI's own API: a
    /// compatible server serves models of its own).
    public var defaultModel: String {
        switch self {
        case .anthropic, .openai: ModelCatalog.defaults[self] ?? ""
        case .local: LocalInstall.defaultModel
        }
    }

    /// The run settings its models need unless config.toml says otherwise.
    public var runDefaults: RunDefaults {
        switch self {
        case .anthropic, .openai:
            return RunDefaults(
                isFree: false, toolFormat: nil, replyTokens: nil, contextWindow: nil, maxObservationChars: 12_000, turnGrammar: false)
        case .local:
            // A small local model writes tool calls as text more reliably than it uses the
            // native format, has a small window, and is slow per token: smaller caps. Its
            // server, llama.cpp's, constrains text turns by a grammar.
            return RunDefaults(
                isFree: true, toolFormat: .react, replyTokens: 512, contextWindow: ProviderChoice.localContextTokens,
                maxObservationChars: 3000, turnGrammar: true)
        }
    }

    /// Every secret variable of every provider.
    public static var secretVariables: [String] { allCases.flatMap(\.secretVariables) }

    /// The names this build knows, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The run settings a provider's models need by default; nil leaves the choice to the
/// model's catalog entry.
public struct RunDefaults: Sendable, Hashable {
    /// Whether its tokens cost nothing (a dollar budget then holds trivially).
    public var isFree: Bool
    /// The tool format; nil: native, unless the model has no native tools.
    public var toolFormat: ToolFormat?
    /// The reply cap per call; nil: from the catalog (more for models that reason).
    public var replyTokens: Int?
    /// The context window; nil: from the catalog.
    public var contextWindow: Int?
    /// The most characters of one observation the prompt shows.
    public var maxObservationChars: Int
    /// Whether ReAct turns are constrained by a grammar (the server must take llama.cpp's).
    public var turnGrammar: Bool
}
