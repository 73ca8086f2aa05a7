import AgentCore
import ArgumentParser
import Foundation
import Tools
import Logging

extension ToolsCommand {
    /// `research-agent tools list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every tool with its state and description.")

        @Flag(help: "Print the manifests as JSON.")
        var json = false

        @OptionGroup var mcp: MCPOptions

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let logger = Logger(label: "research-agent")
            let home = homeOptions.resolved
            // The state a run would see: config.toml's allow_code offers run_code, and a
            // config.toml with errors is refused here too.
            let file = try Configuration.load(path: home.configFile)
            let code = try CodeOptions.parse([]).settings(
                file, runID: "list", environment: ProcessInfo.processInfo.environment, interactive: false)
            var registry: ToolRegistry
            do {
                registry = try BuiltinTools.registry(
                    home: home.path, documents: DocsSetup.lazySearch(home: home, logger: logger), code: code,
                    memory: MemorySetup.lazy(home: home, logger: logger))
            } catch { throw CLIError.usage(error.message) }
            let servers = try mcp.servers(file, environment: ProcessInfo.processInfo.environment)
            _ = await registry.addMCPTools(of: servers, approval: nil)
            if json {
                print(JSONValue.array(registry.manifests.map(ManifestJSON.json)).prettyText)
                return
            }
            let width = max(12, registry.manifests.map(\.name.count).max() ?? 0)
            for m in registry.manifests {
                let state = m.enabled ? "enabled " : "disabled"
                // run_code is withheld until the user consents; say how, since no override can.
                let why = !m.enabled && m.name == RunCodeTool.name ? "(until allowed: --allow-code or allow_code = true) " : ""
                let from = m.server.map { "(MCP server \($0.name), \($0.version)) " } ?? ""
                print(
                    "\(m.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(state)  \(why)\(from)\(m.schema.description.oneLine(limit: 200))"
                )
            }
        }
    }
}
