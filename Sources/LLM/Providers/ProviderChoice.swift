import AgentCore
import HTTP
import Logging

/// Which provider a run uses, decided from flags and environment as DESIGN.md says:
/// `--provider`, else ANTHROPIC_API_KEY, else OPENAI_API_KEY or OPENAI_BASE_URL, else the
/// local model when setup installed it.
public struct ProviderChoice: Sendable, Equatable {
    /// The provider's name: "anthropic" or "openai".
    public var name: String
    /// Endpoint, key and model.
    public var baseURL: String
    /// The key, if any.
    public var apiKey: String?
    /// The model's name.
    public var model: String

    /// The providers this build can call.
    public static let known = ["anthropic", "openai", "local"]

    /// Chooses a provider.
    /// - Parameters:
    ///   - provider: `--provider` or config, if given.
    ///   - model: `--model` or config, if given.
    ///   - environment: the process environment.
    /// - Throws: one line saying what to set when nothing is configured.
    public static func choose(provider: String?, model: String?, environment: [String: String]) throws(ProviderChoiceError) -> ProviderChoice {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let name: String
        if let provider {
            guard known.contains(provider) else {
                throw ProviderChoiceError("unknown provider '\(provider)'; use one of: \(known.joined(separator: ", "))")
            }
            name = provider
        } else if value("ANTHROPIC_API_KEY") != nil {
            name = "anthropic"
        } else if value("OPENAI_API_KEY") != nil || value("OPENAI_BASE_URL") != nil {
            name = "openai"
        } else if LocalInstall(environment: environment).has(model: model ?? LocalInstall.defaultModel) {
            name = "local"
        } else {
            throw ProviderChoiceError(
                "no model provider configured: set ANTHROPIC_API_KEY, OPENAI_API_KEY, or OPENAI_BASE_URL "
                    + "(e.g. http://127.0.0.1:11434/v1 for Ollama), or run scripts/setup-local.sh for the offline model")
        }
        switch name {
        case "local":
            let install = LocalInstall(environment: environment)
            let chosen = model ?? LocalInstall.defaultModel
            guard install.has(model: chosen) else {
                throw ProviderChoiceError("the local model '\(chosen)' is not installed in \(install.cache): run scripts/setup-local.sh")
            }
            return ProviderChoice(name: name, baseURL: install.modelFile(chosen), apiKey: nil, model: chosen)
        case "anthropic":
            guard let key = value("ANTHROPIC_API_KEY") else {
                throw ProviderChoiceError("provider anthropic needs ANTHROPIC_API_KEY to be set")
            }
            return ProviderChoice(
                name: name, baseURL: value("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com", apiKey: key,
                model: model ?? ModelCatalog.defaults["anthropic"] ?? "")
        default:
            let base = value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1"
            let isOpenAI = base.contains("api.openai.com")
            if isOpenAI && value("OPENAI_API_KEY") == nil {
                throw ProviderChoiceError("provider openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
            }
            guard let chosen = model ?? value("OPENAI_MODEL") ?? (isOpenAI ? ModelCatalog.defaults["openai"] : nil) else {
                throw ProviderChoiceError("OPENAI_BASE_URL is \(base): name the model it serves with --model or OPENAI_MODEL")
            }
            return ProviderChoice(name: name, baseURL: base, apiKey: value("OPENAI_API_KEY"), model: chosen)
        }
    }

    /// The language model for this choice, its calls limited by the run's time budget.
    public func makeModel(client: HTTPClient, logger: Logger, environment: [String: String], retry: RetryPolicy = RetryPolicy()) -> any LanguageModel {
        let settings = ProviderSettings(baseURL: baseURL, apiKey: apiKey, model: model, retry: retry)
        switch name {
        case "local":
            let install = LocalInstall(environment: environment)
            let launch = LocalServer.Launch(binary: install.server, model: baseURL, contextTokens: Self.localContextTokens, stateDirectory: install.cache)
            return TimeLimitedModel(LocalModel(model: model, server: LocalServer(launch: launch, client: client, logger: logger), client: client, logger: logger))
        case "anthropic": return TimeLimitedModel(AnthropicModel(settings: settings, client: client, logger: logger))
        default: return TimeLimitedModel(OpenAIChatModel(settings: settings, client: client, logger: logger))
        }
    }

    /// The context window the local server is started with.
    public static let localContextTokens = 8192

    /// A model that only builds bodies like `provider` would, for replay: it has no key
    /// and is never asked to send anything.
    public static func encoder(provider: String, model: String, logger: Logger) throws(ProviderChoiceError) -> any LanguageModel {
        let settings = ProviderSettings(baseURL: "http://replay.invalid", apiKey: nil, model: model)
        let client = HTTPClient(userAgent: "research-agent-replay")
        switch provider {
        case "anthropic": return AnthropicModel(settings: settings, client: client, logger: logger)
        case "openai", "local": return OpenAIChatModel(settings: settings, client: client, logger: logger, provider: provider)
        default: throw ProviderChoiceError("cannot replay requests of provider '\(provider)': this build knows \(known.joined(separator: ", "))")
        }
    }
}

/// Why no provider could be chosen, in one line that says what to do.
public struct ProviderChoiceError: Error, Sendable, CustomStringConvertible {
    /// What to do.
    public var message: String

    /// A provider choice error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
