import AgentCore
import AgentTesting
import Synchronization
import Testing

/// A store that recalls fixed items and keeps what it is given.
final class ListMemory: MemoryStore {
    let items: [RecalledMemory]
    private let seen = Mutex<[Event]>([])
    init(_ items: [RecalledMemory]) { self.items = items }
    var recorded: [Event] { seen.withLock { $0 } }
    func recall(_ query: String, limit: Int) async throws -> [RecalledMemory] { Array(items.prefix(limit)) }
    func record(_ events: [Event]) async { seen.withLock { $0 += events } }
}

@Suite struct MemoryLoopTests {
    let wal = RecalledMemory(
        id: "mem_1", text: "SQLite added WAL in 3.7.0.", source: "https://sqlite.org/wal.html", score: 0.9, date: "2026-03-02")

    func run(_ model: ScriptedModel, memory: ListMemory, config: RunConfig) async throws -> (RunEndRecord, [Event]) {
        let sink = MemorySink()
        let manifests = [Scratchpad.manifest, MemoryTools.rememberManifest, FakeTool.search().manifest]
        let start = RunStart(task: "When was WAL added?", config: config, tools: [], version: "test", seed: 1)
        let end = try await Investigation(
            runID: "run-1", start: start, tools: manifests, model: model, executor: ToolList([FakeTool.search()]), sink: sink,
            clock: SteppingClock(), memory: memory
        ).run()
        return (end, sink.events)
    }

    @Test func recalledMemoriesAreCitableAndTheRunIsSaved() async throws {
        let model = ScriptedModel([
            .tools([
                call("scratchpad", #"{"op":"write","key":"when","value":"3.7.0 [1]"}"#, id: "a"),
                call("remember", #"{"text":"WAL arrived in SQLite 3.7.0 [1]."}"#, id: "b"),
            ]),
            .text("In SQLite 3.7.0 [1]."),
        ])
        let memory = ListMemory([wal])
        let (end, events) = try await run(model, memory: memory, config: RunConfig(provider: "scripted", model: "m", memory: true))
        guard case .user(let recalled) = model.requests[0].messages[1] else { Issue.record("no memory message"); return }
        #expect(recalled.hasPrefix("Memories from earlier runs"))
        #expect(recalled.contains("<data source=\"memory\">\n[1] (memory") && recalled.hasSuffix("</data>"))
        #expect(recalled.contains("[1] (memory mem_1, saved 2026-03-02, source: https://sqlite.org/wal.html) SQLite added WAL in 3.7.0."))
        #expect(end.citations.map(\.source.ref) == ["https://sqlite.org/wal.html"])
        #expect(events.map(\.type).prefix(2) == ["run.start", "memory.read"])
        let writes = events.compactMap { e -> MemoryWriteRecord? in if case .memoryWrite(let w) = e.payload { return w } else { return nil }
        }
        #expect(writes.map(\.kind) == ["fact", "answer", "finding"])
        #expect(writes.map(\.text) == ["WAL arrived in SQLite 3.7.0.", "Q: When was WAL added?\nA: In SQLite 3.7.0.", "when: 3.7.0"])
        #expect(writes.allSatisfy { $0.sources.map(\.ref) == ["https://sqlite.org/wal.html"] })
        #expect(writes.map(\.id) == (0..<3).map { MemoryTools.memoryID(run: "run-1", index: $0) })
        #expect(Array(events.map(\.type).suffix(3)) == ["memory.write", "memory.write", "run.end"])
        // The store saw every event, in order.
        #expect(memory.recorded == events)
    }

    @Test func withoutMemoryInTheConfigNothingIsRecalledOrSaved() async throws {
        let memory = ListMemory([wal])
        let model = ScriptedModel([.text("Unknown.")])
        let (_, events) = try await run(model, memory: memory, config: RunConfig(provider: "scripted", model: "m"))
        #expect(!events.contains { $0.type.hasPrefix("memory.") })
        #expect(model.requests[0].messages.count == 1)
    }

    /// A small window: old steps are condensed, the task and the memories stay first.
    @Test func condensingKeepsTheTaskAndMemoriesFirst() async throws {
        let model = ScriptedModel(
            [.compute { _, i in ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")]) }],
            repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "m", maxOutputTokensPerCall: 200, contextWindowTokens: 1500, memory: true)
        config.budget.maxSteps = 30
        _ = try await run(model, memory: ListMemory([wal]), config: config)
        var condensations = 0
        for (previous, next) in zip(model.requests, model.requests.dropFirst()) {
            #expect(next.messages.prefix(2) == previous.messages.prefix(2))
            // Between condensations each prompt extends the last one.
            let kept = previous.messages.dropLast(previous.messages.last.map { if case .user = $0 { 1 } else { 0 } } ?? 0)
            if Array(next.messages.prefix(kept.count)) != Array(kept) { condensations += 1 }
            #expect(next.messages.reduce(0) { $0 + TokenEstimate.tokens($1) } < 1500)
        }
        #expect(condensations >= 1 && condensations <= model.requests.count / 3, "\(condensations) of \(model.requests.count)")
        guard case .user(let memories) = model.requests.last?.messages[1] else { Issue.record(); return }
        #expect(memories.hasPrefix("Memories from earlier runs"))
        // Condensed steps keep the numbers of the sources they found, which stay citable.
        guard case .user(let note) = model.requests.last?.messages[2] else { Issue.record(); return }
        #expect(note.hasPrefix("[Context note") && note.contains("step 1: web_search {\"query\":\"q0\"} → sources [2]"), "\(note)")
    }

    /// A condensed step's results are read back by reference, wrapped as data like the original.
    @Test func condensedResultsAreReadBackByStep() async throws {
        let model = ScriptedModel(
            [
                .compute { request, i in
                    let condensed = request.messages.contains { if case .user(let t) = $0 { t.hasPrefix("[Context note") } else { false } }
                    if condensed,
                        !request.messages.contains(where: { if case .toolResult(_, "scratchpad", _, _) = $0 { true } else { false } })
                    {
                        return ModelTurn(text: "", toolCalls: [call("scratchpad", #"{"op":"read","key":"step 1"}"#, id: "back")])
                    }
                    return ModelTurn(text: "", toolCalls: [call("web_search", "{\"query\":\"q\(i)\"}", id: "c\(i)")])
                }
            ], repeatLast: true)
        var config = RunConfig(provider: "scripted", model: "m", maxOutputTokensPerCall: 200, contextWindowTokens: 1500)
        config.budget.maxSteps = 20
        let (_, events) = try await run(model, memory: ListMemory([]), config: config)
        let back = try #require(events.toolResults.first { $0.id == "back" })
        #expect(back.output.hasPrefix("web_search returned:\n") && back.output.contains("q0"), "\(back.output)")
        #expect(back.tainted && !back.isError)
        // A note of the model's own under such a key is its own.
        var pad = Scratchpad()
        _ = pad.apply(["op": "write", "key": "step 1", "value": "mine"], step: 1)
        #expect(pad.has("step 1") && pad.apply(["op": "read", "key": "step 1"], step: 2).output.text == "mine")
    }
}
