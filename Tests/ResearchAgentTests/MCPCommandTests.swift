import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// MCP servers through the command line: configuration, an investigation that calls a
/// server's tool, replay with the server gone, and no server left behind.
@Suite(.serialized) struct MCPCommandTests {
    /// A home whose config.toml runs the test server under `name` (the server gets `state`).
    func home(_ mode: FakeMCPServer.Mode = .normal, name: String = "fake", state: String? = nil, extra: String = "") throws -> String {
        let home = freshHome()
        let args = FakeMCPServer.arguments(mode, state: state).map { "\"\($0)\"" }.joined(separator: ", ")
        try "[mcp.servers.\(name)]\ncommand = \"\(FakeMCPServer.command)\"\nargs = [\(args)]\ntimeout_s = 5\n\(extra)".write(
            toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        return home
    }

    func temporaryDirectory() throws -> String {
        let dir = TestDirectory.path("mcp-cli")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Whether process `pid` still exists (a zombie counts as gone).
    func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    @Test func anInvestigationCallsAServerToolAndReplaysWithTheServerGone() async throws {
        let server = try FakeOpenAIServer(script: [
            .toolCalls([ScriptedToolCall(id: "call_1", name: "fake__add", arguments: #"{"a":2,"b":40}"#)], text: "Let me add."),
            .text("The sum is 42 [1]."),
        ])
        let state = try temporaryDirectory()
        let home = try home(state: state)
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "fake-model"]
        let result = try await runAgent(["investigate", "What is 2 + 40?", "--no-web", "--home", home], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("→ fake__add {\"a\":2,\"b\":40}"))
        #expect(result.stdout.contains("The sum is 42 [1]."))
        // The request offered the server's tool with its schema.
        let tools = (try? JSONValue.parse(server.requests[0].bodyString()))?["tools"]?.arrayValue ?? []
        let offered = tools.first { $0["function"]?["name"]?.stringValue == "fake__add" }
        #expect(offered?["function"]?["description"]?.stringValue == "Adds two numbers.")
        // The result reached the model as data, numbered.
        #expect(server.requests[1].bodyString().contains("[1] fake__add"))
        // No server outlives the run.
        let pid = try #require(pid_t(try String(contentsOfFile: state + "/pid", encoding: .utf8)))
        #expect(!alive(pid))

        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first { $0.hasSuffix(".jsonl") })
        let transcript = try TranscriptFile(path: home + "/transcripts/" + file)
        let digest = try #require(transcript.start?.tools.first { $0.name == "fake__add" })
        #expect(digest.server == ToolServer(name: "fake", version: "fake-mcp 1.2.3"))
        let results = transcript.events.compactMap { event -> ToolResultRecord? in
            if case .toolResult(let r) = event.payload { return r }
            return nil
        }
        #expect(results.first?.server == ToolServer(name: "fake", version: "fake-mcp 1.2.3"))
        #expect(results.first?.sources.first?.source.kind == .tool)

        // The server is gone from the configuration: replay never starts one.
        try "".write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: state + "/pid")
        let verify = try await runAgent(["replay", home + "/transcripts/" + file, "--verify", "--home", home])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("identical: all 2 requests match"))
        #expect(!FileManager.default.fileExists(atPath: state + "/pid"))
    }

    @Test func badConfigurationIsOneLineNamingServerAndKey() async throws {
        let typo = try home(extra: "timeout = 3\n")
        let unknown = try await runAgent(["tools", "list", "--home", typo])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown key 'mcp.servers.fake.timeout'"))

        let noCommand = freshHome()
        try "[mcp.servers.docs]\nargs = [\"x\"]\n".write(toFile: noCommand + "/config.toml", atomically: true, encoding: .utf8)
        let missing = try await runAgent(["tools", "list", "--home", noCommand])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("'mcp.servers.docs' has no command"))

        let notFound = freshHome()
        try "[mcp.servers.git]\ncommand = \"no-such-mcp-server\"\n".write(
            toFile: notFound + "/config.toml", atomically: true, encoding: .utf8)
        let absent = try await runAgent(["tools", "list", "--home", notFound])
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("mcp server 'git': command: 'no-such-mcp-server' is not found on PATH"))
        #expect(absent.stderr.split(separator: "\n").count == 1)
        // --no-mcp runs without them.
        let off = try await runAgent(["tools", "list", "--no-mcp", "--home", notFound])
        #expect(off.status == 0)
        // mcp list is about the servers: there the flag means nothing, and says so.
        let meaningless = try await runAgent(["mcp", "list", "--no-mcp", "--home", notFound])
        #expect(meaningless.status == 2)
        #expect(meaningless.stderr.contains("--no-mcp starts no server, and mcp list works on the servers; leave it out"))
    }

    @Test func anMCPServersJSONFileWorksUnchanged() async throws {
        let dir = try temporaryDirectory()
        let args = FakeMCPServer.arguments(.normal).map { "\"\($0)\"" }.joined(separator: ", ")
        try """
        {"mcpServers": {
          "fake": {"command": "\(FakeMCPServer.command)", "args": [\(args)], "env": {"X": "1"}, "autoApprove": [], "disabled": false},
          "remote": {"type": "http", "url": "https://example.com/mcp"}
        }}
        """.write(toFile: dir + "/servers.json", atomically: true, encoding: .utf8)
        let result = try await runAgent([
            "tools", "run", "fake__echo", #"{"text":"hi"}"#, "--mcp-config", dir + "/servers.json", "--home", freshHome(),
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("echo: hi"))
        #expect(result.stderr.contains("mcp server 'remote'"))
        let listed = try await runAgent(["tools", "list", "--mcp-config", dir + "/servers.json", "--home", freshHome()])
        #expect(listed.stdout.contains("fake__echo   enabled   (MCP server fake, fake-mcp 1.2.3) Repeats the text it is given."))
    }

    @Test func aKilledResearchAgentLeavesNoServer() async throws {
        let state = try temporaryDirectory()
        let home = try home(state: state)
        let pidFile = state + "/pid"
        let result = try await runAgent(
            ["tools", "run", "fake__slow", #"{"seconds":30}"#, "--home", home],
            interruptWhen: { FileManager.default.fileExists(atPath: pidFile) }, signal: SIGKILL)
        #expect(result.status != 0)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8)))
        let deadline = Date().addingTimeInterval(5)
        while alive(pid) && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!alive(pid))
    }
}

extension MCPCommandTests {
    @Test func mcpListShowsEachServerItsStateAndItsTools() async throws {
        let home = try home()
        let args = FakeMCPServer.arguments(.silent).map { "\"\($0)\"" }.joined(separator: ", ")
        let quiet = "[mcp.servers.quiet]\ncommand = \"\(FakeMCPServer.command)\"\nargs = [\(args)]\ntimeout_s = 1\n"
        let config = try String(contentsOfFile: home + "/config.toml", encoding: .utf8)
        try (config + quiet).write(toFile: home + "/config.toml", atomically: true, encoding: .utf8)
        let result = try await runAgent(["mcp", "list", "--home", home])
        #expect(result.status == 1)
        #expect(result.stdout.contains("running: fake-mcp 1.2.3, protocol 2025-11-25\n  fake__echo  Repeats the text it is given."))
        #expect(result.stdout.contains("off: did not answer initialize within 1 s"))
        #expect(result.stdout.contains("fake-mcp-server: not answering initialize"))
        let call = try await runAgent(["mcp", "call", "fake", "add", #"{"a":1,"b":2}"#, "--home", home])
        #expect(call.status == 0, "\(call.stderr)")
        #expect(call.stdout.contains("<<<\n3\n"))
        let unknown = try await runAgent(["mcp", "call", "fake", "nope", "--home", home])
        #expect(unknown.status == 2 && unknown.stderr.contains("no tool named 'fake__nope'"))
        let noServer = try await runAgent(["mcp", "call", "fak", "add", "--home", home])
        #expect(noServer.status == 2)
        #expect(noServer.stderr == "research-agent: no MCP server named 'fak' (configured: fake, quiet); see `research-agent mcp list`\n")
        let none = try await runAgent(["mcp", "list", "--home", freshHome()])
        #expect(none.status == 0 && none.stdout.hasPrefix("No MCP servers are configured"))
    }
}

extension MCPCommandTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script"))
    func approveAsksBeforeEachCallOnATerminalAndLeavesTheToolsOutWithout() async throws {
        let echo = ScriptedToolCall(id: "c1", name: "fake__echo", arguments: #"{"text":"hi"}"#)
        let server = try FakeOpenAIServer(script: [.toolCalls([echo]), .toolCalls([echo]), .text("Done.")])
        let home = try home(extra: "approve = true\n")
        let env = ["OPENAI_BASE_URL": server.baseURL, "OPENAI_MODEL": "fake-model"]
        let term = try TerminalSession(["investigate", "Echo twice?", "--home", home, "--no-web", "--no-memory"], environment: env)
        #expect(await term.wait(for: "The agent wants to call echo of the MCP server fake with:"), "\(term.screen)")
        #expect(await term.wait(for: "[a]lways for this run: "), "\(term.screen)")
        term.type("n")
        #expect(await term.wait(for: "[a]lways for this run: ", count: 2), "\(term.screen)")
        term.type("y")
        #expect(await term.wait(for: "Done."), "\(term.screen)")
        #expect(await term.exitStatus() == 0, "\(term.screen)")
        #expect(server.requests[1].bodyString().contains("the user declined this call of fake__echo"))
        #expect(server.requests[2].bodyString().contains("echo: hi"))

        // Without a terminal there is no one to ask: the server's tools are not offered.
        let quiet = try FakeOpenAIServer(script: [.text("No tools.")])
        let result = try await runAgent(
            ["investigate", "Echo?", "--home", home, "--no-web", "--no-memory"],
            environment: ["OPENAI_BASE_URL": quiet.baseURL, "OPENAI_MODEL": "fake-model"], stdin: "")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("mcp server 'fake' asks before each call (approve = true) and there is no terminal to ask on"))
        #expect(!quiet.requests[0].bodyString().contains("fake__echo"))
    }
}
