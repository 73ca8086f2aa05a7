import AgentCore
import Foundation

/// What is known about the hosted providers' models: limits, prices, reasoning, accepted
/// sampling parameters and retirement dates, read from the providers' own pages.
///
/// A model is found by its exact id or a listed alias, never by prefix: a newer model
/// whose name starts like an older one's must not inherit the older price and window.
/// config.toml's `[prices.MODEL]` overrides a price. The entries live in
/// `ModelCatalog+Entries.swift`.
public enum ModelCatalog {
    /// One known model.
    public struct Entry: Sendable {
        /// The id the API takes.
        public var id: String
        /// Other names the API takes for the same model (a dated snapshot, a short alias).
        public var aliases: [String]
        /// The provider that serves it.
        public var provider: Provider
        /// The context window in tokens: prompt and reply together.
        public var contextWindow: Int
        /// The most prompt tokens, where the provider limits them below the window.
        public var inputLimit: Int
        /// The most tokens one reply may have (reasoning included).
        public var outputLimit: Int
        /// The price in USD per million tokens.
        public var price: ModelPrice
        /// Whether and when it reasons before answering.
        public var reasoning: Reasoning
        /// The sampling parameters it accepts at other than their default values.
        public var sampling: Set<SamplingParameter>
        /// The day it stops answering (YYYY-MM-DD), where the provider announced one.
        public var retires: String?
        /// The `reasoning_effort` every Chat Completions request sends, where the model
        /// needs one to call functions there (OpenAI's gpt-6 models: only at "none").
        public var chatReasoningEffort: String?
        /// Whether Chat Completions offers it native tool calls; without them a run uses
        /// the text ReAct format.
        public var nativeTools: Bool
        /// Whether the API checks that nothing before a returned thinking block changed
        /// ("preserved thinking"): such a model needs a prompt that only grows.
        public var preservedThinking: Bool
        /// The provider's page the facts were read from, and the day.
        public var source: String

        /// An entry; `inputLimit` defaults to the whole window.
        init(
            _ id: String, aliases: [String] = [], provider: Provider, contextWindow: Int, inputLimit: Int? = nil, outputLimit: Int,
            price: ModelPrice, reasoning: Reasoning, sampling: Set<SamplingParameter>, retires: String? = nil,
            chatReasoningEffort: String? = nil, nativeTools: Bool = true, preservedThinking: Bool = false, source: String
        ) {
            self.id = id
            self.aliases = aliases
            self.provider = provider
            self.contextWindow = contextWindow
            self.inputLimit = inputLimit ?? contextWindow
            self.outputLimit = outputLimit
            self.price = price
            self.reasoning = reasoning
            self.sampling = sampling
            self.retires = retires
            self.chatReasoningEffort = chatReasoningEffort
            self.nativeTools = nativeTools
            self.preservedThinking = preservedThinking
            self.source = source
        }

        /// Whether the model accepts `temperature` at other than its default.
        public var acceptsTemperature: Bool { sampling.contains(.temperature) }

        /// Whether the model has retired on `day` (YYYY-MM-DD).
        public func hasRetired(on day: String) -> Bool { retires.map { $0 <= day } ?? false }

        /// Whole days from `day` (YYYY-MM-DD) to the retirement, negative once past; nil
        /// when none is announced.
        public func daysUntilRetirement(from day: String) -> Int? {
            guard let retires, let end = ModelCatalog.date(retires), let start = ModelCatalog.date(day) else { return nil }
            return Int((end.timeIntervalSince(start) / 86_400).rounded())
        }
    }

    /// How a model reasons.
    public enum Reasoning: Sendable, Hashable {
        /// It does not.
        case none
        /// It can, when a request asks (Anthropic's extended thinking, OpenAI's models
        /// whose default effort is none); OpenAI's still take `max_completion_tokens`.
        case onRequest
        /// It reasons on every call unless told not to, and its reasoning counts against
        /// the reply cap: the cap must leave room for the answer after it.
        case byDefault
    }

    /// A sampling parameter some models refuse at any but its default value.
    public enum SamplingParameter: String, Sendable, Hashable {
        /// `temperature`.
        case temperature
    }

    /// The entry for `model`: an exact id or a listed alias.
    public static func entry(for model: String) -> Entry? {
        byName[model]
    }

    /// The models of `provider` that have not retired on `day`, in the catalog's order
    /// (the default first).
    public static func current(provider: Provider, on day: String) -> [Entry] {
        entries.filter { $0.provider == provider && $0.retires == nil }
            + entries.filter { $0.provider == provider && $0.retires != nil && !$0.hasRetired(on: day) }
    }

    /// The context window to assume for a model nobody described: small enough for most
    /// local servers' defaults.
    public static let fallbackContextWindow = 32_768

    /// The reply cap for a model that reasons by default: its reasoning is counted in the
    /// cap, and 2,048 tokens were seen spent on reasoning alone, leaving neither text nor
    /// a call. Cost budgets still shrink the cap per call.
    public static let reasoningReplyTokens = 16_384

    /// Today as YYYY-MM-DD in UTC, the form retirement dates take.
    public static func day(_ date: Date) -> String {
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    private static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return utc.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// The calendar retirement days are counted in.
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static let byName: [String: Entry] = {
        var map: [String: Entry] = [:]
        for entry in entries {
            for name in [entry.id] + entry.aliases { map[name] = entry }
        }
        return map
    }()
}
