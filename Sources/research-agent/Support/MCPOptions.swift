import ArgumentParser
import Foundation
import Tools

/// `--mcp-config` and `--no-mcp`: which MCP servers a run starts, beside config.toml's.
struct MCPOptions: ParsableArguments {
    @Option(
        name: .customLong("mcp-config"),
        help: ArgumentHelp(
            "Also use the MCP servers of this JSON file, in the format other clients use: {\"mcpServers\": {\"NAME\": {\"command\": …, \"args\": […], \"env\": {…}}}}.",
            valueName: "FILE"))
    var configFile: String?

    @Flag(
        name: .customLong("no-mcp"),
        help: "Start no MCP server: offer none of their tools in this run (for runs; mcp list and mcp call refuse it).")
    var noMCP = false

    /// The servers to use: config.toml's `[mcp.servers.NAME]` and the `--mcp-config` file's,
    /// none with `--no-mcp`. They are made, not started; a name used twice, or a command that
    /// is not there, is an error naming the file, the server and the key.
    func servers(_ file: Configuration, environment: [String: String]) throws(CLIError) -> [MCPServer] {
        guard !noMCP else { return [] }
        var settings = file.mcpServers
        for server in settings { try Self.check(server, in: file.path ?? "config.toml", environment: environment) }
        if let configFile {
            var skipped: [String] = []
            for server in try MCPConfiguration.servers(jsonFile: configFile, skipped: &skipped) {
                guard !settings.contains(where: { $0.name == server.name }) else {
                    throw .usage(
                        "--mcp-config \(configFile): server '\(server.name)' is also in config.toml; give one of them another name")
                }
                try Self.check(server, in: configFile, environment: environment)
                settings.append(server)
            }
            for line in skipped { StandardError.line("research-agent: note: \(line)") }
        }
        return settings.map {
            MCPServerPool.server(for: $0, environment: environment, clientVersion: programVersion)
        }
    }

    /// Refuses `--no-mcp` where the command is about the servers themselves: it shares
    /// this option group with runs, where the flag has a meaning.
    func refuseNoMCP(in command: String) throws {
        if noMCP { throw ValidationError("--no-mcp starts no server, and \(command) works on the servers; leave it out") }
    }

    private static func check(_ server: MCPServerSettings, in file: String, environment: [String: String]) throws(CLIError) {
        do { _ = try server.resolvedCommand(inheriting: environment) } catch {
            throw .usage("\(file): mcp server '\(server.name)': \(error.message)")
        }
    }
}
