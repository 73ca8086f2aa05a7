import ArgumentParser
import Foundation
import Memory
import Retrieval
import Logging

/// `memory rebuild`: memories and the graph recreated from transcripts alone.
struct MemoryRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Recreate memories, their vectors and the episodic graph from <home>/transcripts/ (and memory-ops.jsonl) alone.",
        discussion:
            "Documents, chunks and the http cache are left alone. A database file that cannot be read is first moved aside to agent.sqlite.corrupt; documents then need `docs add` again."
    )

    @OptionGroup var embedderOptions: EmbedderOptions
    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let home = homeOptions.resolved
        try home.prepare()
        let path = home.memory + "/agent.sqlite"
        do {
            if let moved = try UnreadableDatabase.setAside(path) {
                StandardError.line("memory: \(path) was unreadable and is now \(moved); re-add documents with docs add")
            }
        } catch {
            throw CLIError.failure(error.message)
        }
        let (memory, docs) = try MemorySetup.open(home: home, embedderOptions: embedderOptions, logger: logger)
        defer { docs.close() }
        // Read and replaced with no change in between: a forget made meanwhile waits, then applies.
        let read = try await memory.exclusively {
            let read = MemoryRebuild.events(in: home.transcripts)
            do throws(MemoryError) { _ = try await memory.rebuild(from: read.events) } catch { throw CLIError.failure(error.message) }
            return read
        }
        for problem in read.skipped { StandardError.line("memory: skipped \(problem)") }
        let stats: MemoryStats
        do { stats = try memory.stats() } catch { throw CLIError.failure(error.message) }
        let total = { (counts: [String: Int]) in counts.values.reduce(0, +) }
        print(
            "rebuilt from \(read.files) files (\(read.events.count) events): \(total(stats.memories)) memories, \(total(stats.nodes)) nodes, \(total(stats.edges)) edges"
        )
    }
}
