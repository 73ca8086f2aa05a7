import AgentCore
import HTTP
import Logging

extension Provider {
    /// The language model for `choice`, its calls limited by the run's time budget.
    func makeModel(_ choice: ProviderChoice, client: HTTPClient, logger: Logger, environment: [String: String], retry: RetryPolicy)
        -> any LanguageModel
    {
        let settings = ProviderSettings(baseURL: choice.baseURL, apiKey: choice.apiKey, model: choice.model, retry: retry)
        switch self {
        case .anthropic:
            return TimeLimitedModel(AnthropicModel(settings: settings, client: client, logger: logger))
        case .openai:
            return TimeLimitedModel(OpenAIChatModel(settings: settings, client: client, logger: logger))
        case .local:
            let launch = Self.localLaunch(choice, environment: environment)
            return TimeLimitedModel(
                LocalModel(
                    model: choice.model, server: LocalServer(launch: launch, client: client, logger: logger), client: client, logger: logger
                ))
        }
    }

    /// A model that only builds bodies as this provider does, for replay: it has no key
    /// and is never asked to send anything.
    func encoder(model: String, logger: Logger) -> any LanguageModel {
        let settings = ProviderSettings(baseURL: "http://replay.invalid", apiKey: nil, model: model)
        let client = HTTPClient(userAgent: "research-agent-replay")
        switch self {
        case .anthropic: return AnthropicModel(settings: settings, client: client, logger: logger)
        case .openai, .local: return OpenAIChatModel(settings: settings, client: client, logger: logger, provider: rawValue)
        }
    }
}

extension Provider {
    /// How the local model of `choice` is started: the installed server on its model file.
    static func localLaunch(_ choice: ProviderChoice, environment: [String: String]) -> LocalServer.Launch {
        let install = LocalInstall(environment: environment)
        return LocalServer.Launch(
            binary: install.server, model: choice.baseURL, contextTokens: ProviderChoice.localContextTokens, stateDirectory: install.cache)
    }
}
