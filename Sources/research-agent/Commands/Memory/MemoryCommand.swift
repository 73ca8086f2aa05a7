import ArgumentParser

/// `research-agent memory`: long-term memories and the episodic graph.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Search, list, forget and rebuild long-term memories; explore the episodic graph.",
        discussion:
            "Memories and the graph live in <home>/memory/agent.sqlite and are derived from the transcripts in <home>/transcripts/: `memory rebuild` recreates them from those alone.",
        subcommands: [
            MemorySearch.self, MemoryList.self, MemoryGraph.self, MemoryForget.self, MemoryRebuildCommand.self, MemoryStatsCommand.self,
        ])
}
