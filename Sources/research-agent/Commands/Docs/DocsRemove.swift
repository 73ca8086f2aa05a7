import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs remove`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove documents from the index (by id, or by the path of a file or a folder added); the files are not touched.")

        @Argument(
            help: ArgumentHelp(
                "Document ids (see docs list), or paths of files or folders (a folder takes every document under it).",
                valueName: "id-or-path"))
        var documents: [String]

        @Option(help: ArgumentHelp("Remove them from your search corpus web:NAME instead of your documents.", valueName: "web:name"))
        var collection: String?

        @OptionGroup var homeOptions: HomeOptions

        /// The path as the index stores it: absolute, with symlinks resolved when it exists.
        static func indexedPath(_ given: String) -> String {
            let absolute = Home.absolute(given)
            return DocumentWalker.realPath(absolute) ?? URL(fileURLWithPath: absolute).standardizedFileURL.path
        }

        func validate() throws {
            if documents.isEmpty { throw ValidationError("name at least one document id or path") }
            // An empty name would mean the current folder, and so every document under it.
            if documents.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw ValidationError(
                    "an empty document id or path names nothing; to remove a folder's documents, name the folder (e.g. .)")
            }
            try Docs.validateCollection(collection)
        }

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let setup = try DocsSetup.open(
                home: homeOptions.resolved, embedderOptions: nil, embedding: false, collection: collection ?? DocumentIndex.userDocuments,
                logger: logger)
            var missing: [String] = []
            do {
                let all = try setup.index.documents()
                for given in documents {
                    let uri = Int64(given).flatMap { id in all.first { $0.id == id }?.uri } ?? Self.indexedPath(given)
                    let removal = try setup.index.remove(documentOrFolder: uri)
                    for document in removal.removed { print("removed \(document)") }
                    for root in removal.unsynced { print("stopped syncing \(root)") }
                    if removal.isEmpty { missing.append(given) }
                    for item in removal.returning {
                        StandardError.line(
                            "docs: \(item.document) is inside \(item.root), which docs sync walks; list it in \(item.root)/.research-agent-ignore to keep it out"
                        )
                    }
                }
            } catch { throw CLIError.failure(error.message) }
            if !missing.isEmpty { throw CLIError.failure("not in the index: \(missing.joined(separator: ", ")) (see docs list)") }
        }
    }
}
