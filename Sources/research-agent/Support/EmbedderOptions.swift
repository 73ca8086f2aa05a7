import ArgumentParser
import LLM

/// The flags that choose the embedder for document search and memory recall.
struct EmbedderOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Embedder.",
            discussion:
                "Default: local (all-MiniLM-L6-v2 on the bundled runtime) when research-agent setup installed it, else none (search uses BM25 alone). openai uses OPENAI_BASE_URL's /v1/embeddings (OpenAI, Ollama, vLLM)."
        ))
    var embedder: EmbedderName?

    @Option(
        name: .customLong("embedding-model"),
        help: "Embedding model for --embedder openai (default text-embedding-3-small on OpenAI; required with OPENAI_BASE_URL).")
    var embeddingModel: String?

    @Option(
        name: .customLong("embedding-dimensions"), parsing: .unconditional,
        help:
            "Vector length of an embedding model this build does not know (needed only for such a model with --embedder openai; known models have theirs built in)."
    )
    var embeddingDimensions: Int?

    func validate() throws {
        if let d = embeddingDimensions, d < 1 { throw ValidationError("--embedding-dimensions must be at least 1 (got \(d))") }
    }

    /// The embedder these flags, `config` and the environment select.
    func choice(config: Configuration, environment: [String: String]) throws(CLIError) -> EmbedderChoice {
        do {
            return try EmbedderChoice.choose(
                embedder: embedder?.rawValue ?? config.embedder, model: embeddingModel ?? config.embeddingModel,
                dimensions: embeddingDimensions, environment: environment)
        } catch {
            throw .usage(error.message)
        }
    }
}
