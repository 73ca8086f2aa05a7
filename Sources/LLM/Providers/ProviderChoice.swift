import AgentCore
import HTTP
import Logging

/// Which provider a run uses, decided from flags and environment as DESIGN.md says:
/// `--provider`, else ANTHROPIC_API_KEY, else OPENAI_API_KEY or OPENAI_BASE_URL, else the
/// local model when setup installed it.
public struct ProviderChoice: Sendable, Equatable {
    /// The provider.
    public var provider: Provider
    /// The API's base URL (for `local`, the model file).
    public var baseURL: String
    /// The key, if any.
    public var apiKey: String?
    /// The model's name.
    public var model: String

    /// The provider's name.
    public var name: String { provider.rawValue }

    /// Chooses a provider.
    /// - Parameters:
    ///   - provider: `--provider` or config, if given.
    ///   - model: `--model` or config, if given.
    ///   - environment: the process environment.
    /// - Throws: one line saying what to set when nothing is configured.
    public static func choose(provider: String?, model: String?, environment: [String: String]) throws(ProviderChoiceError)
        -> ProviderChoice
    {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let chosen: Provider
        if let provider {
            guard let known = Provider(rawValue: provider) else {
                throw ProviderChoiceError("unknown provider '\(provider)'; use one of: \(Provider.names)", kind: .unknownProvider)
            }
            chosen = known
        } else if value("ANTHROPIC_API_KEY") != nil {
            chosen = .anthropic
        } else if value("OPENAI_API_KEY") != nil || value("OPENAI_BASE_URL") != nil {
            chosen = .openai
        } else if LocalInstall(environment: environment).has(model: model ?? LocalInstall.defaultModel) {
            chosen = .local
        } else {
            throw ProviderChoiceError(
                "no model provider configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY, or OPENAI_BASE_URL "
                    + "(e.g. http://127.0.0.1:11434/v1 for Ollama), or run research-agent setup for the offline model")
        }
        switch chosen {
        case .local:
            let install = LocalInstall(environment: environment)
            let name = model ?? chosen.defaultModel
            guard install.has(model: name) else {
                throw ProviderChoiceError("the local model '\(name)' is not installed in \(install.cache): run research-agent setup")
            }
            return ProviderChoice(provider: chosen, baseURL: install.modelFile(name), apiKey: nil, model: name)
        case .anthropic:
            guard let key = value("ANTHROPIC_API_KEY") else {
                throw ProviderChoiceError("provider anthropic needs ANTHROPIC_API_KEY to be set")
            }
            return ProviderChoice(
                provider: chosen, baseURL: value("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com", apiKey: key,
                model: model ?? chosen.defaultModel)
        case .openai:
            let base = value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1"
            let isOpenAI = base.contains("api.openai.com")
            if isOpenAI && value("OPENAI_API_KEY") == nil {
                throw ProviderChoiceError("provider openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
            }
            guard let name = model ?? value("OPENAI_MODEL") ?? (isOpenAI ? chosen.defaultModel : nil) else {
                throw ProviderChoiceError("OPENAI_BASE_URL is \(base): name the model it serves with --model or OPENAI_MODEL")
            }
            return ProviderChoice(provider: chosen, baseURL: base, apiKey: value("OPENAI_API_KEY"), model: name)
        }
    }

    /// The language model for this choice, its calls limited by the run's time budget.
    public func makeModel(client: HTTPClient, logger: Logger, environment: [String: String], retry: RetryPolicy = RetryPolicy())
        -> any LanguageModel
    {
        provider.makeModel(self, client: client, logger: logger, environment: environment, retry: retry)
    }

    /// The context window the local server is started with.
    public static let localContextTokens = 8192

    /// A model that only builds bodies like `provider` would, for replay: it has no key
    /// and is never asked to send anything.
    public static func encoder(provider: String, model: String, logger: Logger) throws(ProviderChoiceError) -> any LanguageModel {
        guard let known = Provider(rawValue: provider) else {
            throw ProviderChoiceError("cannot replay requests of provider '\(provider)': this build knows \(Provider.names)")
        }
        return known.encoder(model: model, logger: logger)
    }
}

/// Why no provider could be chosen, in one line that says what to do.
public struct ProviderChoiceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Kind: Sendable, Hashable {
        /// A name no provider (or embedder) has: a usage error.
        case unknownProvider
        /// Something to set or install.
        case notConfigured
    }

    /// What to do.
    public var message: String
    /// What went wrong.
    public var kind: Kind

    /// A provider choice error.
    public init(_ message: String, kind: Kind = .notConfigured) {
        self.message = message
        self.kind = kind
    }

    /// The message.
    public var description: String { message }
}
