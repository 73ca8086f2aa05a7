import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs sync`.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Like add, and also remove documents whose files are gone from the folders named.")

        @Argument(
            help: ArgumentHelp(
                "Files and folders to sync (default: every file and folder named to docs add or sync before).", valueName: "path"))
        var paths: [String] = []

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            try await ingest(paths, removeVanished: true, homeOptions: homeOptions, embedderOptions: embedderOptions, logger: logger)
        }
    }
}
