import AgentCore
import AgentTesting
import Foundation
import GRDB
import HTTP
import LLM
import Logging
import Memory
import Retrieval
import Synchronization
import Testing

@Suite struct LongTermMemoryTests {
    func store(_ database: AgentDatabase, embedder: (any Embedder)? = nil, now: Int64 = 30, notices: Notices = Notices()) -> LongTermMemory
    {
        let clock = SteppingClock(start: Instant(milliseconds: 1_767_225_600_000 + now * 86_400_000), stepMilliseconds: 0)
        return LongTermMemory(database: database, embedder: embedder, clock: clock) { notices.add($0) }
    }

    @Test func bm25RecallWeighsRecencyAndSaysOnce() async throws {
        let database = try freshDatabase()
        let notices = Notices()
        let memory = store(database, notices: notices)
        var old = RunEvents(day: 0)
        old.remember("The zebrafish genome has about 26,000 genes.", sources: ["https://example.org/old"])
        var recent = RunEvents(day: 29)
        recent.remember("The zebrafish genome was sequenced by the Sanger Institute.", sources: ["https://example.org/new"])
        await memory.record(old.events)
        await memory.record(recent.events)
        let found = try await memory.recall("zebrafish genome", limit: 5)
        #expect(found.map(\.source) == ["https://example.org/new", "https://example.org/old"])
        #expect(found[0].date == "2026-01-30" && found[1].date == "2026-01-01")
        #expect(try await memory.recall("unrelated words entirely", limit: 5).isEmpty)
        #expect(notices.all == ["memory: no embedder is configured; recall uses BM25 alone (see --embedder)"])
    }

    @Test func exactRepeatsMergeWithoutAnEmbedder() async throws {
        let memory = store(try freshDatabase())
        var run = RunEvents()
        let first = run.remember("Quokkas live on Rottnest Island.", sources: ["https://a.example"])
        let second = run.remember("Quokkas live on Rottnest Island.", sources: ["https://b.example"])
        await memory.record(run.events)
        let listed = try memory.list(limit: 10)
        #expect(listed.count == 1 && listed[0].id == first)
        #expect(listed[0].sources.map(\.ref) == ["https://a.example", "https://b.example"])
        #expect(listed[0].importance > 0.65)
        #expect(try memory.resolve(second)?.id == first)
        // Recall, and so the prompt and memory.read, carries both sources.
        let recalled = try #require(try await memory.recall("quokkas Rottnest", limit: 1).first)
        #expect(recalled.source == "https://a.example" && recalled.moreSources == ["https://b.example"])
        #expect(MemoryTools.line(recalled, number: 1).contains("source: https://a.example, also: https://b.example"))
    }

    /// A forget that comes while a rebuild runs waits for it, then applies: the rebuild, which
    /// read the transcripts before the forget, does not bring the memory back.
    @Test func aChangeDuringARebuildIsAppliedAfterIt() async throws {
        let memory = store(try freshDatabase())
        var run = RunEvents()
        let id = run.remember("Numbats eat termites.")
        await memory.record(run.events)
        let before = run.events
        var ops = RunEvents()
        ops.add(.memoryForget(MemoryForgetRecord(id: id)))
        let forget = ops.events.last!
        let forgetting = Mutex<Task<Void, Never>?>(nil)
        try await memory.exclusively {
            // On a thread of its own: it blocks on the lock, as another process would.
            let task = Task.detached { await memory.record([forget]) }
            forgetting.withLock { $0 = task }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try memory.resolve(id) != nil, "the forget waits for the rebuild")
            _ = try await memory.rebuild(from: before)
        }
        await forgetting.withLock { $0 }?.value
        #expect(try memory.resolve(id) == nil)
    }

    @Test func recallMarksMemoriesUsed() async throws {
        let memory = store(try freshDatabase())
        var run = RunEvents()
        let id = run.remember("Axolotls regrow limbs.")
        run.add(.memoryRead(MemoryReadRecord(step: 0, query: "axolotl", items: [RecalledMemory(id: id, text: "", source: "", score: 1)])))
        await memory.record(run.events)
        let listed = try #require(try memory.list(limit: 1).first)
        #expect(listed.lastUsedAt == run.events.last?.ts)
    }

    @Test func aNewerDatabaseIsRefusedAndACorruptOneNamesTheFix() throws {
        let database = try freshDatabase()
        try database.pool.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        #expect { _ = try AgentDatabase(path: database.path) } throws: {
            "\($0)".contains("was written by a newer version of research-agent")
        }

        let path = TestDirectory.path("corrupt", suffix: ".sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect { _ = try AgentDatabase(path: path) } throws: { "\($0)".contains("run `research-agent memory rebuild`") }
    }
}

/// Near-duplicates and vector recall with the real local embedder.
@Suite(.serialized, .enabled(if: RealLocalModel.required)) struct VectorMemoryTests {
    @Test func nearDuplicatesMergeAndVectorsFindParaphrases() async throws {
        let embedder = try RealLocalModel.embedder()
        defer { embedder.stop() }
        let database = try freshDatabase()
        // Saved while no embedder was configured: vector recall embeds it when first used.
        var before = RunEvents()
        before.remember("Espresso is brewed by forcing hot water through finely ground coffee.", sources: ["https://coffee.example"])
        await LongTermMemory(database: database, embedder: nil, clock: SteppingClock()) { _ in }.record(before.events)
        let memory = LongTermMemory(database: database, embedder: embedder, clock: SteppingClock(stepMilliseconds: 0)) { _ in }
        #expect(try await memory.recall("how do I make a strong cup of joe", limit: 1).first?.source == "https://coffee.example")
        var run = RunEvents()
        let wal = run.remember("SQLite added WAL mode in version 3.7.0.", sources: ["https://sqlite.org/wal.html"])
        run.remember("SQLite added the WAL mode in version 3.7.0", sources: ["https://sqlite.org/releaselog/3_7_0.html"])
        run.remember("Cats should be fed twice a day.", sources: ["https://pets.example"])
        await memory.record(run.events)
        let listed = try memory.list(limit: 10).filter { $0.sources.first?.ref != "https://coffee.example" }
        #expect(listed.count == 2)
        let merged = try #require(listed.first { $0.id == wal })
        #expect(merged.sources.map(\.ref) == ["https://sqlite.org/wal.html", "https://sqlite.org/releaselog/3_7_0.html"])
        #expect(try memory.stats().embedded == [embedder.model: 3])
        // A paraphrase shares no word with the memory it should find.
        let found = try await memory.recall("how often should my kitty have her meals", limit: 2)
        #expect(found.first?.source == "https://pets.example")

        // Another process's store, loaded before this one saves: it still sees the new
        // vector when it writes, and merges as a rebuild in time order would.
        let other = LongTermMemory(
            database: try AgentDatabase(path: memory.database.path), embedder: embedder, clock: SteppingClock(stepMilliseconds: 0)
        ) { _ in }
        _ = try await other.search("cats", limit: 1)
        var later = RunEvents(day: 1)
        let fed = later.remember("Feed a cat two times every day.", sources: ["https://vet.example"])
        await memory.record(later.events)
        var latest = RunEvents(day: 2)
        latest.remember("Feed a cat two times every day!", sources: ["https://other.example"])
        await other.record(latest.events)
        #expect(try other.resolve(fed)?.sources.map(\.ref) == ["https://vet.example", "https://other.example"])
    }
}
