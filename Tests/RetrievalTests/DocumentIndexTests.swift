import AgentTesting
import Foundation
import Retrieval
import Testing

/// A fresh database file in a temporary folder.
func freshDatabase() throws -> AgentDatabase {
    let folder = TestDirectory.path("index")
    return try AgentDatabase(path: folder + "/memory/agent.sqlite")
}

@Suite struct DocumentIndexTests {
    @Test func replacingADocumentReplacesItsChunksAndVectors() throws {
        let index = DocumentIndex(database: try freshDatabase())
        let first = [Chunk(text: "Install with apt on Debian.", headingPath: ["Install", "Linux"], startLine: 3, endLine: 4)]
        try index.replace(
            uri: "/d/README.md", sha256: "a", mtime: 1, title: "Readme", chunks: first, vectors: .init(model: "m", vectors: [[1, 0]]),
            now: 10)
        let stats1 = try index.stats()
        #expect(stats1.documents == 1 && stats1.chunks == 1 && stats1.embedded == ["m": 1] && stats1.textBytes == 27)
        let second = [
            Chunk(text: "Build from source.", headingPath: ["Build"], startLine: 1, endLine: 1),
            Chunk(text: "Run the tests.", headingPath: ["Test"], startLine: 5, endLine: 6),
        ]
        try index.replace(uri: "/d/README.md", sha256: "b", mtime: 2, title: nil, chunks: second, vectors: nil, now: 11)
        let stats = try index.stats()
        #expect(stats.documents == 1 && stats.chunks == 2 && stats.embedded.isEmpty)
        let stored = try #require(try index.document(uri: "/d/README.md"))
        #expect(stored.sha256 == "b" && stored.chunkCount == 2 && stored.title == nil && stored.addedAt == 11)
        #expect(try index.searchBM25("apt debian", k: 5).isEmpty)
    }

    @Test func bm25FindsHeadingPathsAndRanksBestFirst() throws {
        let index = DocumentIndex(database: try freshDatabase())
        try index.replace(
            uri: "/d/a.md", sha256: "1", mtime: 0, title: nil,
            chunks: [
                Chunk(text: "Use the package manager.", headingPath: ["Install", "Linux"], startLine: 10, endLine: 12),
                Chunk(text: "Double-click the installer.", headingPath: ["Install", "Windows"], startLine: 14, endLine: 15),
            ], vectors: nil, now: 0)
        try index.replace(
            uri: "/d/b.txt", sha256: "2", mtime: 0, title: nil,
            chunks: [
                Chunk(text: "Linux kernels schedule threads; linux is everywhere.", startLine: 1, endLine: 1)
            ], vectors: nil, now: 0)
        let hits = try index.searchBM25("linux install", k: 5)
        #expect(hits.first?.location == "/d/a.md:10-12")
        #expect(hits.first?.headingPath == ["Install", "Linux"])
        #expect(hits.count == 3)
        #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func userTextWithFTSSyntaxIsJustWords() throws {
        let index = DocumentIndex(database: try freshDatabase())
        try index.replace(
            uri: "/d/c.md", sha256: "1", mtime: 0, title: nil,
            chunks: [
                Chunk(text: "NEAR the column: value \"quoted\" -flag *star", startLine: 1, endLine: 1)
            ], vectors: nil, now: 0)
        for query in ["\"quoted", "-flag", "column:", "star*", "NEAR(", "AND OR NOT", "(", "\"\""] {
            _ = try index.searchBM25(query, k: 3)
        }
        #expect(try index.searchBM25("column: \"quoted", k: 3).count == 1)
        #expect(try index.searchBM25("***", k: 3).isEmpty)
    }

    @Test func collectionsAreApart() throws {
        let database = try freshDatabase()
        let docs = DocumentIndex(database: database)
        let wiki = DocumentIndex(database: database, collection: "web:wikipedia")
        try wiki.replace(
            uri: "https://en.wikipedia.org/wiki/Canberra", sha256: "1", mtime: 0, title: "Canberra",
            chunks: [
                Chunk(text: "Canberra is the capital city of Australia.", startLine: 1, endLine: 1)
            ], vectors: nil, now: 0)
        #expect(try docs.searchBM25("capital Australia", k: 3).isEmpty)
        #expect(try docs.documents().isEmpty)
        #expect(try wiki.searchBM25("capital Australia", k: 3).count == 1)
    }

    @Test func anotherCollectionsBetterMatchesTakeNoPlaces() throws {
        let database = try freshDatabase()
        let docs = DocumentIndex(database: database)
        let wiki = DocumentIndex(database: database, collection: "web:wikipedia")
        for i in 0..<4 {
            try wiki.replace(
                uri: "https://w/\(i)", sha256: "\(i)", mtime: 0, title: nil,
                chunks: [Chunk(text: "Quokka quokka quokka island \(i).", startLine: 1, endLine: 1)], vectors: nil, now: 0)
        }
        for (i, text) in ["A quokka was seen.", "Notes on a quokka and a ferry to the island.", "Nothing here."].enumerated() {
            try docs.replace(
                uri: "/d/\(i).md", sha256: "\(i)", mtime: 0, title: nil, chunks: [Chunk(text: text, startLine: 1, endLine: 1)],
                vectors: nil, now: 0)
        }
        // The four wiki chunks rank above both of ours: the first k ranked are all theirs.
        for k in 1...7 {
            #expect(try docs.searchBM25("quokka island", k: k).map(\.uri) == Array(["/d/1.md", "/d/0.md"].prefix(k)), "k=\(k)")
        }
        #expect(try wiki.searchBM25("quokka island", k: 2).count == 2)
        #expect(try wiki.searchBM25("quokka island", k: 7).count == 4)
    }

    @Test func aHeadingMatchCountsAsMuchAsItsWeight() throws {
        let index = DocumentIndex(database: try freshDatabase())
        try index.replace(
            uri: "/d/title.md", sha256: "t", mtime: 0, title: nil,
            chunks: [
                Chunk(
                    text: "Small marsupials of Western Australia and where to see them.", headingPath: ["Quokka"], startLine: 1, endLine: 1)
            ],
            vectors: nil, now: 0)
        try index.replace(
            uri: "/d/text.md", sha256: "x", mtime: 0, title: nil,
            chunks: [Chunk(text: "A quokka came to the ferry.", headingPath: ["Travel"], startLine: 1, endLine: 1)], vectors: nil, now: 0)
        let order = { (weight: Double) in try index.searchBM25("quokka", k: 2, headingWeight: weight).map(\.uri) }
        #expect(try order(10) == ["/d/title.md", "/d/text.md"])
        #expect(try order(0.1) == ["/d/text.md", "/d/title.md"])
    }

    @Test func removeAndListUnderAFolder() throws {
        let index = DocumentIndex(database: try freshDatabase())
        for uri in ["/p/x/1.md", "/p/x/2.md", "/p/xy/3.md"] {
            try index.replace(
                uri: uri, sha256: uri, mtime: 0, title: nil, chunks: [Chunk(text: "t", startLine: 1, endLine: 1)], vectors: nil, now: 0)
        }
        #expect(try index.documents(under: "/p/x/").map(\.uri) == ["/p/x/1.md", "/p/x/2.md"])
        #expect(try index.remove(uri: "/p/x/1.md"))
        #expect(try !index.remove(uri: "/p/x/1.md"))
        #expect(try index.stats().chunks == 2)
    }

    @Test func reopeningKeepsEverything() throws {
        let database = try freshDatabase()
        try DocumentIndex(database: database).replace(
            uri: "/d/a", sha256: "1", mtime: 0, title: nil, chunks: [Chunk(text: "kept", startLine: 1, endLine: 1)], vectors: nil, now: 0)
        let again = DocumentIndex(database: try AgentDatabase(path: database.path))
        #expect(try again.searchBM25("kept", k: 1).count == 1)
    }
}
