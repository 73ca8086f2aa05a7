import AgentCore
import Foundation
import GRDB
import Memory
import Retrieval
import Transcript

/// `bench-memory rebuild`: events per second of `memory rebuild` (no embedder) over
/// synthetic transcripts, and the database's growth per 1,000 steps.
enum RebuildBench {
    struct Fixed: Clock { func now() -> Instant { Instant(milliseconds: 0) } }

    static let words = ["SQLite", "WAL", "HNSW", "Linux", "Rust", "Swift", "PostgreSQL", "FAISS", "Kubernetes", "Python", "Redis", "NVMe"]

    /// Writes `runs` transcripts of `steps` steps (a fetch with two sources each step, a
    /// memory every fifth step) and returns how many events and steps they hold.
    static func writeTranscripts(runs: Int, steps: Int, to directory: String) throws -> (events: Int, steps: Int) {
        var events = 0
        for r in 0..<runs {
            let run = String(format: "00000000-0000-4000-8000-%012d", r)
            let writer = try TranscriptWriter(path: "\(directory)/\(run).jsonl")
            var seq = 0
            var ts = Int64(1_780_000_000_000) + Int64(r) * 600_000
            func add(_ payload: EventPayload) throws {
                try writer.record(Event(run: run, seq: seq, ts: Instant(milliseconds: ts), payload: payload))
                seq += 1
                ts += 7
            }
            let topic = words[r % words.count]
            try add(
                .runStart(
                    RunStart(
                        task: "How does \(topic) handle load in run \(r)?", config: RunConfig(provider: "openai", model: "m", memory: true),
                        tools: [], version: "bench", seed: 1)))
            for s in 1...steps {
                try add(
                    .llmRequest(
                        LLMRequestRecord(step: s, provider: "openai", model: "m", body: ["messages": .array([.string("step \(s)")])])))
                let text = "Next I compare \(words[(r + s) % words.count]) with \(words[(r * 7 + s) % words.count]) under load."
                try add(
                    .llmResponse(
                        LLMResponseRecord(
                            step: s,
                            turn: ModelTurn(
                                text: text, toolCalls: [], usage: TokenUsage(input: 900, output: 40, cached: 0), finishReason: "tool_calls",
                                raw: .null), costUSD: nil, latencyMS: 900)))
                try add(.budget(BudgetRecord(step: s, spent: Spend(), left: BudgetLeft(budget: Budget(), spent: Spend()))))
                try add(
                    .toolCall(
                        ToolCallRecord(
                            step: s, id: "c\(s)", name: "fetch_url", arguments: ["url": .string("https://example.org/\(r % 300)/\(s)")])))
                let sources = (0..<2).map { k in
                    NumberedSource(
                        number: 2 * s + k,
                        source: Source(kind: .url, ref: "https://example.org/\((r * 13 + s * 7 + k) % 3000)", title: "Page"))
                }
                try add(
                    .toolResult(
                        ToolResultRecord(
                            step: s, id: "c\(s)", output: String(repeating: "page text ", count: 40), isError: false, latencyMS: 300,
                            truncated: false, tainted: true, sources: sources)))
                if s % 5 == 0 {
                    let id = MemoryTools.memoryID(run: run, index: s)
                    try add(
                        .memoryWrite(
                            MemoryWriteRecord(
                                step: s, id: id, kind: "finding", text: "Run \(r) step \(s): \(text)", sources: sources.map(\.source))))
                }
            }
            try add(.runEnd(RunEndRecord(status: .answered, reason: nil, answer: "Done.", citations: [], totals: Spend())))
            writer.close()
            events += seq
        }
        return (events, runs * steps)
    }

    static func run(runs: Int, stepsPerRun: Int) async throws {
        let root = NSTemporaryDirectory() + "bench-rebuild-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/transcripts", withIntermediateDirectories: true)
        let written = try writeTranscripts(runs: runs, steps: stepsPerRun, to: root + "/transcripts")
        let path = root + "/memory/agent.sqlite"
        let database = try AgentDatabase(path: path)
        func pages() throws -> Int {
            try database.pool.read {
                try Int.fetchOne($0, sql: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size") ?? 0
            }
        }
        let empty = try pages()
        let memory = LongTermMemory(database: database, embedder: nil, clock: Fixed()) { _ in }
        let readStart = Measure.now()
        let read = MemoryRebuild.events(in: root + "/transcripts")
        let readTime = Measure.now() - readStart
        let applyStart = Measure.now()
        _ = try await memory.rebuild(from: read.events)
        let applyTime = Measure.now() - applyStart
        try await database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE); VACUUM") }
        let grown = try pages() - empty
        let stats = try memory.stats()
        print(
            "rebuild: \(written.events) events of \(runs) runs (\(written.steps) steps), read \(String(format: "%.2f", readTime)) s, applied \(String(format: "%.2f", applyTime)) s: \(Int(Double(written.events) / (readTime + applyTime))) events/s overall, \(Int(Double(written.events) / applyTime)) events/s applying"
        )
        print(
            "rebuild: \(stats.memories.values.reduce(0, +)) memories, \(stats.nodes.values.reduce(0, +)) nodes, \(stats.edges.values.reduce(0, +)) edges; database grows \(grown * 1000 / written.steps / 1024) KiB per 1,000 steps"
        )
        try? FileManager.default.removeItem(atPath: root)
    }
}
