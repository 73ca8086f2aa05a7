import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs stats`.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show how many documents, chunks and embeddings the index holds.")

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false, logger: logger)
            let stats: IndexStats
            do { stats = try setup.index.stats() } catch { throw CLIError.failure(error.message) }
            print("database    \(setup.index.database.path)")
            print("documents   \(stats.documents)")
            print("chunks      \(stats.chunks) (\(String(format: "%.1f", Double(stats.textBytes) / 1e6)) MB of text)")
            if stats.embedded.isEmpty { print("embeddings  none (search uses BM25 alone)") }
            for (model, n) in stats.embedded.sorted(by: { $0.key < $1.key }) { print("embeddings  \(n) from \(model)") }
        }
    }
}
