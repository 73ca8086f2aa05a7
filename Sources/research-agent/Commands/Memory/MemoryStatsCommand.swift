import ArgumentParser
import Memory
import Logging

/// `memory stats`: row counts of memories, nodes and edges by kind.
struct MemoryStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Count memories, memory vectors, graph nodes and edges, by kind.")

    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let (memory, _) = try MemorySetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false, logger: logger)
        let stats: MemoryStats
        do { stats = try memory.stats() } catch { throw CLIError.failure(error.message) }
        for (title, counts) in [("memories", stats.memories), ("vectors", stats.embedded), ("nodes", stats.nodes), ("edges", stats.edges)] {
            print("\(title.padding(toLength: 10, withPad: " ", startingAt: 0)) \(counts.values.reduce(0, +))")
            for key in counts.keys.sorted() {
                print("  \(key.padding(toLength: 14, withPad: " ", startingAt: 0)) \(counts[key] ?? 0)")
            }
        }
    }
}
