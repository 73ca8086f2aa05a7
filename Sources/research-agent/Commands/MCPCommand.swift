import AgentCore
import ArgumentParser
import Foundation
import Tools

/// `research-agent mcp`: the configured MCP servers.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "The MCP servers whose tools the agent uses.", subcommands: [List.self])

    /// `research-agent mcp list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start each configured MCP server and show its state and its tools.",
            discussion: """
                Servers come from [mcp.servers.NAME] tables in config.toml (keys: command, args, env, cwd, allow_tools,
                deny_tools, timeout_s, max_output_chars, approve) and from --mcp-config FILE. Exits 1 when a server
                does not start.
                """)

        @OptionGroup var mcp: MCPOptions

        @OptionGroup var homeOptions: HomeOptions

        func run() async throws {
            let home = homeOptions.resolved
            let servers = try mcp.servers(try Configuration.load(path: home.configFile), environment: ProcessInfo.processInfo.environment)
            guard !servers.isEmpty else {
                print(
                    "No MCP servers are configured: add [mcp.servers.NAME] with a command to \(home.configFile), or pass --mcp-config FILE."
                )
                return
            }
            guard try await MCPCommand.report(servers, indent: "") else { throw ExitCode(1) }
        }
    }

    /// Starts `servers`, prints each one's state and tools, and says whether all started.
    static func report(_ servers: [MCPServer], indent: String) async throws -> Bool {
        let style = Style.detect()
        var healthy = true
        for server in servers {
            let settings = server.settings
            let started: (MCPServerInfo, [MCPRemoteTool])?
            do { started = try await server.tools() } catch {
                started = nil
                healthy = false
            }
            let command = ([settings.command] + settings.arguments).joined(separator: " ")
            print("\(indent)\(style.bold(settings.name))  \(command.oneLine(limit: 100))")
            let state = await server.state
            print("\(indent)  " + (started == nil ? style.red(state) : state))
            for tool in started?.1 ?? [] {
                let name = MCPToolName.make(server: settings.name, tool: tool.name)
                print("\(indent)  \(name)  \(tool.description.oneLine(limit: 100))")
            }
            await server.stop()
        }
        return healthy
    }
}
