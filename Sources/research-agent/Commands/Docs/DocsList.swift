import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the indexed documents with their ids and chunk counts.")

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: nil, embedding: false, logger: logger)
            let documents: [StoredDocument]
            do { documents = try setup.index.documents() } catch { throw CLIError.failure(error.message) }
            if documents.isEmpty { print("no documents; add some with: research-agent docs add PATH") }
            for d in documents {
                print(
                    "\(String(d.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(d.chunkCount).padding(toLength: 5, withPad: " ", startingAt: 0)) \(d.uri)"
                )
            }
        }
    }
}
