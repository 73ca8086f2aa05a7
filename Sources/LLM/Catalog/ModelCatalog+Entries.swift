import AgentCore

// The catalog's data. Each entry names the provider page it was read from and the day;
// prices are USD per million tokens. Anthropic's cache-write price is the 5-minute one,
// the only lifetime the requests use. Keep an entry once its model retires: a user who
// asks for it then hears when it retired and what to use instead.
extension ModelCatalog {
    /// The model each provider uses when none is named.
    static let defaults: [Provider: String] = [.anthropic: "claude-sonnet-5-5", .openai: "gpt-5.6-luna"]

    private static let claudePages = "https://platform.claude.com/docs/en/models/"

    /// Every known model, the current ones of each provider first.
    static let entries: [Entry] = anthropic + openAI

    static let anthropic: [Entry] = [
        Entry(
            "claude-sonnet-5-5", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 2, output: 10, cachedInput: 0.2, cacheWrite: 2.5), reasoning: .byDefault, sampling: [],
            preservedThinking: true, source: claudePages + "sonnet-5-5/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-5-5", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 4, output: 20, cachedInput: 0.2, cacheWrite: 5), reasoning: .byDefault, sampling: [],
            preservedThinking: true, source: claudePages + "opus-5-5/overview (read 2026-12-06)"),
        Entry(
            "claude-haiku-4-5-20251001", aliases: ["claude-haiku-4-5"], provider: .anthropic, contextWindow: 200_000, outputLimit: 64_000,
            price: ModelPrice(input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25), reasoning: .onRequest, sampling: [.temperature],
            source: claudePages + "haiku-4-5/overview (read 2026-12-06)"),
        Entry(
            "claude-sonnet-5", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 2, output: 10, cachedInput: 0.2, cacheWrite: 2.5), reasoning: .byDefault, sampling: [],
            source: claudePages + "sonnet-5/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-5", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25), reasoning: .byDefault, sampling: [],
            source: claudePages + "opus-5/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-4-8", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25), reasoning: .onRequest, sampling: [],
            source: claudePages + "opus-4-8/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-4-6", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25), reasoning: .onRequest, sampling: [.temperature],
            source: claudePages + "opus-4-6/overview (read 2026-12-06)"),
        Entry(
            "claude-sonnet-4-6", provider: .anthropic, contextWindow: 1_000_000, outputLimit: 128_000,
            price: ModelPrice(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75), reasoning: .onRequest, sampling: [.temperature],
            source: claudePages + "sonnet-4-6/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-4-5-20251101", aliases: ["claude-opus-4-5"], provider: .anthropic, contextWindow: 200_000, outputLimit: 64_000,
            price: ModelPrice(input: 5, output: 25, cachedInput: 0.5, cacheWrite: 6.25), reasoning: .onRequest, sampling: [.temperature],
            source: claudePages + "opus-4-5/overview (read 2026-12-06)"),
        Entry(
            "claude-sonnet-4-5-20250929", aliases: ["claude-sonnet-4-5"], provider: .anthropic, contextWindow: 200_000, outputLimit: 64_000,
            price: ModelPrice(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75), reasoning: .onRequest, sampling: [.temperature],
            retires: "2026-11-30", source: claudePages + "sonnet-4-5/overview (read 2026-12-06)"),
        Entry(
            "claude-opus-4-1-20250805", aliases: ["claude-opus-4-1"], provider: .anthropic, contextWindow: 200_000, outputLimit: 32_000,
            price: ModelPrice(input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75), reasoning: .onRequest, sampling: [.temperature],
            retires: "2026-08-05", source: "https://platform.claude.com/docs/en/about-claude/pricing (read 2026-12-06: retired)"),
        Entry(
            "claude-opus-4-20250514", aliases: ["claude-opus-4-0"], provider: .anthropic, contextWindow: 200_000, outputLimit: 32_000,
            price: ModelPrice(input: 15, output: 75, cachedInput: 1.5, cacheWrite: 18.75), reasoning: .onRequest, sampling: [.temperature],
            retires: "2026-06-15", source: "https://platform.claude.com/docs/en/about-claude/pricing (read 2026-12-06: retired)"),
        Entry(
            "claude-sonnet-4-20250514", aliases: ["claude-sonnet-4-0"], provider: .anthropic, contextWindow: 200_000, outputLimit: 64_000,
            price: ModelPrice(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75), reasoning: .onRequest, sampling: [.temperature],
            retires: "2026-06-15", source: "https://platform.claude.com/docs/en/about-claude/model-deprecations (read 2026-12-06)"),
        Entry(
            "claude-3-7-sonnet-20250219", aliases: ["claude-3-7-sonnet-latest"], provider: .anthropic, contextWindow: 200_000,
            outputLimit: 64_000,
            price: ModelPrice(input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75), reasoning: .onRequest, sampling: [.temperature],
            retires: "2026-02-19", source: "https://platform.claude.com/docs/en/about-claude/model-deprecations (read 2026-12-06)"),
        Entry(
            "claude-3-5-haiku-20241022", aliases: ["claude-3-5-haiku-latest"], provider: .anthropic, contextWindow: 200_000,
            outputLimit: 8_192,
            price: ModelPrice(input: 0.8, output: 4, cachedInput: 0.08, cacheWrite: 1), reasoning: .none, sampling: [.temperature],
            retires: "2026-02-19", source: "https://platform.claude.com/docs/en/about-claude/model-deprecations (read 2026-12-06)"),
    ]
}

extension ModelCatalog {
    private static let openAIPages = "https://developers.openai.com/api/docs/models/"
    private static let openAIDeprecations = "https://developers.openai.com/api/docs/deprecations"

    // OpenAI charges cache writes only on its newest models (1.25 times the input price);
    // for the others a cache write costs what input costs. The gpt-5 family's window of
    // 400,000 tokens holds at most 272,000 of prompt.
    static let openAI: [Entry] = [
        Entry(
            "gpt-5.6-luna", provider: .openai, contextWindow: 1_050_000, outputLimit: 128_000,
            price: ModelPrice(input: 0.2, output: 1.2, cachedInput: 0.02, cacheWrite: 0.25), reasoning: .byDefault, sampling: [],
            source: openAIPages + "gpt-5.6-luna (read 2026-12-06)"),
        Entry(
            "gpt-5.6-terra", provider: .openai, contextWindow: 1_050_000, outputLimit: 128_000,
            price: ModelPrice(input: 2, output: 12, cachedInput: 0.2, cacheWrite: 2.5), reasoning: .byDefault, sampling: [],
            source: openAIPages + "gpt-5.6-terra (read 2026-12-06)"),
        Entry(
            "gpt-5.6-sol", aliases: ["gpt-5.6"], provider: .openai, contextWindow: 1_050_000, outputLimit: 128_000,
            price: ModelPrice(input: 4, output: 20, cachedInput: 0.4, cacheWrite: 5), reasoning: .byDefault, sampling: [],
            source: openAIPages + "gpt-5.6-sol (read 2026-12-06; the page's promotional price)"),
        Entry(
            "gpt-6-luna", provider: .openai, contextWindow: 1_050_000, inputLimit: 922_000, outputLimit: 128_000,
            price: ModelPrice(input: 0.1, output: 0.5, cachedInput: 0.01, cacheWrite: 0.125), reasoning: .onRequest, sampling: [],
            chatReasoningEffort: "none", source: openAIPages + "gpt-6-luna (read 2026-12-06)"),
        Entry(
            "gpt-6-sol", provider: .openai, contextWindow: 1_050_000, inputLimit: 922_000, outputLimit: 128_000,
            price: ModelPrice(input: 2, output: 10, cachedInput: 0.2, cacheWrite: 2.5), reasoning: .onRequest, sampling: [],
            chatReasoningEffort: "none", source: openAIPages + "gpt-6-sol (read 2026-12-06)"),
        Entry(
            "gpt-6.1-sol", provider: .openai, contextWindow: 1_050_000, inputLimit: 922_000, outputLimit: 128_000,
            price: ModelPrice(input: 2, output: 10, cachedInput: 0.1, cacheWrite: 2.5), reasoning: .byDefault, sampling: [],
            nativeTools: false, source: openAIPages + "gpt-6.1-sol (read 2026-12-06: Chat Completions without tool calling)"),
        Entry(
            "gpt-5.1", aliases: ["gpt-5.1-2025-11-13"], provider: .openai, contextWindow: 400_000, inputLimit: 272_000,
            outputLimit: 128_000,
            price: ModelPrice(input: 1.25, output: 10, cachedInput: 0.125), reasoning: .onRequest, sampling: [],
            retires: "2027-04-01", source: openAIPages + "gpt-5.1 (read 2026-12-06; the date from the deprecations list)"),
        Entry(
            "gpt-5", aliases: ["gpt-5-2025-08-07"], provider: .openai, contextWindow: 400_000, inputLimit: 272_000, outputLimit: 128_000,
            price: ModelPrice(input: 1.25, output: 10, cachedInput: 0.125), reasoning: .byDefault, sampling: [],
            retires: "2026-12-11", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-5-mini", aliases: ["gpt-5-mini-2025-08-07"], provider: .openai, contextWindow: 400_000, inputLimit: 272_000,
            outputLimit: 128_000,
            price: ModelPrice(input: 0.25, output: 2, cachedInput: 0.025), reasoning: .byDefault, sampling: [],
            retires: "2026-12-11", source: openAIPages + "gpt-5-mini and " + openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-5-nano", aliases: ["gpt-5-nano-2025-08-07"], provider: .openai, contextWindow: 400_000, inputLimit: 272_000,
            outputLimit: 128_000,
            price: ModelPrice(input: 0.05, output: 0.4, cachedInput: 0.005), reasoning: .byDefault, sampling: [],
            retires: "2026-12-11", source: openAIPages + "gpt-5-nano and " + openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-4.1", aliases: ["gpt-4.1-2025-04-14"], provider: .openai, contextWindow: 1_047_576, outputLimit: 32_768,
            price: ModelPrice(input: 2, output: 8, cachedInput: 0.5), reasoning: .none, sampling: [.temperature],
            retires: "2027-01-14", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-4.1-mini", aliases: ["gpt-4.1-mini-2025-04-14"], provider: .openai, contextWindow: 1_047_576, outputLimit: 32_768,
            price: ModelPrice(input: 0.4, output: 1.6, cachedInput: 0.1), reasoning: .none, sampling: [.temperature],
            retires: "2027-01-14", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-4o", aliases: ["gpt-4o-2024-08-06", "gpt-4o-2024-11-20"], provider: .openai, contextWindow: 128_000, outputLimit: 16_384,
            price: ModelPrice(input: 2.5, output: 10, cachedInput: 1.25), reasoning: .none, sampling: [.temperature],
            retires: "2027-01-14", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-4o-mini", aliases: ["gpt-4o-mini-2024-07-18"], provider: .openai, contextWindow: 128_000, outputLimit: 16_384,
            price: ModelPrice(input: 0.15, output: 0.6, cachedInput: 0.075), reasoning: .none, sampling: [.temperature],
            retires: "2027-01-14", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "o3", aliases: ["o3-2025-04-16"], provider: .openai, contextWindow: 200_000, outputLimit: 100_000,
            price: ModelPrice(input: 2, output: 8, cachedInput: 0.5), reasoning: .byDefault, sampling: [],
            retires: "2026-12-11", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "o4-mini", aliases: ["o4-mini-2025-04-16"], provider: .openai, contextWindow: 200_000, outputLimit: 100_000,
            price: ModelPrice(input: 1.1, output: 4.4, cachedInput: 0.275), reasoning: .byDefault, sampling: [],
            retires: "2026-10-23", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "gpt-4.1-nano", aliases: ["gpt-4.1-nano-2025-04-14"], provider: .openai, contextWindow: 1_047_576, outputLimit: 32_768,
            price: ModelPrice(input: 0.1, output: 0.4, cachedInput: 0.025), reasoning: .none, sampling: [.temperature],
            retires: "2026-10-23", source: openAIDeprecations + " (read 2026-12-06)"),
        Entry(
            "o1", aliases: ["o1-2024-12-17"], provider: .openai, contextWindow: 200_000, outputLimit: 100_000,
            price: ModelPrice(input: 15, output: 60, cachedInput: 7.5), reasoning: .byDefault, sampling: [],
            retires: "2026-10-23", source: openAIDeprecations + " (read 2026-12-06)"),
    ]
}
