import AgentCore
import AgentTesting
import Foundation
import Retrieval
import Testing

/// Fusion, diversification and the BM25 fallback, each with known answers.
@Suite struct SearchRankingTests {
    @Test func reciprocalRankFusionSumsOneOverKPlusRank() {
        let fused = RankFusion.reciprocalRank(k: 10).fuse(lexical: ranked([1, 2, 3]), semantic: ranked([3, 1]))
        #expect(fused.map(\.id) == [1, 3, 2])
        #expect(abs(fused[0].score - (1.0 / 11 + 1.0 / 12)) < 1e-12)
        #expect(abs(fused[1].score - (1.0 / 13 + 1.0 / 11)) < 1e-12)
        #expect(abs(fused[2].score - 1.0 / 12) < 1e-12)
        // Equal scores: the smaller id first, so the order never depends on hashing.
        #expect(RankFusion.reciprocalRank(k: 60).fuse(lexical: ranked([7]), semantic: ranked([4])).map(\.id) == [4, 7])
    }

    @Test func convexFusionKeepsHowFarAheadAMatchIs() {
        // BM25 barely prefers 1 over 2; the vector list is sure of 2.
        let bm25: [(id: Int64, score: Double)] = [(1, 10.0), (2, 9.9), (3, 1.0)]
        let vector: [(id: Int64, score: Double)] = [(2, 0.9), (1, 0.2), (4, 0.1)]
        let fused = RankFusion.convex(vectorWeight: 0.5).fuse(lexical: bm25, semantic: vector)
        #expect(fused.map(\.id) == [2, 1, 3, 4])
        #expect(abs(fused[0].score - (0.5 * 8.9 / 9 + 0.5)) < 1e-12)
        #expect(abs(fused[1].score - (0.5 + 0.5 * 0.1 / 0.8)) < 1e-12)
        // Rank fusion sees ranks 1 and 2 against 2 and 1, a tie, and the smaller id wins.
        #expect(RankFusion.reciprocalRank(k: 60).fuse(lexical: bm25, semantic: vector).map(\.id).prefix(2) == [1, 2])
        // Weight 0 is BM25's order, weight 1 the vector's.
        #expect(RankFusion.convex(vectorWeight: 0).fuse(lexical: bm25, semantic: vector).map(\.id) == [1, 2, 3, 4])
        #expect(RankFusion.convex(vectorWeight: 1).fuse(lexical: bm25, semantic: vector).map(\.id) == [2, 1, 3, 4])
        // A list of equal scores gives each item the full share.
        #expect(RankFusion.convex(vectorWeight: 0.5).fuse(lexical: [(5, 1), (6, 1)], semantic: []).map(\.score) == [0.5, 0.5])
    }

    @Test(arguments: [RankFusion.reciprocalRank(k: 60), .reciprocalRank(k: 1), .convex(vectorWeight: 0.3), .convex(vectorWeight: 0.9)])
    func fusionNeverDropsWhatBothListsRankFirst(_ fusion: RankFusion) {
        var random = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let top = Int64(random.next() % 40)
            func list() -> [(id: Int64, score: Double)] {
                var ids = [top]
                for _ in 0..<Int(random.next() % 30) {
                    let id = Int64(random.next() % 40)
                    if !ids.contains(id) { ids.append(id) }
                }
                var score = 100.0
                return ids.map { id in
                    score -= Double(random.next() % 1000) / 100; return (id, score)
                }
            }
            let fused = fusion.fuse(lexical: list(), semantic: list())
            #expect(fused.first?.id == top)
        }
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

    /// Ids with scores falling by one per rank.
    func ranked(_ ids: [Int64]) -> [(id: Int64, score: Double)] {
        ids.enumerated().map { (id: $0.element, score: Double(ids.count - $0.offset)) }
    }
}
