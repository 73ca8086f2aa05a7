import AgentCore
import AgentTesting
import Foundation
import Testing
import Tools

/// Real MCP servers from PyPI (mcp-server-time, mcp-server-git), as scripts/test.sh
/// installs them into the cache. Missing servers fail the test (run
/// scripts/install-mcp-servers.sh) unless RESEARCH_AGENT_TESTS_WITHOUT_MCP_SERVERS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RESEARCH_AGENT_TESTS_WITHOUT_MCP_SERVERS"] != "1"))
struct RealMCPServerTests {
    let bin = RealLocalModel.cache + "/mcp-servers/venv/bin"

    func server(_ name: String, _ program: String, _ arguments: [String]) throws -> MCPServer {
        let path = bin + "/" + program
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: run scripts/install-mcp-servers.sh")
        var settings = MCPServerSettings(name: name, command: path, arguments: arguments)
        settings.timeoutSeconds = 30
        return MCPServer(settings: settings, environment: ProcessInfo.processInfo.environment, clientVersion: "test")
    }

    func registry(_ servers: [MCPServer]) async -> (ToolRegistry, [String]) {
        var registry = ToolRegistry()
        let (tools, notices) = await MCPServerPool.tools(of: servers, taken: [], approval: nil)
        for tool in tools { registry.register(tool, caps: tool.manifest.limits) }
        return (registry, notices)
    }

    func context() -> ToolContext { ToolContext(runID: "r", step: 1, sources: SourceCatalog(), limits: ToolLimits(timeoutSeconds: 30)) }

    /// A git repository with one commit, made with the git command line (on a thread of its
    /// own: waiting for a process must not hold one of the tasks' threads).
    func repository() async throws -> String {
        try await withCheckedThrowingContinuation { done in
            Thread { done.resume(with: Result { try makeRepository() }) }.start()
        }
    }

    private func makeRepository() throws -> String {
        let dir = TestDirectory.path("mcp-git")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "notes\n".write(toFile: dir + "/notes.md", atomically: true, encoding: .utf8)
        for args in [
            ["init", "-q"], ["add", "notes.md"], ["-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "Add the notes"],
        ] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            git.arguments = ["-C", dir] + args
            try git.run()
            git.waitUntilExit()
            try #require(git.terminationStatus == 0)
        }
        return dir
    }

    @Test func timeAndGitServersListAndAnswer() async throws {
        let repo = try await repository()
        let time = try server("time", "mcp-server-time", ["--local-timezone", "UTC"])
        let git = try server("git", "mcp-server-git", ["--repository", repo])
        let (registry, notices) = await registry([time, git])
        #expect(notices.isEmpty)
        let names = Set(registry.manifests.map(\.name))
        #expect(names.isSuperset(of: ["time__get_current_time", "time__convert_time", "git__git_log", "git__git_status"]))
        #expect(registry.manifest(named: "time__get_current_time")?.server?.version.hasPrefix("mcp-time ") == true)

        let now = await registry.execute(
            name: "time__get_current_time", arguments: ["timezone": "Europe/Paris"], callID: "a", context: context())
        #expect(!now.isError, "\(now.text)")
        #expect(now.text.contains("\"timezone\": \"Europe/Paris\""))

        let log = await registry.execute(
            name: "git__git_log", arguments: ["repo_path": .string(repo), "max_count": 1], callID: "b", context: context())
        #expect(!log.isError, "\(log.text)")
        #expect(log.text.contains("Add the notes"))
        #expect(log.sources.first?.source.kind == .tool)

        // A bad argument comes back from the server as an error result, not a crash.
        let wrong = await registry.execute(
            name: "time__get_current_time", arguments: ["timezone": "Mars/Olympus"], callID: "c", context: context())
        #expect(wrong.isError)
        await time.stop()
        await git.stop()
    }
}
