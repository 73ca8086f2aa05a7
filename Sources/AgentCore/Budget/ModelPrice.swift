/// A model's price in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable {
    /// Per million prompt tokens.
    public var input: Double
    /// Per million generated tokens.
    public var output: Double
    /// Per million prompt tokens read from the provider's cache.
    public var cachedInput: Double
    /// Per million prompt tokens written to the provider's cache (Anthropic charges a
    /// surcharge over the input price for them).
    public var cacheWrite: Double

    /// A price; cached input and cache writes default to the input price.
    public init(input: Double, output: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput ?? input
        self.cacheWrite = cacheWrite ?? input
    }

    /// Dollars for a call that used `usage`.
    public func cost(of usage: TokenUsage) -> Double {
        let cached = min(usage.cached, usage.input)
        let written = min(usage.cacheWrite, usage.input - cached)
        let plain = usage.input - cached - written
        return (Double(plain) * input + Double(cached) * cachedInput + Double(written) * cacheWrite + Double(usage.output) * output)
            / 1_000_000
    }
}
