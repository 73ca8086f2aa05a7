/// Token counts reported for a scripted reply.
///
/// OpenAI: prompt_tokens = `prompt`, completion_tokens = `completion`,
/// prompt_tokens_details.cached_tokens = `cached`, total_tokens = prompt + completion.
/// Anthropic: input_tokens = `prompt`, output_tokens = `completion`,
/// cache_read_input_tokens = `cached`, cache_creation_input_tokens = `cacheCreation`.
public struct Usage: Sendable, Equatable {
    /// Prompt / input tokens.
    public var prompt: Int
    /// Completion / output tokens.
    public var completion: Int
    /// Tokens served from the prompt cache.
    public var cached: Int
    /// Tokens written to the prompt cache (Anthropic only).
    public var cacheCreation: Int

    /// Creates a usage record.
    public init(prompt: Int, completion: Int, cached: Int, cacheCreation: Int = 0) {
        self.prompt = prompt
        self.completion = completion
        self.cached = cached
        self.cacheCreation = cacheCreation
    }
}
