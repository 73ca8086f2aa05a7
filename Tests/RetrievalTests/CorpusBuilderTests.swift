import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Testing

/// A search corpus built into a file of its own with the real local embedder, then opened
/// read-only: hybrid search finds a paraphrase that BM25 alone misses.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct CorpusBuilderTests {
    static let articles = [
        ("Canberra", "Canberra is the capital city of Australia, founded as the seat of government of the new federation."),
        (
            "Photosynthesis",
            "Photosynthesis is a biological process by which plants convert light energy into chemical energy stored in sugars."
        ),
        ("Mona Lisa", "The Mona Lisa is a half-length portrait painting by the Italian artist Leonardo da Vinci."),
        ("Volcano", "A volcano is a rupture in the crust of a planet that lets lava, ash and gases escape from a magma chamber."),
    ].map { CorpusArticle(title: $0.0, url: WikipediaSummaries.url(title: $0.0), text: $0.1) }

    @Test func aBuiltCorpusIsSearchedHybridReadOnly() async throws {
        let embedder = try RealLocalModel.embedder()
        defer { embedder.stop() }
        let path = TestDirectory.path("corpus", suffix: ".sqlite")
        let report = try await CorpusBuilder(collection: "web:test", embedder: embedder).build(Self.articles, into: path)
        #expect(report.articles == 4 && report.chunks == 4 && report.model == embedder.model)
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize == 0)

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let index = DocumentIndex(database: try AgentDatabase(path: path, readOnly: true), collection: "web:test")
        #expect(try index.stats().embedded == [embedder.model: 4])
        let search = DocumentSearch(index: index, embedder: embedder)
        let paraphrase = "mountain that erupts molten rock"
        let hybrid = try await search.search(paraphrase, k: 2)
        #expect(hybrid.mode == .hybrid)
        #expect(hybrid.passages.first?.uri == "https://en.wikipedia.org/wiki/Volcano")
        #expect(try await search.search(paraphrase, k: 2, mode: .bm25).passages.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aKilledBuildsLeftoversGoAtTheNextBuild() async throws {
        let directory = TestDirectory.path("corpus")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/index.sqlite"
        // pid 2^22 + 1 is above Linux's pid_max: no process has it; this process's parent is alive.
        let dead = path + ".building-4194305", alive = path + ".building-\(getppid())"
        for file in [dead, dead + "-wal", alive] { _ = FileManager.default.createFile(atPath: file, contents: Data("partial".utf8)) }
        _ = try await CorpusBuilder(collection: "web:test", embedder: nil).build(Self.articles, into: path)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "index.sqlite", "index.sqlite.building-\(getppid())",
            ])
    }

    @Test func aFailedBuildLeavesNoFile() async throws {
        let path = TestDirectory.path("corpus", suffix: ".sqlite")
        let failing = FailingEmbedder()
        await #expect { _ = try await CorpusBuilder(collection: "web:test", embedder: failing).build(Self.articles, into: path) } throws: {
            error in
            "\(error)".hasPrefix("embedding the corpus with broken failed: ")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let staged = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent).filter {
            $0.hasPrefix((path as NSString).lastPathComponent)
        }
        #expect(staged.isEmpty)
    }
}

/// An embedder whose every call fails, as a server that died would.
struct FailingEmbedder: Embedder {
    let model = "broken"
    let dimensions = 4
    func embed(_ texts: [String]) async throws -> [[Float]] { throw EmbeddingError("the embedding server is gone") }
}
