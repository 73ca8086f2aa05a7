import ArgumentParser
import Memory
import Logging

/// `memory list`: the newest memories.
struct MemoryList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List memories, newest first, with their ids, kinds, dates and sources.")

    @Option(parsing: .unconditional, help: "How many memories to list.")
    var limit = 50

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    }

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let (memory, _) = try MemorySetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false, logger: logger)
        let found: [StoredMemory]
        do { found = try memory.list(limit: limit) } catch { throw CLIError.failure(error.message) }
        if found.isEmpty { print("no memories yet: runs save their answers and findings, and the remember tool saves facts") }
        for m in found { print(MemoryText.block(m, style: Style.detect())) }
    }
}
