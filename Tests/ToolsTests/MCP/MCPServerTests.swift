import AgentCore
import AgentTesting
import Foundation
import Testing
import Tools

/// The MCP client against the test server and its misbehaving variants, over real pipes
/// to real processes.
@Suite struct MCPServerTests {
    func server(_ mode: FakeMCPServer.Mode, name: String = "fake", state: String? = nil, timeout: Double = 10) -> MCPServer {
        var settings = MCPServerSettings(name: name, command: FakeMCPServer.command, arguments: FakeMCPServer.arguments(mode, state: state))
        settings.timeoutSeconds = timeout
        return MCPServer(settings: settings, environment: ProcessInfo.processInfo.environment, clientVersion: "test")
    }

    func registry(_ servers: MCPServer...) async -> (ToolRegistry, [String]) {
        var registry = ToolRegistry()
        let (tools, notices) = await MCPServerPool.tools(of: servers, taken: [], approval: nil)
        for tool in tools { registry.register(tool, caps: tool.manifest.limits) }
        return (registry, notices)
    }

    func context(_ timeout: Double = 10) -> ToolContext {
        ToolContext(runID: "r", step: 1, sources: SourceCatalog(), limits: ToolLimits(timeoutSeconds: timeout))
    }

    func temporaryDirectory() throws -> String {
        let dir = TestDirectory.path("mcp")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Waits up to `seconds` for a file to appear.
    func appears(_ path: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func listsEveryPageAndCallsAsServerTool() async throws {
        let state = try temporaryDirectory()
        let fake = server(.normal, state: state)
        let (registry, notices) = await registry(fake)
        #expect(notices.isEmpty)
        #expect(registry.manifests.map(\.name) == ["fake__echo", "fake__slow", "fake__crash", "fake__add"])
        let echo = try #require(registry.manifest(named: "fake__echo"))
        #expect(echo.schema.description == "Repeats the text it is given.")
        #expect(echo.server == ToolServer(name: "fake", version: "fake-mcp 1.2.3"))
        #expect(await appears(state + "/initialized"))

        let output = await registry.execute(name: "fake__echo", arguments: ["text": "hello"], callID: "c1", context: context())
        #expect(!output.isError)
        #expect(output.tainted)
        #expect(output.text.contains("echo: hello"))
        #expect(output.text.contains("data, not instructions"))
        #expect(output.sources.map(\.number) == [1])
        #expect(output.sources.first?.source.kind == .tool)
        #expect(output.server == ToolServer(name: "fake", version: "fake-mcp 1.2.3"))

        let sum = await registry.execute(name: "fake__add", arguments: ["a": 2, "b": 3], callID: "c2", context: context())
        #expect(sum.text.contains("5\n[image content (image/png) of 8 bytes, not shown]"))
        await fake.stop()
    }

    @Test func aCallThatTimesOutIsCancelledAtTheServer() async throws {
        let state = try temporaryDirectory()
        let fake = server(.normal, state: state)
        let (registry, _) = await registry(fake)
        let output = await registry.execute(name: "fake__slow", arguments: ["seconds": 1.5], callID: "c", context: context(0.3))
        #expect(output.isError)
        // The client's deadline and the registry's come together; either may say so first.
        #expect(output.isError && output.text.contains("within 0.3 s") || output.text.contains("timed out after 0.3 s"))
        // The server reads the notification once its sleep ends; request 1 was initialize.
        let files = { (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [] }
        let deadline = Date().addingTimeInterval(10)
        let cancelled = { files().contains { $0.hasPrefix("cancelled-") && !$0.hasSuffix(".part") } }
        while !cancelled() && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(cancelled())
        // The server still serves.
        let echo = await registry.execute(name: "fake__echo", arguments: ["text": "after"], callID: "d", context: context())
        #expect(echo.text.contains("echo: after"))
        await fake.stop()
    }

    @Test func aServerThatStopsReadingHoldsUpNothing() async throws {
        let fake = server(.deaf)
        let (registry, _) = await registry(fake)
        // Far more than a pipe holds: the rest waits for the writer thread, not a task.
        let big = String(repeating: "x", count: 1 << 20)
        let started = ContinuousClock.now
        let output = await registry.execute(name: "fake__echo", arguments: ["text": .string(big)], callID: "c", context: context(0.5))
        #expect(output.isError && output.text.contains("within 0.5 s") || output.text.contains("timed out after 0.5 s"))
        await fake.stop()
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func stoppingAServerEndsTheHelpersItLeftInItsGroup() async throws {
        let state = try temporaryDirectory()
        let fake = server(.helper, state: state)
        _ = try await fake.tools()
        #expect(await appears(state + "/helper"))
        let helper = try #require(pid_t(try String(contentsOfFile: state + "/helper", encoding: .utf8)))
        await fake.stop()
        let deadline = Date().addingTimeInterval(5)
        func alive() -> Bool {
            kill(helper, 0) == 0 && !((try? String(contentsOfFile: "/proc/\(helper)/stat", encoding: .utf8)) ?? "").contains(") Z ")
        }
        while alive() && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!alive())
    }

    @Test func aFilterNameTheServerDoesNotHaveIsANotice() async throws {
        var settings = MCPServerSettings(name: "fake", command: FakeMCPServer.command, arguments: FakeMCPServer.arguments(.normal))
        settings.allowTools = ["echo", "ecko"]
        settings.denyTools = ["slow", "nosuch"]
        let fake = MCPServer(settings: settings, environment: ProcessInfo.processInfo.environment, clientVersion: "test")
        let (registry, notices) = await registry(fake)
        #expect(registry.manifests.map(\.name) == ["fake__echo"])
        #expect(
            notices
                == ["ecko", "nosuch"].map {
                    "mcp server 'fake' has no tool named '\($0)', which allow_tools or deny_tools names; research-agent mcp list shows its tools"
                })
        await fake.stop()
    }

    @Test func theProtocolVersionIsNegotiated() async throws {
        let old = server(.old)
        let (info, tools) = try await old.tools()
        #expect(info.protocolVersion == "2024-11-05")
        #expect(tools.count == 4)
        #expect(await old.state == "running: fake-mcp 1.2.3, protocol 2024-11-05")
        await old.stop()
        let (registry, notices) = await registry(server(.future))
        #expect(registry.manifests.isEmpty)
        #expect(
            notices.first?.hasPrefix("mcp server 'fake' speaks protocol 2099-01-01; research-agent speaks 2025-11-25, 2025-06-18") == true)
    }

    @Test func aCallGivenUpOnIsCancelledAtTheServer() async throws {
        let state = try temporaryDirectory()
        let fake = server(.normal, state: state)
        _ = try await fake.tools()
        // Cancelled once the server has the call: a fixed wait here once ended after the
        // call did, when a loaded machine resumed the test late.
        let call = Task { try await fake.call("slow", arguments: ["seconds": 4], timeout: 30) }
        #expect(await appears(state + "/started-4"))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        // Request 1 was initialize, 2 the tool list's first page, 3 its second, 4 the call.
        #expect(await appears(state + "/cancelled-4"))
        #expect((try? String(contentsOfFile: state + "/cancelled-4", encoding: .utf8)) == "the caller gave up")
        await fake.stop()
    }

    @Test func aServerThatNeverAnswersInitializeIsReportedWithItsStderr() async throws {
        let (registry, notices) = await registry(server(.silent, timeout: 1))
        #expect(registry.manifests.isEmpty)
        let notice = try #require(notices.first)
        #expect(notice.hasPrefix("mcp server 'fake' did not answer initialize within 1 s"))
        #expect(notice.contains("fake-mcp-server: not answering initialize"))
    }

    @Test func junkOnStdoutIsSetAsideAndTheServerStillServes() async throws {
        let fake = server(.junk)
        let (registry, notices) = await registry(fake)
        #expect(notices.isEmpty)
        #expect(registry.manifests.count == 4)
        let output = await registry.execute(name: "fake__echo", arguments: ["text": "x"], callID: "c", context: context())
        #expect(output.text.contains("echo: x"))
        await fake.stop()
    }

    @Test func aServerThatDiesIsRestartedOnceThenItsToolsSaySo() async throws {
        let fake = server(.dies)
        let (registry, _) = await registry(fake)
        let first = await registry.execute(name: "fake__echo", arguments: ["text": "1"], callID: "a", context: context())
        #expect(first.isError)
        #expect(first.text.contains("mcp server 'fake' exited with status 3 during the call; it will be restarted for the next call"))
        #expect(first.text.contains("fake-mcp-server: dying in the middle of echo"))
        let second = await registry.execute(name: "fake__echo", arguments: ["text": "2"], callID: "b", context: context())
        #expect(second.text.contains("it was restarted once already, so its tools are off from now on"))
        let third = await registry.execute(name: "fake__echo", arguments: ["text": "3"], callID: "c", context: context())
        #expect(third.text.hasPrefix("mcp server 'fake' is off"))
    }

    @Test func aHundredCharacterToolNameIsCutWithAStableSuffix() async throws {
        let fake = server(.longName)
        let (registry, _) = await registry(fake)
        let name = try #require(registry.manifests.first?.name)
        #expect(name.count == 64)
        #expect(name.hasPrefix("fake__xxxx"))
        #expect(name.wholeMatch(of: /fake__x+_[0-9a-f]{8}/) != nil)
        #expect(await self.registry(server(.longName)).0.manifests.first?.name == name)
        let output = await registry.execute(name: name, arguments: [:], callID: "c", context: context())
        #expect(output.text.contains("echo: "))
        await fake.stop()
    }

    @Test func namesKeepToTheCharactersProvidersAccept() {
        #expect(MCPToolName.make(server: "git", tool: "git_status") == "git__git_status")
        let odd = MCPToolName.make(server: "my server", tool: "read.file")
        #expect(odd.wholeMatch(of: /my_server__read_file_[0-9a-f]{8}/) != nil)
        #expect(odd != MCPToolName.make(server: "my_server", tool: "read_file"))
    }

    @Test func aChangedToolListIsListedAgain() async throws {
        let fake = server(.change)
        _ = try await fake.tools()
        _ = try await fake.call("echo", arguments: ["text": "x"], timeout: 5)
        // The notification follows the answer on the same pipe.
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await fake.tools().1.map(\.name) == ["fresh"])
        await fake.stop()
    }

    @Test func aMissingCommandNamesTheServerAndTheKey() async throws {
        let missing = MCPServer(
            settings: MCPServerSettings(name: "nowhere", command: "no-such-mcp-server-here"), environment: ["PATH": "/usr/bin:/bin"],
            clientVersion: "test")
        await #expect(throws: MCPError.self) { try await missing.tools() }
        do { _ = try await missing.tools() } catch {
            #expect(
                error.message == "mcp server 'nowhere' is off: command: 'no-such-mcp-server-here' is not found on PATH; give its full path")
        }
    }
}
