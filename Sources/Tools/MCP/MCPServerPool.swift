import AgentCore
import Synchronization

/// The servers of this process, one per configuration: a session's questions and a batch's
/// tasks share a started server instead of starting their own.
public enum MCPServerPool {
    private static let servers = Mutex<[MCPServerSettings: MCPServer]>([:])

    /// The server for `settings`, made (not started) on first use.
    public static func server(for settings: MCPServerSettings, environment: [String: String], clientVersion: String) -> MCPServer {
        servers.withLock { pool in
            if let server = pool[settings] { return server }
            let server = MCPServer(settings: settings, environment: environment, clientVersion: clientVersion)
            pool[settings] = server
            return server
        }
    }

    /// Starts `servers` side by side, lists their tools and makes each a tool named
    /// `SERVER__TOOL`; register each with its own limits as caps. A server that cannot start
    /// gives no tools; the returned notices say why, one line per server.
    /// - Parameters:
    ///   - taken: names already in use (the built-in tools); a clash leaves the MCP tool out.
    ///   - approval: makes the approval that asks before each call of a server whose settings
    ///     say `approve`, one per server (its "always" is for that server alone); without it
    ///     such a server's tools are not offered.
    public static func tools(
        of servers: [MCPServer], taken: Set<String>, approval: (@Sendable (_ server: String) -> any CodeApproval)?
    ) async -> (tools: [any Tool], notices: [String]) {
        let listed = await withTaskGroup(of: (Int, Result<(MCPServerInfo, [MCPRemoteTool]), MCPError>).self) { group in
            for (i, server) in servers.enumerated() {
                group.addTask {
                    do throws(MCPError) { return (i, .success(try await server.tools())) } catch { return (i, .failure(error)) }
                }
            }
            var all: [(Int, Result<(MCPServerInfo, [MCPRemoteTool]), MCPError>)] = []
            for await item in group { all.append(item) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var notices: [String] = []
        var made: [any Tool] = []
        var taken = taken
        for (server, outcome) in zip(servers, listed) {
            let settings = server.settings
            switch outcome {
            case .failure(let error):
                notices.append(error.message + "; its tools are not offered")
            case .success(let (info, tools)):
                for name in await server.unlistedFilterNames {
                    notices.append(
                        "mcp server '\(settings.name)' has no tool named '\(name)', which allow_tools or deny_tools names; research-agent mcp list shows its tools"
                    )
                }
                let asking = settings.approve ? approval?(settings.name) : nil
                if settings.approve && asking == nil {
                    notices.append(
                        "mcp server '\(settings.name)' asks before each call (approve = true) and there is no terminal to ask on; its tools are not offered"
                    )
                    continue
                }
                for tool in tools {
                    let name = MCPToolName.make(server: settings.name, tool: tool.name)
                    guard taken.insert(name).inserted else {
                        notices.append(
                            "mcp server '\(settings.name)': its tool \(tool.name) is named \(name) like another tool; not offered")
                        continue
                    }
                    // A second past the client's own deadline, whose message names the server; with
                    // approve, the limit also covers the person reading the question.
                    let limits = ToolLimits(
                        timeoutSeconds: settings.timeoutSeconds + 1 + (asking == nil ? 0 : MCPTool.approvalSeconds),
                        maxOutputBytes: settings.maxOutputChars * 4 + 4096)
                    let manifest = ToolManifest(
                        schema: ToolSchema(name: name, description: tool.description, parameters: tool.inputSchema), limits: limits,
                        server: ToolServer(name: settings.name, version: "\(info.name) \(info.version)"))
                    made.append(
                        MCPTool(server: server, remoteName: tool.name, manifest: manifest, approval: asking))
                }
            }
        }
        return (made, notices)
    }
}
