import AgentCore
import ArgumentParser
import Foundation
import Tools

/// `research-agent mcp`: the configured MCP servers.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "The MCP servers whose tools the agent uses.", subcommands: [List.self, Call.self])

    /// `research-agent mcp list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start each configured MCP server and show its state and its tools.",
            discussion: """
                Servers come from [mcp.servers.NAME] tables in config.toml (keys: command, args, env, cwd, allow_tools, \
                deny_tools, timeout_s, max_output_chars, approve) and from --mcp-config FILE. Exits 1 when a server \
                does not start.
                """)

        @OptionGroup var mcp: MCPOptions

        @OptionGroup var homeOptions: HomeOptions

        func validate() throws { try mcp.refuseNoMCP(in: "mcp list") }

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

    /// `research-agent mcp call`: `tools run SERVER__TOOL` by the server's own names.
    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Call one tool of one MCP server with JSON arguments and print its result, as the agent would see it.",
            discussion: #"Example: research-agent mcp call time get_current_time '{"timezone":"Europe/Paris"}'"#)

        @Argument(help: "The server's name, as configured.")
        var server: String

        @Argument(help: "The tool's name, as the server gives it (see `mcp list`).")
        var tool: String

        @Argument(help: "The arguments as a JSON object.")
        var arguments: String = "{}"

        @Flag(help: "Print the result as JSON (output, is_error, sources, tainted).")
        var json = false

        @OptionGroup var mcp: MCPOptions

        @OptionGroup var homeOptions: HomeOptions

        func validate() throws { try mcp.refuseNoMCP(in: "mcp call") }

        func run() async throws {
            let home = homeOptions.resolved
            let known = try mcp.servers(try Configuration.load(path: home.configFile), environment: ProcessInfo.processInfo.environment)
                .map(\.settings.name)
            guard known.contains(server) else {
                let names = known.isEmpty ? "none is configured" : "configured: " + known.joined(separator: ", ")
                throw CLIError.usage("no MCP server named '\(server)' (\(names)); see `research-agent mcp list`")
            }
            var forwarded = [MCPToolName.make(server: server, tool: tool), arguments, "--home", home.path]
            if let file = mcp.configFile { forwarded += ["--mcp-config", file] }
            if json { forwarded.append("--json") }
            let run = try ToolsCommand.Run.parse(forwarded)
            try await run.run()
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
