import Evaluation
import Testing

/// The scorers and statistics on worked examples whose figures are known by hand.
struct ScorerTests {
    @Test func normalisationFollowsSQuAD() {
        #expect(AnswerText.normalised("The  Eiffel Tower!") == "eiffel tower")
        #expect(AnswerText.normalised("An apple, a pear") == "apple pear")
        #expect(AnswerText.tokens("Mary Wollstonecraft-Shelley (1797–1851)") == ["mary", "wollstonecraft", "shelley", "17971851"])
    }

    @Test func exactF1AndContainsOnWorkedExamples() throws {
        let accepted = ["Mary Shelley", "Mary Wollstonecraft Shelley"]
        #expect(Scorer.exact.score(answer: "mary shelley.", sources: 0, accepted: accepted) == 1)
        #expect(Scorer.exact.score(answer: "It was Mary Shelley.", sources: 0, accepted: accepted) == 0)
        // "it was mary shelley" against "mary shelley": 2 common, precision 2/4, recall 1 → 2/3.
        let f1 = try #require(Scorer.f1.score(answer: "It was Mary Shelley.", sources: 0, accepted: accepted))
        #expect(abs(f1 - 2.0 / 3.0) < 1e-12)
        #expect(Scorer.f1.score(answer: "Percy", sources: 0, accepted: accepted) == 0)
        #expect(Scorer.contains.score(answer: "It was Mary Shelley [1].", sources: 1, accepted: accepted) == 1)
        // Whole words only: "1818" is not in "18180".
        #expect(Scorer.contains.score(answer: "18180", sources: 0, accepted: ["1818"]) == 0)
        #expect(Scorer.contains.score(answer: "in 1818.", sources: 0, accepted: ["1818"]) == 1)
        // Without accepted answers only cited scores.
        #expect(Scorer.exact.score(answer: "x", sources: 0, accepted: []) == nil)
        #expect(Scorer.cited.score(answer: "Paris [2].", sources: 2, accepted: []) == 1)
        #expect(Scorer.cited.score(answer: "Paris.", sources: 2, accepted: []) == 0)
        #expect(Scorer.cited.score(answer: "Paris [2].", sources: 0, accepted: []) == 0)
        #expect(Scorer.cited.score(answer: "see [a] or []", sources: 1, accepted: []) == 0)
    }

    @Test func intervalsOnKnownCases() throws {
        // Wilson, 8 of 10: centre 0.7167, half-width 0.2266 → [0.4902, 0.9433].
        let eight = try #require(Statistics.estimate([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]))
        #expect(eight.mean == 0.8)
        #expect(abs(eight.low - 0.4902) < 0.0005 && abs(eight.high - 0.9433) < 0.0005)
        // All right: the interval reaches 1 and stays below it at its low end.
        let all = try #require(Statistics.estimate([1, 1, 1, 1, 1]))
        #expect(all.high == 1 && all.low > 0.5 && all.low < 1)
        #expect(Statistics.estimate([]) == nil)
        // F1 values: the normal interval around the mean.
        let f1 = try #require(Statistics.estimate([0.5, 1, 0.25, 0.75]))
        #expect(f1.mean == 0.625 && f1.low < 0.625 && f1.high > 0.625)
    }

    @Test func percentilesByNearestRank() {
        let values: [Double] = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]
        #expect(Statistics.percentile(values, 50) == 5)
        #expect(Statistics.percentile(values, 95) == 10)
        #expect(Statistics.percentile([], 50) == nil)
    }

    @Test func mcNemarExact() {
        // 1 better, 9 worse: 2 · P(X ≤ 1 | n=10, 1/2) = 2 · 11/1024.
        #expect(abs(Statistics.mcNemar(better: 1, worse: 9) - 22.0 / 1024.0) < 1e-12)
        #expect(Statistics.mcNemar(better: 5, worse: 5) == 1)
        #expect(Statistics.mcNemar(better: 0, worse: 0) == 1)
        // Thousands of pairs stay finite.
        let p = Statistics.mcNemar(better: 2_000, worse: 2_300)
        #expect(p > 0 && p < 0.001)
    }
}
