import AgentCore
import Foundation

/// A tool of an MCP server, offered to the model as `SERVER__TOOL`.
struct MCPTool: Tool {
    let server: MCPServer
    /// The server's own name for the tool.
    let remoteName: String
    let manifest: ToolManifest
    /// Asks the user before each call (the server's `approve`); nil calls without asking.
    let approval: (any CodeApproval)?

    /// How long the user may take to answer the question before the call times out.
    static let approvalSeconds = 600.0

    func run(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let settings = server.settings
        if let approval,
            !(await approval.approve(
                question: "The agent wants to call \(remoteName) of the MCP server \(settings.name) with:", shown: arguments.prettyText))
        {
            return .error("the user declined this call of \(manifest.name); do without it")
        }
        let info: MCPServerInfo
        let result: JSONValue
        // The server's own timeout (the manifest's also covers the question when asked), or
        // less when the run's time budget cut it.
        let timeout = min(settings.timeoutSeconds, context.limits.timeoutSeconds)
        do {
            (info, result) = try await server.call(remoteName, arguments: arguments, timeout: timeout)
        } catch let error as MCPError {
            return .error(error.message)
        }
        var catalog = context.sources
        return MCPResult.output(
            result, tool: manifest.name, arguments: arguments,
            server: ToolServer(name: settings.name, version: "\(info.name) \(info.version)"),
            maxChars: settings.maxOutputChars, catalog: &catalog)
    }
}

/// How MCP tools are named for the model: `SERVER__TOOL`, within the 64 characters of
/// `^[a-zA-Z0-9_-]+$` that the providers accept.
public enum MCPToolName {
    /// The longest name a provider accepts.
    static let limit = 64

    /// `SERVER__TOOL` with other characters turned into `_`; when that changed the name or
    /// it is longer than the limit, it is cut and ends with `_` and eight hex digits of a
    /// hash of the full name, so the same tool always gets the same name.
    public static func make(server: String, tool: String) -> String {
        let full = "\(server)__\(tool)"
        let clean = cleaned(full)
        guard clean != full || clean.count > limit else { return clean }
        let hash = String(FNV1a.hash(full.utf8) & 0xFFFF_FFFF, radix: 16)
        let suffix = "_" + String(repeating: "0", count: 8 - hash.count) + hash
        return String(clean.prefix(limit - suffix.count)) + suffix
    }

    /// How every tool name of `server` begins: `SERVER__`, cleaned.
    public static func prefix(server: String) -> String { cleaned(server + "__") }

    private static func cleaned(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { allowed($0) ? $0 : "_" }))
    }

    private static func allowed(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-")
    }
}
