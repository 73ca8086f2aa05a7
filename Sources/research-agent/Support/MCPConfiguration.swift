import AgentCore
import Foundation
import Tools

/// MCP servers as configured: `[mcp.servers.NAME]` tables in config.toml, and the
/// `mcpServers` JSON other clients use (`--mcp-config FILE`), read by the same rules.
enum MCPConfiguration {
    /// The keys of one server.
    static let keys = ["command", "args", "env", "cwd", "allow_tools", "deny_tools", "timeout_s", "max_output_chars", "approve"]
    /// Keys other clients write into `mcpServers` entries; read past, so their files work unchanged.
    static let foreignKeys = [
        "type", "transport", "transportType", "url", "headers", "disabled", "autoApprove", "alwaysAllow", "timeout", "description",
    ]

    /// One server's settings from its table; errors name the file, the server and the key.
    static func server(_ name: String, _ value: JSONValue, path: String, reader: ConfigReader, foreign: Bool = false) throws(CLIError)
        -> MCPServerSettings
    {
        let table = try reader.table(value, path: path, allowed: keys + (foreign ? foreignKeys : []))
        guard !name.isEmpty else { throw .usage("\(reader.file): '\(path)': a server needs a name") }
        guard let command = try reader.string(table["command"], "\(path).command") else {
            throw .usage("\(reader.file): '\(path)' has no command (the program that runs the server)")
        }
        var settings = MCPServerSettings(name: name, command: command)
        settings.arguments = try strings(table["args"], "\(path).args", reader)
        if let env = table["env"] {
            guard let fields = env.objectValue else { throw .usage("\(reader.file): '\(path).env' must be a table of strings") }
            for (key, value) in fields {
                guard let text = value.stringValue else { throw .usage("\(reader.file): '\(path).env.\(key)' must be a string") }
                settings.environment[key] = text
            }
        }
        // Relative to where research-agent runs, made absolute here: the server runs its
        // command after changing into it.
        settings.directory = try reader.string(table["cwd"], "\(path).cwd").map {
            URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
        }
        if table["allow_tools"] != nil { settings.allowTools = try strings(table["allow_tools"], "\(path).allow_tools", reader) }
        settings.denyTools = try strings(table["deny_tools"], "\(path).deny_tools", reader)
        if let value = table["timeout_s"] {
            // Read as it is, so a negative number gets this range rather than "at least 0".
            guard let timeout = value.doubleValue, timeout > 0, timeout <= 86_400 else {
                throw .usage("\(reader.file): '\(path).timeout_s' must be above 0 and at most 86400 (a day)")
            }
            settings.timeoutSeconds = timeout
        }
        if let chars = try reader.positiveInt(table["max_output_chars"], "\(path).max_output_chars") { settings.maxOutputChars = chars }
        settings.approve = try reader.bool(table["approve"], "\(path).approve") ?? false
        return settings
    }

    /// The servers of an `mcpServers` JSON file. Entries that are off (`"disabled": true`) or
    /// that speak HTTP rather than stdio are left out, each with a note in `skipped`.
    static func servers(jsonFile path: String, skipped: inout [String]) throws(CLIError) -> [MCPServerSettings] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .usage("--mcp-config \(path): cannot read the file") }
        let json: JSONValue
        do { json = try JSONValue.parse(data) } catch { throw .usage("--mcp-config \(path): \(error.message)") }
        guard let servers = json["mcpServers"]?.objectValue else {
            throw .usage("--mcp-config \(path): no \"mcpServers\" object (the format is {\"mcpServers\": {\"NAME\": {\"command\": ...}}})")
        }
        let reader = ConfigReader(file: path)
        var out: [MCPServerSettings] = []
        for (name, entry) in servers.sorted(by: { $0.key < $1.key }) {
            if entry["disabled"]?.boolValue == true { continue }
            if entry["url"] != nil || ["http", "sse", "streamable-http", "streamableHttp"].contains(entry["type"]?.stringValue ?? "stdio") {
                skipped.append(
                    "mcp server '\(name)' in \(path) is reached over HTTP; research-agent starts stdio servers only, so it is skipped")
                continue
            }
            out.append(try server(name, entry, path: "mcpServers.\(name)", reader: reader, foreign: true))
        }
        return out
    }

    private static func strings(_ value: JSONValue?, _ key: String, _ reader: ConfigReader) throws(CLIError) -> [String] {
        guard let value else { return [] }
        guard let items = value.arrayValue else { throw .usage("\(reader.file): '\(key)' must be a list of strings") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else { throw .usage("\(reader.file): '\(key)[\(i)]' must be a string") }
            out.append(text)
        }
        return out
    }
}
