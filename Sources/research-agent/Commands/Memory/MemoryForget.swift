import AgentCore
import ArgumentParser
import Foundation
import Memory
import Transcript
import Logging

/// `memory forget ID`: removes a memory and what only it supported, recorded in
/// transcripts/memory-ops.jsonl so a rebuild forgets it too.
struct MemoryForget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a memory (by id, or a unique prefix of one) and what only it supported.",
        discussion: "The forget is recorded in <home>/transcripts/memory-ops.jsonl, so `memory rebuild` honours it.")

    @Argument(help: "The memory's id (see memory list or memory search).")
    var id: String

    @OptionGroup var homeOptions: HomeOptions

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let home = homeOptions.resolved
        let (memory, _) = try MemorySetup.open(home: home, embedderOptions: nil, embedding: false, logger: logger)
        let found = try await MemorySetup.forget(id, memory: memory, home: home)
        print("forgot \(found.id): \(found.text.split(separator: "\n").first ?? "")")
    }
}
