import AgentCore
import Foundation

/// What a server said about itself when it started.
public struct MCPServerInfo: Sendable, Hashable {
    /// Its name (serverInfo.name).
    public var name: String
    /// Its version (serverInfo.version).
    public var version: String
    /// The protocol version both sides agreed on.
    public var protocolVersion: String
}

/// One tool as the server lists it.
public struct MCPRemoteTool: Sendable, Hashable {
    /// The server's name for it.
    public var name: String
    /// What it does.
    public var description: String
    /// The JSON Schema of its arguments.
    public var inputSchema: JSONValue
}

/// One configured server and its connection: started when first needed, restarted once if
/// it dies, stopped when research-agent exits.
///
/// The client is our own over the published specification rather than the official Swift
/// SDK (modelcontextprotocol/swift-sdk 0.12.1). The SDK resolves and builds here (about 15 s
/// more per cold debug build, six more packages, swift-nio and its C modules among them),
/// but what it would give is JSON-RPC framing; what this needs most it leaves to the caller
/// (a child process tied to our life, its stderr, a restart), its messages are decoded with
/// Foundation's JSONDecoder up to four times each, a server whose stdout closes leaves its
/// waiting requests unanswered, and every schema and result would be converted from its
/// Value type to ours. Line-delimited JSON-RPC over a pipe is a few hundred lines.
public actor MCPServer {
    /// How the server was configured.
    public nonisolated let settings: MCPServerSettings
    private let parentEnvironment: [String: String]
    private let clientVersion: String

    private struct Connection {
        var process: ServerProcess
        var channel: RPCChannel
        var info: MCPServerInfo
        var offersTools: Bool
    }

    private var connection: Connection?
    private var starting: Task<Connection, any Error>?
    private var restartsLeft = 1
    /// Why the server is off for good (it failed to start, or died after its restart).
    private var failure: String?
    private var listed: [MCPRemoteTool]?
    /// The names allow_tools and deny_tools give that the server's last tools/list did not
    /// have: a typo there would otherwise hide every tool, or none, without a word.
    public private(set) var unlistedFilterNames: [String] = []

    /// The protocol versions this client speaks, newest first; it asks for the first.
    public static let protocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    /// A server that inherits from `environment` (see `MCPServerSettings.environment`).
    public init(settings: MCPServerSettings, environment: [String: String], clientVersion: String) {
        self.settings = settings
        self.parentEnvironment = environment
        self.clientVersion = clientVersion
    }

    /// The server's state in a few words: not started, running (name and version), or why it is off.
    public var state: String {
        if let failure { return "off: " + failure }
        guard let connection else { return "not started" }
        if let ended = connection.process.ended { return "stopped: it \(ended)" }
        return "running: \(connection.info.name) \(connection.info.version), protocol \(connection.info.protocolVersion)"
    }

    /// Starts the server if needed and returns what it is and the tools it offers, after
    /// allow_tools and deny_tools.
    public func tools() async throws(MCPError) -> (MCPServerInfo, [MCPRemoteTool]) {
        let c = try await connected()
        if let listed, !c.channel.takeToolsChanged() { return (c.info, listed) }
        guard c.offersTools else {
            listed = []
            return (c.info, [])
        }
        var all: [MCPRemoteTool] = []
        var cursor: String?
        var pages = 0
        repeat {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let page: JSONValue
            do { page = try await c.channel.request("tools/list", params: params, timeout: settings.timeoutSeconds) } catch {
                throw problem(error, during: "tools/list", tail: c.channel.tail)
            }
            for item in page["tools"]?.arrayValue ?? [] {
                guard let name = item["name"]?.stringValue, !name.isEmpty else { continue }
                // A schema must be an object; a server that sends none (or null) takes any object.
                let schema = item["inputSchema"].flatMap { $0.objectValue == nil ? nil : $0 } ?? ["type": "object"]
                all.append(MCPRemoteTool(name: name, description: item["description"]?.stringValue ?? "", inputSchema: schema))
            }
            cursor = page["nextCursor"]?.stringValue
            pages += 1
        } while cursor != nil && pages < 1000
        let offered = all.filter { settings.offers($0.name) }
        let names = Set(all.map(\.name))
        unlistedFilterNames = ((settings.allowTools ?? []) + settings.denyTools).filter { !names.contains($0) }
        listed = offered
        return (c.info, offered)
    }

    /// Calls `tool` and returns the server's result object. Throws `MCPError` with a
    /// sentence for the model, or `CancellationError` when the caller gave up.
    public func call(_ tool: String, arguments: JSONValue, timeout: Double) async throws -> (MCPServerInfo, JSONValue) {
        let c = try await connected()
        do {
            let result = try await c.channel.request(
                "tools/call", params: ["name": .string(tool), "arguments": arguments], timeout: timeout)
            return (c.info, result)
        } catch RPCChannel.Failure.cancelled {
            throw CancellationError()
        } catch RPCChannel.Failure.ended(let how) {
            let next =
                lost(how, pid: c.process.pid)
                ? "it will be restarted for the next call" : "it was restarted once already, so its tools are off from now on"
            throw MCPError("mcp server '\(settings.name)' \(how) during the call; \(next)\(Self.lines(c.channel.tail))")
        } catch {
            throw problem(error, during: "tools/call \(tool)", tail: c.channel.tail)
        }
    }

    /// Stops the server if it runs: stdin closed, then signals, each after a short wait,
    /// which happens on a thread of its own, never on one of the tasks' few threads.
    public func stop() async {
        guard let process = connection?.process else { return }
        connection = nil
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                process.stop()
                done.resume()
            }.start()
        }
    }

    /// The live connection: started now, or restarted once if the server died.
    private func connected() async throws(MCPError) -> Connection {
        if let failure { throw MCPError("mcp server '\(settings.name)' is off: \(failure)") }
        if let c = connection {
            guard let how = c.process.ended else { return c }
            guard lost(how, pid: c.process.pid) else {
                throw MCPError("mcp server '\(settings.name)' \(how) again after a restart; its tools are off from now on")
            }
        }
        let task: Task<Connection, any Error>
        if let starting {
            task = starting
        } else {
            let (settings, environment, version) = (self.settings, parentEnvironment, clientVersion)
            task = Task { try await Self.launch(settings, environment: environment, clientVersion: version) }
            starting = task
        }
        do {
            let c = try await task.value
            starting = nil
            connection = c
            listed = nil
            return c
        } catch {
            starting = nil
            let message = (error as? MCPError)?.message ?? "\(error)"
            failure = message
            throw MCPError("mcp server '\(settings.name)' " + message)
        }
    }

    /// Forgets the connection to process `pid`, which ended (`how`); true when one restart is
    /// left for the next call, false when the server is now off for good. A call that learns
    /// of the end after another did (or after the restart) changes nothing.
    private func lost(_ how: String, pid: pid_t) -> Bool {
        guard let process = connection?.process, process.pid == pid else { return failure == nil }
        connection = nil
        // It may still run (it closed its output, or stopped reading): stop it, off the tasks' threads.
        Thread { process.stop(grace: 0.2) }.start()
        guard restartsLeft > 0 else {
            failure = "it \(how) after a restart"
            return false
        }
        restartsLeft -= 1
        return true
    }

    /// Starts the process and does the initialize handshake.
    private static func launch(_ settings: MCPServerSettings, environment: [String: String], clientVersion: String) async throws
        -> Connection
    {
        let path = try settings.resolvedCommand(inheriting: environment)
        let tail = StderrTail()
        let channel = RPCChannel(tail: tail)
        let process = try await ServerProcess.start(
            path: path, arguments: settings.arguments, environment: settings.environment(inheriting: environment),
            directory: settings.directory, tail: tail, idle: { channel.expire() }, onLine: { channel.receive(line: $0) },
            onEnd: { channel.end($0) })
        channel.attach(send: { process.send($0) }, wake: { process.wakeReader() })
        do {
            let params: JSONValue = [
                "protocolVersion": .string(protocolVersions[0]), "capabilities": [:],
                "clientInfo": ["name": "research-agent", "version": .string(clientVersion)],
            ]
            let result = try await channel.request("initialize", params: params, timeout: settings.timeoutSeconds, cancellable: false)
            guard let version = result["protocolVersion"]?.stringValue else {
                throw MCPError("answered initialize without a protocolVersion")
            }
            guard protocolVersions.contains(version) else {
                throw MCPError("speaks protocol \(version); research-agent speaks \(protocolVersions.joined(separator: ", "))")
            }
            channel.notify("notifications/initialized")
            let info = MCPServerInfo(
                name: result["serverInfo"]?["name"]?.stringValue ?? settings.name,
                version: result["serverInfo"]?["version"]?.stringValue ?? "unknown", protocolVersion: version)
            return Connection(process: process, channel: channel, info: info, offersTools: result["capabilities"]?["tools"] != nil)
        } catch {
            // Stopping waits for the process; keep that off the tasks' threads.
            Thread { process.stop(grace: 0.2) }.start()
            if let error = error as? MCPError { throw MCPError(error.message + lines(tail)) }
            throw problem(error, during: "initialize", tail: tail, name: nil)
        }
    }

    private func problem(_ error: any Error, during step: String, tail: StderrTail) -> MCPError {
        Self.problem(error, during: step, tail: tail, name: settings.name)
    }

    /// One sentence for a failed request, naming the server (when `name` is given) and the
    /// step, with the last lines of its stderr.
    private static func problem(_ error: any Error, during step: String, tail: StderrTail, name: String?) -> MCPError {
        let what: String =
            switch error {
            case RPCChannel.Failure.timedOut(let s): "did not answer \(step) within \(JSONValue.format(number: s)) s"
            case RPCChannel.Failure.ended(let how): "\(how) before answering \(step)"
            case RPCChannel.Failure.remote(let code, let message): "refused \(step): \(message) (error \(code))"
            case RPCChannel.Failure.cancelled: "was left during \(step) (cancelled)"
            default: "failed at \(step): \(error)"
            }
        return MCPError((name.map { "mcp server '\($0)' " } ?? "") + what + lines(tail))
    }

    /// The tail's last lines, as an indented block after a colon; empty when there are none.
    static func lines(_ tail: StderrTail) -> String {
        tail.last().map { "; its last output:\n" + $0 } ?? ""
    }
}
