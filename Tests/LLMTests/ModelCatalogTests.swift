import AgentCore
import Foundation
@testable import LLM
import Testing

@Suite struct ModelCatalogTests {
    @Test func everyEntryIsCompleteAndNamedOnce() {
        for provider in [Provider.anthropic, .openai] {
            let current = ModelCatalog.current(provider: provider, on: "2026-12-06")
            #expect(current.first?.id == provider.defaultModel)
        }
        var names = Set<String>()
        for entry in ModelCatalog.entries {
            // Each name finds its entry: a repeated one would shadow another model.
            for name in [entry.id] + entry.aliases { #expect(names.insert(name).inserted, "\(name) is listed twice") }
            #expect(entry.source.contains("(read 2026-"), "\(entry.id)")
            #expect(entry.inputLimit <= entry.contextWindow && entry.outputLimit <= entry.contextWindow, "\(entry.id)")
            #expect(entry.price.input > 0 && entry.price.output > entry.price.input, "\(entry.id)")
            #expect(entry.price.cachedInput < entry.price.input && entry.price.cacheWrite >= entry.price.input, "\(entry.id)")
            // A retirement date is a day the catalog can count to.
            #expect(entry.retires == nil || entry.daysUntilRetirement(from: "2026-12-06") != nil, "\(entry.id)")
        }
        #expect(names.count > ModelCatalog.entries.count)
    }

    @Test func windowsAndLimitsAreTheProvidersOwn() {
        // gpt-5's 400,000 tokens hold at most 272,000 of prompt.
        #expect(ModelCatalog.entry(for: "gpt-5")?.inputLimit == 272_000)
        #expect(ModelCatalog.entry(for: "gpt-5")?.contextWindow == 400_000)
        #expect(ModelCatalog.entry(for: "claude-sonnet-5-5")?.reasoning == .byDefault)
        #expect(ModelCatalog.entry(for: "claude-sonnet-5-5")?.acceptsTemperature == false)
        #expect(ModelCatalog.entry(for: "gpt-4.1-mini")?.acceptsTemperature == true)
    }

    @Test func cacheWritesCostTheSurcharge() throws {
        let price = try #require(ModelCatalog.entry(for: "claude-sonnet-5-5")?.price)
        // 1,000 plain, 2,000 read from the cache, 4,000 written to it, 100 out.
        let usage = TokenUsage(input: 7_000, output: 100, cached: 2_000, cacheWrite: 4_000)
        let dollars: Double = 2_000 + 400 + 10_000 + 1_000
        #expect(abs(price.cost(of: usage) - dollars / 1_000_000) < 1e-12)
        // Without a cache-write price (config.toml's, or a recorded run's) writes cost input.
        let flat: Double = 10_000 + 4_000 + 1_000
        #expect(abs(ModelPrice(input: 2, output: 10).cost(of: usage) - flat / 1_000_000) < 1e-12)
    }

    @Test func retirementIsToldAheadAndAfter() {
        #expect(
            ModelAvailability.retirementNotice(model: "claude-sonnet-4-5", today: "2026-12-06")?.contains("retired on 2026-11-30") == true)
        let soon = ModelAvailability.retirementNotice(model: "gpt-5-mini", today: "2026-12-06")
        #expect(soon?.contains("retires on 2026-12-11, in 5 days") == true && soon?.contains("gpt-5.6-luna") == true)
        #expect(ModelAvailability.retirementNotice(model: "gpt-4.1-mini", today: "2026-11-01") == nil)
        #expect(ModelAvailability.retirementNotice(model: "gpt-4.1-mini", today: "2026-12-20")?.contains("in 25 days") == true)
        #expect(ModelAvailability.retirementNotice(model: "claude-sonnet-5-5") == nil)
        #expect(ModelAvailability.retirementNotice(model: "my-local-model") == nil)
        #expect(ModelCatalog.current(provider: .openai, on: "2026-12-06").contains { $0.id == "gpt-5-mini" })
        #expect(!ModelCatalog.current(provider: .openai, on: "2026-12-11").contains { $0.id == "gpt-5-mini" })
    }
}
