/// A model's price in US dollars per million tokens.
public struct ModelPrice: Sendable, Hashable {
    /// Per million prompt tokens.
    public var input: Double
    /// Per million generated tokens.
    public var output: Double
    /// Per million prompt tokens read from the provider's cache.
    public var cachedInput: Double

    /// A price; cached input defaults to the input price.
    public init(input: Double, output: Double, cachedInput: Double? = nil) {
        self.input = input
        self.output = output
        self.cachedInput = cachedInput ?? input
    }

    /// Dollars for a call that used `usage`.
    public func cost(of usage: TokenUsage) -> Double {
        let cached = min(usage.cached, usage.input)
        return (Double(usage.input - cached) * input + Double(cached) * cachedInput + Double(usage.output) * output)
            / 1_000_000
    }
}
