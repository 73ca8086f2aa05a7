import AgentCore
import LLM
import Testing

@Suite struct ProviderTests {
    @Test func theSecretsToHideComeFromTheProviders() {
        #expect(Provider.secretVariables == ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"])
        #expect(Provider.local.secretVariables.isEmpty)
    }

    @Test func eachProviderHasADefaultModelAndRunDefaults() {
        for provider in Provider.allCases { #expect(!provider.defaultModel.isEmpty, "\(provider)") }
        #expect(Provider.anthropic.defaultModel == "claude-sonnet-5-5" && Provider.openai.defaultModel == "gpt-5.6-luna")
        #expect(Provider.local.runDefaults.isFree && Provider.local.runDefaults.toolFormat == .react)
        #expect(!Provider.anthropic.runDefaults.isFree && Provider.anthropic.runDefaults.toolFormat == nil)
    }

    @Test func anUnknownNameIsAUsageErrorByKind() {
        #expect { _ = try ProviderChoice.choose(provider: "gemini", model: nil, environment: [:]) } throws: {
            ($0 as? ProviderChoiceError)?.kind == .unknownProvider
        }
        #expect { _ = try ProviderChoice.choose(provider: "anthropic", model: nil, environment: [:]) } throws: {
            ($0 as? ProviderChoiceError)?.kind == .notConfigured
        }
        #expect(throws: ProviderChoiceError.self) { _ = try ProviderChoice.encoder(provider: "gemini", model: "m", logger: quietLogger) }
    }
}
