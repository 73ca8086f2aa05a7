import AgentCore
import ArgumentParser
import Foundation
import Tools
import Logging

extension ToolsCommand {
    /// `research-agent tools run`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one tool with JSON arguments and print its output.",
            discussion: #"""
                Example: research-agent tools run scratchpad '{"op":"write","key":"plan","value":"read the docs"}'
                         research-agent tools run run_code --allow-code '{"language":"python","code":"print(2**64)"}'
                         research-agent tools run time__get_current_time '{"timezone":"Europe/Paris"}'   (an MCP server's tool)
                """#)

        @Argument(help: "The tool's name (see `tools list`).")
        var name: String

        @Argument(help: "The arguments as a JSON object.")
        var arguments: String = "{}"

        @Flag(help: "Print the result as JSON (output, is_error, sources, tainted).")
        var json = false

        @OptionGroup var web: WebOptions

        @OptionGroup var code: CodeOptions

        @OptionGroup var mcp: MCPOptions

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let home = homeOptions.resolved
            let file = try Configuration.load(path: home.configFile)
            let fetch = try web.fetchSettings(file, home: home)
            let search = try web.searchTool(file, home: home, logger: logger, environment: ProcessInfo.processInfo.environment)
            let codeSettings = code.settings(
                file, runID: "cli-" + UUID().uuidString.lowercased(), environment: ProcessInfo.processInfo.environment,
                interactive: CodeOptions.interactive)
            defer { CodeOptions.finish(codeSettings) }
            var registry: ToolRegistry
            do {
                registry = try BuiltinTools.registry(
                    home: home.path, documents: DocsSetup.lazySearch(home: home, logger: logger), fetch: fetch, search: search,
                    code: codeSettings,
                    memory: MemorySetup.lazy(home: home, logger: logger))
            } catch { throw CLIError.usage(error.message) }
            // Only the server the tool belongs to is started.
            let servers = try mcp.servers(file, environment: ProcessInfo.processInfo.environment).filter {
                name.hasPrefix(MCPToolName.prefix(server: $0.settings.name))
            }
            _ = await registry.addMCPTools(of: servers, approval: TerminalApproval.perServer())
            let value: JSONValue
            do { value = try registry.validate(name: name, arguments: arguments) } catch { throw CLIError.usage(error.message) }
            let manifest = registry.manifest(named: name)
            let context = ToolContext(runID: "cli", step: 0, sources: SourceCatalog(), limits: manifest?.limits ?? ToolLimits())
            let output = await registry.execute(name: name, arguments: value, callID: "cli", context: context)
            if json {
                let sources: [JSONValue] = output.sources.map {
                    [
                        "n": .int($0.number), "kind": .string($0.source.kind.rawValue), "ref": .string($0.source.ref),
                        "title": .optional($0.source.title),
                    ]
                }
                print(
                    JSONValue.object([
                        "output": .string(output.text), "is_error": .bool(output.isError), "tainted": .bool(output.tainted),
                        "sources": .array(sources),
                    ]).prettyText)
            } else {
                print(output.text)
            }
            if output.isError { throw ExitCode(1) }
        }
    }
}
