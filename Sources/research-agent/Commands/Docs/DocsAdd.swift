import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Index files and folders (unchanged files are skipped by hash).")

        @Argument(help: ArgumentHelp("Files and folders to index.", valueName: "path"))
        var paths: [String]

        @Option(
            help: ArgumentHelp(
                "Add them to a search corpus of your own, web:NAME, instead of your documents.",
                discussion: "web_search searches such corpora next to the offline Wikipedia corpus when no search provider is configured; "
                    + "search_docs and docs list do not show them. docs remove --collection web:NAME takes them out.",
                valueName: "web:name"))
        var collection: String?

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func validate() throws {
            if paths.isEmpty { throw ValidationError("name at least one file or folder to index") }
            try DocsSetup.checkExist(paths)
            try Docs.validateCollection(collection)
        }

        func run() async throws {
            let logger = Logger(label: "research-agent")
            try await ingest(
                paths, removeVanished: false, homeOptions: homeOptions, embedderOptions: embedderOptions, logger: logger,
                collection: collection ?? DocumentIndex.userDocuments)
        }
    }
}
