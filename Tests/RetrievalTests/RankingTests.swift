import AgentTesting
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Testing

/// Ranking on a small corpus written for the tests, with the real local embedder: each
/// query has one right passage. Lexical queries share rare words with it; paraphrases
/// share (almost) none, which is where vectors must carry the search.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct RankingTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/corpus").path

    /// query, expected "file > heading"
    static let lexical: [(String, String)] = [
        ("logrotate /var/log", "servers.md > Disk full"),
        ("certbot renew dry-run", "servers.md > Certificates"),
        ("minor pentatonic metronome", "music.md > Scales"),
        ("chain checker elongation", "bikes.md > Chains"),
    ]
    static let paraphrases: [(String, String)] = [
        ("how often should my kitty have her meals", "pets.md > Cat"),
        ("my hard drive ran out of room", "servers.md > Disk full"),
        ("keeping a rainy-day reserve of cash", "money.md > Savings"),
        ("how do I make a good cup of joe", "kitchen.md > Coffee"),
    ]

    static func label(_ p: Passage) -> String {
        (p.uri as NSString).lastPathComponent + (p.headingPath.last.map { " > " + $0 } ?? "")
    }

    @Test func eachModeFindsWhatItShould() async throws {
        let embedder = try RealLocalModel.embedder()
        defer { embedder.stop() }
        let index = DocumentIndex(database: try freshDatabase())
        let report = try await Ingestion(index: index, embedder: embedder).run([Self.corpus], removeVanished: false, now: { 0 })
        #expect(report.added == 8 && report.problems.isEmpty && report.embedded == report.chunks)
        let search = DocumentSearch(index: index, embedder: embedder)

        func rank(_ query: String, _ mode: SearchMode) async throws -> [String] {
            try await search.search(query, k: 5, mode: mode).passages.map(Self.label)
        }
        for (query, expected) in Self.lexical {
            #expect(try await rank(query, .bm25).first == expected, "bm25: \(query)")
            #expect(try await rank(query, .hybrid).prefix(2).contains(expected), "hybrid: \(query)")
        }
        for (query, expected) in Self.paraphrases {
            #expect(try await rank(query, .vector).first == expected, "vector: \(query)")
            #expect(try await rank(query, .hybrid).prefix(3).contains(expected), "hybrid: \(query)")
        }
        // BM25 alone misses most paraphrases: that is what the vectors are for.
        var bm25Hits = 0
        for (query, expected) in Self.paraphrases where try await rank(query, .bm25).first == expected { bm25Hits += 1 }
        #expect(bm25Hits < Self.paraphrases.count)
    }
}
