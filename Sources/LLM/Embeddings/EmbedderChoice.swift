import AgentCore
import HTTP
import Logging

/// An embedder as `--embedder` and config.toml's `embedder` name it.
public enum EmbedderName: String, Sendable, CaseIterable {
    /// all-MiniLM-L6-v2 on the local runtime.
    case local
    /// OPENAI_BASE_URL's /v1/embeddings.
    case openai
    /// None: search and recall use BM25 alone.
    case none
}

/// Which embedder a command uses, decided as DESIGN.md says: `--embedder` or config, else
/// `local` when setup installed the embedding model, else `none`.
public struct EmbedderChoice: Sendable, Equatable {
    /// Which embedder.
    public var name: EmbedderName
    /// The embedding model's name ("" for none).
    public var model: String
    /// The `/v1` base URL for `openai`.
    public var baseURL: String
    /// The key for `openai`, if any.
    public var apiKey: String?
    /// The vector length the model returns.
    public var dimensions: Int
    /// The length to ask the server for (`dimensions` in the request), when shorter than
    /// the model's own: only OpenAI's text-embedding-3 models and later can shorten.
    public var requestedDimensions: Int?

    /// The embedders this build knows.
    public static let known = EmbedderName.allCases.map(\.rawValue)

    /// No embedder: search and recall use BM25 alone.
    public static let none = EmbedderChoice(name: .none, model: "", baseURL: "", apiKey: nil, dimensions: 0)

    /// An embedder choice.
    public init(name: EmbedderName, model: String, baseURL: String, apiKey: String?, dimensions: Int, requestedDimensions: Int? = nil) {
        self.name = name
        self.model = model
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.dimensions = dimensions
        self.requestedDimensions = requestedDimensions
    }

    /// OpenAI's default embedding model and its vector length.
    static let openAIDefault = (model: "text-embedding-3-small", dimensions: 1536)

    /// Chooses an embedder.
    /// - Parameters:
    ///   - embedder: `--embedder` or config, if given.
    ///   - model: `--embedding-model` or config, if given.
    ///   - dimensions: `--embedding-dimensions`, needed for a model this build does not know.
    ///   - environment: the process environment.
    /// - Throws: one line saying what to set or install.
    public static func choose(embedder: String?, model: String?, dimensions: Int? = nil, environment: [String: String])
        throws(ProviderChoiceError) -> EmbedderChoice
    {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        let install = LocalInstall(environment: environment)
        guard let embedder else { return install.has(model: LocalInstall.embeddingModel) ? local(install) : .none }
        guard let name = EmbedderName(rawValue: embedder) else {
            throw ProviderChoiceError(
                "unknown embedder '\(embedder)'; use one of: \(known.joined(separator: ", "))", kind: .unknownProvider)
        }
        switch name {
        case .none:
            return .none
        case .local:
            guard install.has(model: LocalInstall.embeddingModel) else {
                throw ProviderChoiceError(
                    "--embedder local: the embedding model is not installed in \(install.cache): run research-agent setup --models embed")
            }
            return local(install)
        case .openai:
            let base = value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1"
            let isOpenAI = base.contains("api.openai.com")
            if isOpenAI && value("OPENAI_API_KEY") == nil {
                throw ProviderChoiceError(
                    "--embedder openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server such as Ollama)")
            }
            guard let chosen = model ?? (isOpenAI ? openAIDefault.model : nil) else {
                throw ProviderChoiceError(
                    "--embedder openai with OPENAI_BASE_URL \(base): name the embedding model it serves with --embedding-model")
            }
            let known = chosen == openAIDefault.model ? openAIDefault.dimensions : knownDimensions[chosen]
            guard let size = dimensions ?? known else {
                throw ProviderChoiceError(
                    "the vector length of embedding model '\(chosen)' is unknown: give it with --embedding-dimensions N")
            }
            var requested: Int?
            if let native = known, size != native {
                // Only the text-embedding-3 models shorten their vectors on request; for
                // the others a different length could only be a mistake.
                guard chosen.hasPrefix("text-embedding-3"), size < native else {
                    throw ProviderChoiceError(
                        "--embedding-dimensions \(size): \(chosen) returns \(native) dimensions"
                            + (chosen.hasPrefix("text-embedding-3") ? " at most" : " and cannot shorten them"))
                }
                requested = size
            }
            return EmbedderChoice(
                name: .openai, model: chosen, baseURL: base, apiKey: value("OPENAI_API_KEY"), dimensions: size,
                requestedDimensions: requested)
        }
    }

    /// Vector lengths of common embedding models served by OpenAI-compatible servers.
    static let knownDimensions: [String: Int] = [
        "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536,
        "nomic-embed-text": 768, "all-minilm": 384, "mxbai-embed-large": 1024,
    ]

    static func local(_ install: LocalInstall) -> EmbedderChoice {
        EmbedderChoice(
            name: .local, model: LocalInstall.embeddingModel, baseURL: install.modelFile(LocalInstall.embeddingModel), apiKey: nil,
            dimensions: 384)
    }

    /// The embedder for this choice, or nil for `none`. A local embedder starts its server
    /// on first use; `stop()` on the returned handle ends it.
    public func makeEmbedder(client: HTTPClient, logger: Logger, environment: [String: String]) -> (any Embedder)? {
        switch name {
        case .local:
            let install = LocalInstall(environment: environment)
            let server = LocalServer(
                launch: .init(
                    binary: install.server, model: baseURL, contextTokens: LocalEmbedder.contextTokens, embedding: true,
                    stateDirectory: install.cache),
                client: client, logger: logger)
            return LocalEmbedder(server: server, client: client)
        case .openai:
            return OpenAIEmbedder(
                baseURL: baseURL, apiKey: apiKey, model: model, dimensions: dimensions, requestsDimensions: requestedDimensions != nil,
                client: client)
        case .none:
            return nil
        }
    }
}
