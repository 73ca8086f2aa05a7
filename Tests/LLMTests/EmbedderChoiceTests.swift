import AgentTesting
import Foundation
import LLM
import Testing

@Suite struct EmbedderChoiceTests {
    @Test func defaultIsLocalWhenInstalledElseNone() throws {
        let bare = try FakeLocalInstall.make()
        #expect(try EmbedderChoice.choose(embedder: nil, model: nil, environment: ["RESEARCH_AGENT_CACHE": bare]) == .none)
        _ = FileManager.default.createFile(atPath: bare + "/models/\(LocalInstall.embeddingModel).gguf", contents: Data("GGUF".utf8))
        let chosen = try EmbedderChoice.choose(embedder: nil, model: nil, environment: ["RESEARCH_AGENT_CACHE": bare])
        #expect(chosen.name == .local && chosen.dimensions == 384 && chosen.model == LocalInstall.embeddingModel)
    }

    @Test func explicitChoicesSayWhatIsMissing() throws {
        let bare = try FakeLocalInstall.make()
        let env = ["RESEARCH_AGENT_CACHE": bare]
        #expect(try EmbedderChoice.choose(embedder: "none", model: nil, environment: env) == .none)
        let local = #expect(throws: ProviderChoiceError.self) { try EmbedderChoice.choose(embedder: "local", model: nil, environment: env) }
        #expect(local?.message.contains("research-agent setup --models embed") == true)
        let keyless = #expect(throws: ProviderChoiceError.self) {
            try EmbedderChoice.choose(embedder: "openai", model: nil, environment: env)
        }
        #expect(keyless?.message.contains("OPENAI_API_KEY") == true)
        let unknown = #expect(throws: ProviderChoiceError.self) {
            try EmbedderChoice.choose(embedder: "bert", model: nil, environment: env)
        }
        #expect(unknown?.message.contains("local, openai, none") == true)
    }

    @Test func openAICompatibleServersNeedModelAndKnownLength() throws {
        let env = ["OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"]
        #expect(throws: ProviderChoiceError.self) { try EmbedderChoice.choose(embedder: "openai", model: nil, environment: env) }
        let unknown = #expect(throws: ProviderChoiceError.self) {
            try EmbedderChoice.choose(embedder: "openai", model: "mystery", environment: env)
        }
        #expect(unknown?.message.contains("--embedding-dimensions") == true)
        let ollama = try EmbedderChoice.choose(embedder: "openai", model: "nomic-embed-text", environment: env)
        #expect(ollama.dimensions == 768 && ollama.baseURL == "http://127.0.0.1:11434/v1" && ollama.apiKey == nil)
        let openai = try EmbedderChoice.choose(embedder: "openai", model: nil, environment: ["OPENAI_API_KEY": "k"])
        #expect(openai.model == "text-embedding-3-small" && openai.dimensions == 1536)
        let sized = try EmbedderChoice.choose(embedder: "openai", model: "mystery", dimensions: 99, environment: env)
        #expect(sized.dimensions == 99)
    }
}
