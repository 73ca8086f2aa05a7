import AgentCore
import Foundation
import LLM
import Testing

@Suite struct ModelCatalogTests {
    @Test func everyEntryIsCompleteAndNamedOnce() {
        var names = Set<String>()
        for provider in [Provider.anthropic, .openai] {
            let current = ModelCatalog.current(provider: provider, on: "2026-12-06")
            #expect(current.first?.id == provider.defaultModel)
        }
        for name in ["claude-sonnet-5-5", "gpt-5.6-luna", "claude-haiku-4-5", "gpt-4o"] {
            let entry = ModelCatalog.entry(for: name)
            #expect(entry != nil, "\(name)")
            #expect(entry?.source.contains("(read 2026-") == true, "\(name)")
            for alias in [entry?.id ?? ""] + (entry?.aliases ?? []) { #expect(names.insert(alias).inserted) }
        }
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
