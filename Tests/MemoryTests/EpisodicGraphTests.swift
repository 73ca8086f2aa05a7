import AgentCore
import AgentTesting
import Foundation
import GRDB
import Memory
import Testing

@Suite struct EpisodicGraphTests {
    /// A run that searched, read a page, and saved what it found.
    func run(_ task: String, day: Int64, page: String, finding: String) -> (events: RunEvents, memory: String) {
        var r = RunEvents(day: day, task: task)
        r.add(.llmRequest(LLMRequestRecord(step: 1, provider: "openai", model: "m", body: [:])))
        r.add(
            .llmResponse(
                LLMResponseRecord(
                    step: 1,
                    turn: ModelTurn(
                        text: "Let me read the page.", toolCalls: [], usage: TokenUsage(), finishReason: "tool_calls", raw: .null),
                    costUSD: nil, latencyMS: 1)))
        r.add(.toolCall(ToolCallRecord(step: 1, id: "c1", name: "fetch_url", arguments: ["url": .string(page)])))
        r.add(
            .toolResult(
                ToolResultRecord(
                    step: 1, id: "c1", output: "...", isError: false, latencyMS: 1, truncated: false, tainted: true,
                    sources: [NumberedSource(number: 1, source: Source(kind: .url, ref: page, title: "Page"))])))
        r.add(.llmRequest(LLMRequestRecord(step: 2, provider: "openai", model: "m", body: [:])))
        let id = r.remember(finding, sources: [page])
        r.add(
            .runEnd(
                RunEndRecord(
                    status: .answered, reason: nil, answer: finding,
                    citations: [NumberedSource(number: 1, source: Source(kind: .url, ref: page))], totals: Spend())))
        return (r, id)
    }

    @Test func queriesWalkTheGraph() async throws {
        let memory = LongTermMemory(database: try freshDatabase(), embedder: nil, clock: SteppingClock()) { _ in }
        let a = run("When did SQLite add WAL?", day: 0, page: "https://sqlite.org/wal.html", finding: "SQLite added WAL in 3.7.0.")
        let b = run(
            "Does WAL work over NFS?", day: 1, page: "https://sqlite.org/wal.html", finding: "WAL needs shared memory, so not over NFS.")
        let c = run("How do quokkas sleep?", day: 2, page: "https://zoo.example/quokka", finding: "Quokkas sleep by day.")
        for r in [a, b, c] { await memory.record(r.events.events) }

        let page = try #require(try memory.neighbourhood(of: "source:https://sqlite.org/wal.html", depth: 1))
        let kinds = Set(page.nodes.filter { $0.depth == 1 }.map(\.kind))
        #expect(kinds == ["tool_use", "claim", "run"])
        #expect(page.edges.contains(GraphEdge(src: "source:https://sqlite.org/wal.html", dst: "memory:" + a.memory, kind: "supports")))
        #expect(!page.truncated)
        let capped = try #require(try memory.neighbourhood(of: "source:https://sqlite.org/wal.html", depth: 3, cap: 5))
        #expect(capped.nodes.count == 5 && capped.truncated && capped.nodes[0].depth == 0)

        let path = try #require(try memory.shortestPath(from: "run:\(a.events.run)", to: "run:\(b.events.run)"))
        #expect(path == ["run:\(a.events.run)", "source:https://sqlite.org/wal.html", "run:\(b.events.run)"])
        #expect(try memory.shortestPath(from: "run:\(a.events.run)", to: "run:\(c.events.run)", maxDepth: 3) == nil)

        #expect(try memory.sources(supporting: a.memory).map(\.id) == ["source:https://sqlite.org/wal.html"])
        let runs = try memory.runs(about: "sqlite wal")
        #expect(Set(runs.map(\.id)) == ["run:\(a.events.run)", "run:\(b.events.run)"])
        #expect(try memory.node(named: "quokka")?.kind == "question")
        #expect(try memory.node(named: "wal")?.id == "entity:wal")
    }

    @Test func forgettingRemovesWhatOnlyTheMemorySupported() async throws {
        let memory = LongTermMemory(database: try freshDatabase(), embedder: nil, clock: SteppingClock()) { _ in }
        var r = RunEvents()
        let keep = r.remember("Kept fact about Rottnest.", sources: ["https://shared.example"])
        let drop = r.remember("Dropped fact about Zanzibar.", sources: ["https://shared.example", "https://only.example"])
        r.add(.memoryForget(MemoryForgetRecord(id: drop)))
        await memory.record(r.events)
        #expect(try memory.list(limit: 5).map(\.id) == [keep])
        #expect(try memory.node(named: "source:https://only.example") == nil)
        #expect(try memory.node(named: "entity:zanzibar") == nil)
        #expect(try memory.node(named: "source:https://shared.example") != nil)
        #expect(try memory.node(named: "memory:" + drop) == nil)
    }

    @Test func entitiesComeFromSurfaceFeatures() async throws {
        let memory = LongTermMemory(database: try freshDatabase(), embedder: nil, clock: SteppingClock()) { _ in }
        var r = RunEvents()
        r.remember("The WAL mode of SQLite was designed by Richard Hipp in Charlotte. It ships in 3.7.0.")
        await memory.record(r.events)
        let entities = try #require(try memory.neighbourhood(of: "memory:" + MemoryTools.memoryID(run: r.run, index: 1), depth: 1))
            .nodes.filter { $0.kind == "entity" }.map(\.label)
        #expect(Set(entities) == ["WAL", "SQLite", "Richard Hipp", "Charlotte"])
    }
}
