import AgentCore
import AgentTesting
import Foundation
import Retrieval
import Testing

/// web_search's offline default from the command line: a corpus built once into the cache
/// serves every fresh home at once, read-only, apart from the user's documents.
@Suite struct OfflineCorpusCommandTests {
    /// A cache holding an index of three articles, as `corpus install` leaves it.
    static func cacheWithCorpus() async throws -> String {
        let cache = TestDirectory.path("cache")
        let directory = cache + "/corpora/wikipedia"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let articles = [
            ("Mona Lisa", "The Mona Lisa is a half-length portrait painting by Italian artist Leonardo da Vinci."),
            (
                "Photosynthesis",
                "Photosynthesis is a biological process used by many cellular organisms to convert light energy into chemical energy."
            ),
            ("Canberra", "Canberra is the capital city of Australia."),
        ].map { CorpusArticle(title: $0.0, url: WikipediaSummaries.url(title: $0.0), text: $0.1) }
        _ = try await CorpusBuilder(collection: WikipediaSummaries.collection, embedder: nil).build(
            articles, into: directory + "/index.sqlite")
        return cache
    }

    @Test func aFreshHomeSearchesTheInstalledCorpus() async throws {
        let cache = try await Self.cacheWithCorpus()
        let home = freshHome()
        let environment = ["RESEARCH_AGENT_CACHE": cache]
        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "who painted the Mona Lisa"}"#, "--json", "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let output = try JSONValue.parse(result.stdout)
        let text = try #require(output["output"]?.stringValue)
        #expect(
            text.hasPrefix(
                "Results for \"who painted the Mona Lisa\" from the offline corpus web:wikipedia, a local copy searched by bm25; not the live web.\n"
            ))
        #expect(text.contains("CC BY-SA 4.0"))
        #expect(output["tainted"] == .bool(true))
        #expect(output["sources"]?.arrayValue?.first?["ref"]?.stringValue == "https://en.wikipedia.org/wiki/Mona_Lisa")

        let doctor = try await runAgent(["doctor", "--home", home], environment: environment)
        #expect(doctor.stdout.contains("selected           offline corpus (English Wikipedia summaries, not the live web)"))
        #expect(doctor.stdout.contains("corpus             ok 3 articles, BM25 only · \(cache)/corpora/wikipedia/index.sqlite"))

        // The corpus is not the user's documents.
        let list = try await runAgent(["docs", "list", "--home", home], environment: environment)
        #expect(list.status == 0 && !list.stdout.contains("Mona"))
        let flagged = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "Canberra"}"#, "--search", "offline", "--home", home],
            environment: environment.merging(["TAVILY_API_KEY": "tvly-unused"]) { a, _ in a })
        #expect(flagged.status == 0 && flagged.stdout.contains("[1] Canberra"))
    }

    @Test func withoutTheCorpusTheErrorSaysHowToInstallIt() async throws {
        let cache = TestDirectory.path("cache")
        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "x"}"#, "--home", freshHome()], environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(result.status == 1)
        #expect(
            result.stdout
                == "web_search: no search provider is configured and the offline corpus is not installed at \(cache)/corpora/wikipedia/index.sqlite; "
                + "install it with research-agent setup, then research-agent corpus install, or set TAVILY_API_KEY, BRAVE_API_KEY or SEARXNG_URL\n"
        )

        // A damaged index: the search and doctor both say what builds it again.
        try FileManager.default.createDirectory(atPath: cache + "/corpora/wikipedia", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: cache + "/corpora/wikipedia/index.sqlite"))
        let damaged = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "x"}"#, "--home", freshHome()], environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(damaged.status == 1 && damaged.stdout.hasSuffix("; research-agent corpus install builds it again\n"), "\(damaged.stdout)")
        let doctor = try await runAgent(["doctor", "--home", freshHome()], environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(
            doctor.stdout.contains("index.sqlite cannot be read; build it again with: research-agent corpus install"), "\(doctor.stdout)")
    }

    @Test func installRefusesAFileThatIsNotThePinnedOne() async throws {
        let cache = TestDirectory.path("cache")
        let bogus = TestDirectory.path("summaries", suffix: ".json")
        try #"{"A": {"title": "A", "extract": "a"}}"#.write(toFile: bogus, atomically: true, encoding: .utf8)
        let result = try await runAgent(
            ["corpus", "install", "--from", bogus, "--embedder", "none", "--home", freshHome()],
            environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(bogus) has sha256 "))
        #expect(result.stderr.contains("it is not the pinned summaries file; leave out --from"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cache + "/corpora/wikipedia/index.sqlite"))
    }

    @Test func aCorpusOfTheUsersOwnIsSearchedNextToIt() async throws {
        let cache = try await Self.cacheWithCorpus()
        let home = freshHome()
        let notes = TestDirectory.path("notes")
        try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
        try "# Zeppelins\n\nRigid airships were named after Count Ferdinand von Zeppelin.\n".write(
            toFile: notes + "/airships.md", atomically: true, encoding: .utf8)
        let environment = ["RESEARCH_AGENT_CACHE": cache]
        let added = try await runAgent(
            ["docs", "add", notes, "--collection", "web:notes", "--embedder", "none", "--home", home], environment: environment)
        #expect(added.status == 0, "\(added.stdout)\(added.stderr)")

        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "zeppelin airships"}"#, "--home", home], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.hasPrefix(
                "Results for \"zeppelin airships\" from the offline corpus web:wikipedia and web:notes, a local copy searched by bm25; not the live web.\n"
            ))
        #expect(result.stdout.contains("\n[1] Zeppelins\nFile: \(notes)/airships.md:1-3\n"))

        // Not the user's documents: docs list and search_docs do not see it.
        let list = try await runAgent(["docs", "list", "--home", home], environment: environment)
        #expect(list.stdout.hasPrefix("no documents"))
        let bad = try await runAgent(["docs", "add", notes, "--collection", "papers", "--home", home], environment: environment)
        #expect(
            bad.status == 2
                && bad.stderr.contains("--collection must be web:NAME (letters, digits, - and _), e.g. web:papers, not 'papers'"))
        let removed = try await runAgent(
            ["docs", "remove", notes + "/airships.md", "--collection", "web:notes", "--home", home], environment: environment)
        #expect(removed.status == 0 && removed.stdout.hasPrefix("removed "))
    }

    /// The real corpus, when this machine has it installed (research-agent setup and corpus install).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: realIndex))) func theInstalledWikipediaCorpusAnswers() async throws {
        let cache = (Self.realIndex as NSString).deletingLastPathComponent.replacingOccurrences(of: "/corpora/wikipedia", with: "")
        let result = try await runAgent(
            ["tools", "run", "web_search", #"{"query": "Leonardo da Vinci portrait painting Mona Lisa", "k": 3}"#, "--home", freshHome()],
            environment: ["RESEARCH_AGENT_CACHE": cache])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("URL: https://en.wikipedia.org/wiki/Mona_Lisa\n"))
    }

    static var realIndex: String {
        let env = ProcessInfo.processInfo.environment
        let cache = env["RESEARCH_AGENT_CACHE"] ?? (env["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")) + "/research-agent"
        return cache + "/corpora/wikipedia/index.sqlite"
    }
}
