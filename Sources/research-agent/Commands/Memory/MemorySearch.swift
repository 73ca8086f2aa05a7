import ArgumentParser
import Foundation
import Memory
import Logging

/// `memory search QUERY`: the memories recall would find, with their text.
struct MemorySearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Print the memories most related to a query (as recall ranks them: similarity, recency, importance).")

    @Argument(help: "What to look for.")
    var query: String

    @Option(name: .short, parsing: .unconditional, help: "How many memories, 1 to 100.")
    var k = 5

    @OptionGroup var embedderOptions: EmbedderOptions
    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        try SearchArguments.validate(query: query, k: k)
    }

    func run() async throws {
        let logger = Logger(label: "research-agent")
        let (memory, docs) = try MemorySetup.open(home: homeOptions.resolved, embedderOptions: embedderOptions, logger: logger)
        defer { docs.close() }
        let found: [StoredMemory]
        do { found = try await memory.search(query, limit: k) } catch { throw CLIError.failure(error.message) }
        if found.isEmpty { print("no memory matches \"\(query)\"") }
        for m in found { print(MemoryText.block(m, style: Style.detect())) }
    }
}

/// How the memory commands print a memory.
enum MemoryText {
    /// Id, kind, date, score and sources on one line, then the text, indented.
    static func block(_ m: StoredMemory, style: Style) -> String {
        var head = "\(style.cyan(m.id))  \(m.kind)  \(m.createdAt.dateString)"
        if let score = m.score { head += String(format: "  %.4f", score) }
        var lines = [head]
        lines += m.text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        for s in m.sources { lines.append(style.dim("    source: \(s.ref)")) }
        return lines.joined(separator: "\n")
    }
}
