import AgentCore
import Foundation
import Retrieval
import Testing

/// Fusion, diversification and the BM25 fallback, each with known answers.
@Suite struct SearchRankingTests {
    @Test func reciprocalRankFusionSumsOneOverKPlusRank() {
        let fused = RankFusion.fuse([[1, 2, 3], [3, 1]], k: 10)
        #expect(fused.map(\.id) == [1, 3, 2])
        #expect(abs(fused[0].score - (1.0 / 11 + 1.0 / 12)) < 1e-12)
        #expect(abs(fused[1].score - (1.0 / 13 + 1.0 / 11)) < 1e-12)
        #expect(abs(fused[2].score - 1.0 / 12) < 1e-12)
        // Equal scores: the smaller id first, so the order never depends on hashing.
        #expect(RankFusion.fuse([[7], [4]]).map(\.id) == [4, 7])
    }

    @Test func marginalRelevanceTradesRelevanceForNovelty() {
        // b nearly repeats a; c is a little less relevant but new.
        let candidates: [(item: String, relevance: Double)] = [("a", 1.0), ("b", 0.95), ("c", 0.8)]
        let similarity: (String, String) -> Double = { x, y in Set([x, y]) == ["a", "b"] ? 0.9 : 0 }
        #expect(MarginalRelevance.select(candidates, k: 2, similarity: similarity) == ["a", "c"])
        #expect(MarginalRelevance.select(candidates, k: 2, lambda: 1, similarity: similarity) == ["a", "b"])
        #expect(MarginalRelevance.select(candidates, k: 5, similarity: similarity).count == 3)
    }

    @Test func diversifiedSearchDropsANearDuplicate() async throws {
        let index = DocumentIndex(database: try freshDatabase())
        let texts = [
            "Quokkas live on Rottnest Island near Perth.",
            "Quokkas live on Rottnest Island, near Perth, too.",
            "Quokkas also live on Bald Island, far to the south.",
            "Island guide: where quokkas, skinks, ospreys, sea lions and many other animals of Western Australia can be seen in the wild, season by season.",
        ]
        for (i, text) in texts.enumerated() {
            try index.replace(
                uri: "/d/\(i).md", sha256: "\(i)", mtime: 1, title: nil,
                chunks: [Chunk(text: text, headingPath: [], startLine: 1, endLine: 1)],
                vectors: nil, now: 1)
        }
        let files = { (result: DocumentSearch.Result) in result.passages.map { String($0.location.prefix(7)) } }
        let plain = try await DocumentSearch(index: index, embedder: nil).search("quokkas island", k: 2)
        #expect(files(plain) == ["/d/0.md", "/d/1.md"])
        let diverse = try await DocumentSearch(index: index, embedder: nil).search("quokkas island", k: 2, diversify: true)
        #expect(files(diverse) == ["/d/0.md", "/d/2.md"])
    }

    @Test func aFailingEmbedderFallsBackToBM25AndSaysSoOnce() async throws {
        let index = DocumentIndex(database: try freshDatabase())
        try index.replace(
            uri: "/d/n.md", sha256: "n", mtime: 1, title: nil,
            chunks: [Chunk(text: "Numbats eat termites.", headingPath: [], startLine: 1, endLine: 1)],
            vectors: nil, now: 1)
        let search = DocumentSearch(index: index, embedder: FailingEmbedder())
        let first = try await search.search("numbats termites", k: 3)
        #expect(first.mode == .bm25)
        #expect(first.notice?.hasPrefix("the embedder failed (") == true, "\(first.notice ?? "")")
        #expect(first.passages.count == 1)
        let second = try await search.search("numbats", k: 3, mode: .hybrid)
        #expect(second.mode == .bm25 && second.notice == nil && second.passages.count == 1)
    }
}
