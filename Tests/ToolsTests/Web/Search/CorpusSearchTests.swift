import AgentCore
import AgentTesting
import Foundation
import Retrieval
import Testing
@testable import Tools

/// web_search on the offline corpus: built once into its own SQLite file, opened read-only,
/// and never passed off as the live web.
@Suite struct CorpusSearchTests {
    /// A few articles in the shape of the Wikipedia summaries.
    static let fixture: [String: (extract: String, description: String)] = [
        "Canberra": (
            "Canberra is the capital city of Australia. Founded following the federation of the colonies of Australia as the seat of government for the new nation, it is the country's largest inland city.",
            "Capital city of Australia"
        ),
        "Sydney": (
            "Sydney is the capital city of the state of New South Wales and the most populous city in Australia.",
            "City in New South Wales, Australia"
        ),
        "Mona Lisa": (
            "The Mona Lisa is a half-length portrait painting by Italian artist Leonardo da Vinci. Considered an archetypal masterpiece of the Italian Renaissance, it has been described as the best known work of art in the world.",
            "Painting by Leonardo da Vinci"
        ),
        "Photosynthesis": (
            "Photosynthesis is a biological process used by many cellular organisms to convert light energy into chemical energy, which is stored in organic compounds.",
            "Biological process"
        ),
        "Café": (
            "A café is a type of restaurant which typically serves coffee and tea, in addition to light refreshments such as baked goods or snacks.",
            "Type of restaurant"
        ),
        "What? (film)": ("What? is a 1972 comedy film directed by Roman Polanski.", "1972 film"),
    ]

    /// The fixture written as the summaries JSON (keyed by title), and its sha256.
    static func fixtureFile() throws -> (path: String, sha256: String) {
        var object: [String: Any] = [:]
        for (title, entry) in fixture {
            object[title] = ["title": title, "extract": entry.extract, "description": entry.description, "topic": "Test"]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let path = TestDirectory.path("summaries", suffix: ".json")
        try data.write(to: URL(fileURLWithPath: path))
        let hash = try #require(try Process.sha256(path))
        return (path, hash)
    }

    /// The fixture built into a corpus file, and a web_search tool over it.
    static func builtTool() async throws -> (tool: WebSearchTool, path: String) {
        let (json, hash) = try fixtureFile()
        let articles = try WikipediaSummaries.articles(at: json, expectedSHA256: hash)
        let path = TestDirectory.path("corpus", suffix: ".sqlite")
        let report = try await CorpusBuilder(collection: WikipediaSummaries.collection, embedder: nil).build(articles, into: path)
        #expect(report.articles == 6 && report.chunks == 6 && report.model == nil)
        let corpus = CorpusSearch.Corpus(collection: WikipediaSummaries.collection, attribution: WikipediaSummaries.attribution) {
            DocumentSearch(
                index: DocumentIndex(database: try AgentDatabase(path: path, readOnly: true), collection: WikipediaSummaries.collection),
                embedder: nil)
        }
        return (WebSearchTool(engine: CorpusSearch(corpora: [corpus])), path)
    }

    @Test func resultsCarryWikipediaURLsTheLicenceAndWhereTheyCameFrom() async throws {
        let (tool, path) = try await Self.builtTool()
        let out = try await webSearch(tool, "seat of government of Australia", k: 2)
        #expect(!out.isError, "\(out.text)")
        #expect(out.tainted)
        #expect(
            out.text.hasPrefix(
                "Results for \"seat of government of Australia\" from the offline corpus web:wikipedia, a local copy searched by bm25; not the live web.\n"
            ))
        #expect(out.text.contains("CC BY-SA 4.0"))
        #expect(
            out.text.contains("\n[1] Canberra\nURL: https://en.wikipedia.org/wiki/Canberra\nCanberra is the capital city of Australia."))
        #expect(out.text.contains("\n[2] Sydney\nURL: https://en.wikipedia.org/wiki/Sydney\n"))
        #expect(out.sources.map(\.source.ref) == ["https://en.wikipedia.org/wiki/Canberra", "https://en.wikipedia.org/wiki/Sydney"])

        // The corpus file is only read, and its collection is not the user's documents.
        let database = try AgentDatabase(path: path, readOnly: true)
        #expect(try DocumentIndex(database: database).stats().documents == 0)
        #expect(try DocumentIndex(database: database, collection: WikipediaSummaries.collection).stats().documents == 6)
        let none = try await webSearch(tool, "zeppelin airship")
        #expect(!none.isError && none.text.hasSuffix("No results. Try other words."))
    }

    @Test func titlesBecomeWikipediaURLs() {
        #expect(WikipediaSummaries.url(title: "2001: A Space Odyssey") == "https://en.wikipedia.org/wiki/2001:_A_Space_Odyssey")
        #expect(WikipediaSummaries.url(title: "Café") == "https://en.wikipedia.org/wiki/Caf%C3%A9")
        #expect(WikipediaSummaries.url(title: "What? (film)") == "https://en.wikipedia.org/wiki/What%3F_(film)")
        #expect(WikipediaSummaries.url(title: "AT&T") == "https://en.wikipedia.org/wiki/AT&T")
    }

    @Test func aFileThatIsNotThePinnedOneIsRefused() throws {
        let (json, _) = try Self.fixtureFile()
        #expect { _ = try WikipediaSummaries.articles(at: json) } throws: { error in
            "\(error)".hasPrefix("\(json) has sha256 ")
                && "\(error)".hasSuffix(
                    ", expected \(WikipediaSummaries.sha256); delete it and run research-agent setup --models corpus again")
        }
        #expect { _ = try WikipediaSummaries.articles(at: json + ".missing") } throws: { error in
            "\(error)" == "cannot read \(json).missing; install the offline corpus with research-agent setup --models corpus"
        }
    }

    @Test func aCorpusThatCannotBeOpenedIsOneLine() async throws {
        let corpus = CorpusSearch.Corpus(collection: "web:wikipedia", attribution: nil) {
            DocumentSearch(
                index: DocumentIndex(database: try AgentDatabase(path: "/nonexistent/corpus.sqlite", readOnly: true)), embedder: nil)
        }
        let out = try await webSearch(WebSearchTool(engine: CorpusSearch(corpora: [corpus])), "anything")
        #expect(
            out.isError
                && out.text.hasPrefix(
                    "web_search: the offline corpus web:wikipedia cannot be searched: cannot open the database /nonexistent/corpus.sqlite")
        )
        #expect(!out.text.contains("\n"))
        // A corpus that knows its repair names it at the end of the line.
        var mended = corpus
        mended.repair = "research-agent corpus install builds it again"
        let told = try await webSearch(WebSearchTool(engine: CorpusSearch(corpora: [mended])), "anything")
        #expect(told.isError && told.text.hasSuffix("; research-agent corpus install builds it again"), "\(told.text)")
    }

    @Test func severalCorporaTakeTurnsByRank() {
        let a = [SearchResult(title: "a1", url: "u1", snippet: ""), SearchResult(title: "a2", url: "u2", snippet: "")]
        let b = [
            SearchResult(title: "b1", url: "u3", snippet: ""), SearchResult(title: "b2", url: "u1", snippet: ""),
            SearchResult(title: "b3", url: "u4", snippet: ""),
        ]
        #expect(CorpusSearch.interleaved([a, b]).map(\.title) == ["a1", "b1", "a2", "b3"])
    }
}

extension Process {
    /// The sha256sum of the file at `path`.
    static func sha256(_ path: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
    }
}
