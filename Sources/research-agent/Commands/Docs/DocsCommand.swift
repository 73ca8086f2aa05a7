import AgentCore
import ArgumentParser
import Foundation
import Retrieval

/// `research-agent docs`: the user's documents, indexed for `search_docs`.
struct Docs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Index your documents and search them.",
        discussion:
            "Documents live in <home>/memory/agent.sqlite. Markdown, text, HTML, PDF (pdftotext) and source code are read; .gitignore, .ignore and .research-agent-ignore files are honoured.",
        subcommands: [Add.self, Sync.self, Search.self, List.self, Remove.self, Stats.self])
}

extension Docs {
    /// A corpus of the user's own is named web:NAME; "web:wikipedia" is the installed one.
    static func validateCollection(_ collection: String?) throws {
        guard let collection else { return }
        let name = collection.dropFirst(4)
        guard collection.hasPrefix("web:"), !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ValidationError("--collection must be web:NAME (letters, digits, - and _), e.g. web:papers, not '\(collection)'")
        }
        guard collection != WikipediaSummaries.collection else {
            throw ValidationError("--collection web:wikipedia is the offline corpus in the cache; pick another name, e.g. web:mywiki")
        }
    }
}
