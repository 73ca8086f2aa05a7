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
        let found: StoredMemory?
        do { found = try memory.resolve(id) } catch { throw CLIError.failure(error.message) }
        guard let found else { throw CLIError.failure("no memory with id '\(id)'; see research-agent memory list") }
        let event = Event(
            run: UUID().uuidString.lowercased(), seq: 0, ts: SystemClock().now(), payload: .memoryForget(MemoryForgetRecord(id: found.id)))
        // The record comes first: a forget the file does not hold would come back on rebuild.
        do {
            let writer = try TranscriptWriter(path: MemorySetup.operationsFile(home: home))
            defer { writer.close() }
            try writer.record(event)
        } catch {
            throw CLIError.failure("cannot record the forget in \(MemorySetup.operationsFile(home: home)): \(error)")
        }
        await memory.record([event])
        print("forgot \(found.id): \(found.text.split(separator: "\n").first ?? "")")
    }
}
