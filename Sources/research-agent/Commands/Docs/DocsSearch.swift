import AgentCore
import ArgumentParser
import Foundation
import Retrieval
import Logging

extension Docs {
    /// `research-agent docs search`.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the indexed documents; prints path:lines, score and a snippet.")

        @Argument(help: "What to look for.")
        var query: String

        @Option(name: .short, parsing: .unconditional, help: "How many passages, 1 to 100.")
        var k = 5

        @Option(help: "How to rank (default: hybrid, or bm25 without an embedder).")
        var mode: SearchMode?

        @Flag(help: "Diversify the results (maximal marginal relevance).")
        var mmr = false

        @Flag(help: "Print passages as JSON: path, start_line, end_line, heading_path, score, text.")
        var json = false

        @OptionGroup var embedderOptions: EmbedderOptions
        @OptionGroup var homeOptions: HomeOptions

        func validate() throws {
            try SearchArguments.validate(query: query, k: k)
        }

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let setup = try DocsSetup.open(home: homeOptions.resolved, embedderOptions: embedderOptions, logger: logger)
            defer { setup.close() }
            let search = DocumentSearch(index: setup.index, embedder: setup.embedder)
            let result: DocumentSearch.Result
            do { result = try await search.search(query, k: k, mode: mode, diversify: mmr) } catch {
                throw CLIError.failure("\(error)")
            }
            if let notice = result.notice { StandardError.line("docs: \(notice)") }
            if json {
                for p in result.passages {
                    let line: JSONValue = [
                        "path": .string(p.uri), "start_line": .int(p.startLine), "end_line": .int(p.endLine),
                        "heading_path": .array(p.headingPath.map(JSONValue.string)), "score": .number(p.score), "text": .string(p.text),
                    ]
                    print(line.canonicalText)
                }
                return
            }
            let style = Style.detect()
            if result.passages.isEmpty { print("no passage matches (\(result.mode.rawValue))") }
            for (i, p) in result.passages.enumerated() {
                let heading = p.headingPath.isEmpty ? "" : style.dim("  " + p.headingPath.joined(separator: " > "))
                print("\(i + 1). \(style.cyan(p.location))  \(String(format: "%.4g", p.score))\(heading)")
                print("   \(Snippet.make(p.text, query: query))")
            }
        }
    }
}
