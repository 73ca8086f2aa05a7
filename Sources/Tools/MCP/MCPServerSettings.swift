import Foundation

/// One configured MCP server: `[mcp.servers.NAME]` in config.toml, or an entry of an
/// `mcpServers` JSON file.
public struct MCPServerSettings: Sendable, Hashable {
    /// The server's name, the first half of its tools' names.
    public var name: String
    /// The program, by path or by name on PATH.
    public var command: String
    /// Its arguments.
    public var arguments: [String] = []
    /// Variables added to the few it inherits (see `environment`).
    public var environment: [String: String] = [:]
    /// The directory it runs in (default: research-agent's).
    public var directory: String?
    /// Only these tools are offered (nil: all).
    public var allowTools: [String]?
    /// These tools are never offered.
    public var denyTools: [String] = []
    /// Seconds a start (initialize and the tool list) or one call may take.
    public var timeoutSeconds: Double = 30
    /// The most characters of one result the model sees.
    public var maxOutputChars: Int = 20_000
    /// Whether each call is shown to the user and asked about first, as run_code's are.
    public var approve = false

    /// A server run as `command arguments…`.
    public init(name: String, command: String, arguments: [String] = []) {
        self.name = name
        self.command = command
        self.arguments = arguments
    }

    /// The variables a server inherits from research-agent: enough to find programs and a
    /// home, and none of the API keys, which a server gets only when its `env` names them.
    public static let inheritedVariables = [
        "HOME", "LANG", "LC_ALL", "LC_CTYPE", "LOGNAME", "PATH", "SHELL", "TERM", "TMPDIR", "TZ", "USER",
    ]

    /// The environment the server runs with, given research-agent's own.
    public func environment(inheriting parent: [String: String]) -> [String: String] {
        var env = parent.filter { Self.inheritedVariables.contains($0.key) }
        env.merge(environment) { _, own in own }
        return env
    }

    /// The absolute path of `command`: as given when it names a path (relative to `directory`),
    /// otherwise the first executable of that name on the server's PATH. The error names the
    /// key, not the server: callers say which server.
    public func resolvedCommand(inheriting parent: [String: String]) throws(MCPError) -> String {
        let files = FileManager.default
        if command.contains("/") {
            let base = directory ?? files.currentDirectoryPath
            let path = command.hasPrefix("/") ? command : base + "/" + command
            guard files.isExecutableFile(atPath: path) else {
                throw MCPError("command: \(path) is not an executable file (give a full path, or a name on PATH)")
            }
            return path
        }
        let searchPath = environment(inheriting: parent)["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in searchPath.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(command)"
            var isDirectory: ObjCBool = false
            if files.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                files.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        throw MCPError("command: '\(command)' is not found on PATH; give its full path")
    }

    /// Whether `tool` may be offered, by allow_tools and deny_tools.
    public func offers(_ tool: String) -> Bool {
        !denyTools.contains(tool) && (allowTools?.contains(tool) ?? true)
    }
}
