import AgentCore

/// What is known about common models: price per million tokens and context window.
///
/// Names match exactly or by prefix (`claude-sonnet-4-5-20250929` is `claude-sonnet-4-5`);
/// the longest matching entry wins. config.toml's `[prices.MODEL]` overrides a price.
public enum ModelCatalog {
    /// One known model.
    public struct Entry: Sendable {
        /// The price in USD per million tokens.
        public var price: ModelPrice
        /// The context window in tokens.
        public var contextWindow: Int
    }

    /// Prices as published by the providers (USD per million tokens: input, output, cached input).
    static let entries: [String: Entry] = [
        "claude-opus-4-1": Entry(price: ModelPrice(input: 15, output: 75, cachedInput: 1.5), contextWindow: 200_000),
        "claude-opus-4-5": Entry(price: ModelPrice(input: 5, output: 25, cachedInput: 0.5), contextWindow: 200_000),
        "claude-opus-4": Entry(price: ModelPrice(input: 15, output: 75, cachedInput: 1.5), contextWindow: 200_000),
        "claude-sonnet-4-5": Entry(price: ModelPrice(input: 3, output: 15, cachedInput: 0.3), contextWindow: 200_000),
        "claude-sonnet-4": Entry(price: ModelPrice(input: 3, output: 15, cachedInput: 0.3), contextWindow: 200_000),
        "claude-3-7-sonnet": Entry(price: ModelPrice(input: 3, output: 15, cachedInput: 0.3), contextWindow: 200_000),
        "claude-haiku-4-5": Entry(price: ModelPrice(input: 1, output: 5, cachedInput: 0.1), contextWindow: 200_000),
        "claude-3-5-haiku": Entry(price: ModelPrice(input: 0.8, output: 4, cachedInput: 0.08), contextWindow: 200_000),
        "gpt-4o": Entry(price: ModelPrice(input: 2.5, output: 10, cachedInput: 1.25), contextWindow: 128_000),
        "gpt-4o-mini": Entry(price: ModelPrice(input: 0.15, output: 0.6, cachedInput: 0.075), contextWindow: 128_000),
        "gpt-4.1": Entry(price: ModelPrice(input: 2, output: 8, cachedInput: 0.5), contextWindow: 1_000_000),
        "gpt-4.1-mini": Entry(price: ModelPrice(input: 0.4, output: 1.6, cachedInput: 0.1), contextWindow: 1_000_000),
        "gpt-4.1-nano": Entry(price: ModelPrice(input: 0.1, output: 0.4, cachedInput: 0.025), contextWindow: 1_000_000),
        "gpt-5": Entry(price: ModelPrice(input: 1.25, output: 10, cachedInput: 0.125), contextWindow: 400_000),
        "gpt-5-mini": Entry(price: ModelPrice(input: 0.25, output: 2, cachedInput: 0.025), contextWindow: 400_000),
        "gpt-5-nano": Entry(price: ModelPrice(input: 0.05, output: 0.4, cachedInput: 0.005), contextWindow: 400_000),
        "o3": Entry(price: ModelPrice(input: 2, output: 8, cachedInput: 0.5), contextWindow: 200_000),
        "o4-mini": Entry(price: ModelPrice(input: 1.1, output: 4.4, cachedInput: 0.275), contextWindow: 200_000),
    ]

    /// The entry for `model`, if known.
    public static func entry(for model: String) -> Entry? {
        if let exact = entries[model] { return exact }
        let match = entries.keys.filter { model.hasPrefix($0 + "-") }.max { $0.count < $1.count }
        return match.flatMap { entries[$0] }
    }

    /// The context window to assume for a model nobody described: small enough for most
    /// local servers' defaults.
    public static let fallbackContextWindow = 32_768
}
