import AgentCore
import AgentTesting
import Foundation
import Testing
import Tools

/// Declines every snippet and counts the questions.
private final class Declining: CodeApproval, @unchecked Sendable {
    private let lock = NSLock()
    private var asked = 0
    var questions: Int { lock.withLock { asked } }

    func approve(question: String, shown: String) async -> Bool {
        lock.withLock { asked += 1 }
        return false
    }
}

@Suite(.serialized) struct RunCodeToolTests {
    func context(_ limits: ToolLimits = RunCodeTool.manifest.limits) -> ToolContext {
        ToolContext(runID: "r", step: 1, sources: SourceCatalog(), limits: limits)
    }

    func settings(keep: Bool = false, approval: (any CodeApproval)? = nil) -> CodeSettings {
        CodeSettings(
            sandbox: SandboxSupport.code,
            scratch: ScratchDirectory(runID: "test-\(UUID().uuidString)", keep: keep, parent: TestDirectory.root),
            approval: approval)
    }

    @Test func withoutConsentTheToolIsNeitherOfferedNorRun() async throws {
        let home = TestDirectory.path("home")
        try FileManager.default.createDirectory(atPath: home + "/tools", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // An override cannot turn it on.
        try #"{"enabled":true}"#.write(toFile: home + "/tools/run_code.json", atomically: true, encoding: .utf8)
        let registry = try BuiltinTools.registry(home: home)
        #expect(!registry.enabledManifests.contains { $0.name == "run_code" })
        let out = await registry.execute(
            name: "run_code", arguments: ["language": "sh", "code": "echo hi"], callID: "1", context: context())
        #expect(out.isError && out.text.contains("--allow-code"))
    }

    @Test func declinedSnippetsDoNotRun() async throws {
        let approval = Declining()
        let settings = settings(approval: approval)
        let tool = RunCodeTool(settings: settings)
        let out = try await tool.run(["language": "sh", "code": "touch /scratch/ran"], context: context())
        #expect(out.isError && out.text.contains("declined"))
        #expect(approval.questions == 1)
        #expect(!settings.scratch.exists)
    }

    @Test(SandboxSupport.needs(.readOnlyRoot))
    func scratchFilesPersistAcrossCallsAndGoAtTheEnd() async throws {
        let settings = settings()
        let tool = RunCodeTool(settings: settings)
        let write = try await tool.run(["language": "python", "code": "open('data.csv', 'w').write('a,1\\nb,2\\n')"], context: context())
        #expect(!write.isError)
        let read = try await tool.run(
            ["language": "sh", "code": "cut -d, -f2 data.csv | paste -sd+ | bc 2>/dev/null || awk -F, '{s+=$2} END {print s}' data.csv"],
            context: context())
        #expect(read.text.contains("stdout:\n3\n"))
        #expect(read.tainted)
        #expect(FileManager.default.fileExists(atPath: settings.scratch.path + "/data.csv"))
        #expect(settings.scratch.finish() == nil)
        #expect(!FileManager.default.fileExists(atPath: settings.scratch.path))
    }

    @Test(SandboxSupport.needs(.readOnlyRoot))
    func keptScratchStays() async throws {
        let settings = settings(keep: true)
        _ = try await RunCodeTool(settings: settings).run(["language": "sh", "code": "echo kept > note"], context: context())
        #expect(settings.scratch.finish() == settings.scratch.path)
        #expect(FileManager.default.fileExists(atPath: settings.scratch.path + "/note"))
        try FileManager.default.removeItem(atPath: settings.scratch.path)
    }

    @Test(SandboxSupport.needs(.readOnlyRoot))
    func reportSaysWhichLimitStoppedTheProgram() async throws {
        let tool = RunCodeTool(settings: settings())
        let out = try await tool.run(["language": "python", "code": "import time\ntime.sleep(30)", "timeout_s": 1], context: context())
        #expect(out.isError)
        #expect(out.text.hasPrefix("killed by signal 9 (SIGKILL)"))
        #expect(out.text.contains("stopped: the wall-clock limit of 1.00 s was reached"))
        var small = RunCodeTool.manifest.limits
        small.extra["output_bytes"] = 4096
        let flood = try await tool.run(["language": "python", "code": "print('a' * 100_000)"], context: context(small))
        #expect(flood.text.contains("stopped: the program printed more than 32 KiB"), "\(flood.text)")
        let failing = try await tool.run(["language": "python", "code": "raise ValueError('bad input')"], context: context())
        #expect(failing.text.hasPrefix("exit status 1"))
        #expect(failing.text.contains("ValueError: bad input"))
    }

    /// When the run's time left cut the call short, asking for a larger timeout_s would not
    /// help, and the report does not advise it.
    @Test(SandboxSupport.needs(.readOnlyRoot))
    func aCallCutByTheTimeLeftIsNotToldToAskForMore() async throws {
        var limits = RunCodeTool.manifest.limits
        limits.timeoutSeconds = 4  // what the registry leaves when the run has 4 s left
        let out = try await RunCodeTool(settings: settings()).run(
            ["language": "python", "code": "import time\ntime.sleep(30)", "timeout_s": 60], context: context(limits))
        #expect(out.text.contains("stopped: the wall-clock limit of 1.00 s, all the time this call could have"), "\(out.text)")
        #expect(!out.text.contains("timeout_s"))
    }

    @Test(SandboxSupport.needs(.readOnlyRoot))
    func longOutputIsCutWithANote() async throws {
        var limits = RunCodeTool.manifest.limits
        limits.maxOutputBytes = 2000
        let out = try await RunCodeTool(settings: settings()).run(
            ["language": "python", "code": "print('z' * 50000)"], context: context(limits))
        #expect(out.text.contains("[stdout cut: 700 of 50001 bytes shown]"))
        #expect(out.text.utf8.count < 2000)
    }

    @Test func theLongestTimeoutAskedForIsGranted() {
        let manifest = RunCodeTool.manifest.limits
        let limits = RunCodeTool.limits(manifest.extra, requested: 120, callTimeout: manifest.timeoutSeconds)
        #expect(limits.wallSeconds == 120)
    }

    @Test func limitsStayWithinCaps() {
        let huge = RunCodeTool.limits(
            ["wall_s": 1e9, "cpu_s": 1e9, "memory_mb": 1e9, "processes": 1e9, "file_mb": 1e9, "output_bytes": 1e12], requested: nil,
            callTimeout: 1e9)
        var caps = SandboxLimits.caps
        caps.openFiles = SandboxLimits().openFiles  // not a tool limit
        #expect(huge == caps)
        // Past what an Int holds once made bytes (config.toml's memory_mb = 1e13): the cap, not a crash.
        let vast = RunCodeTool.limits(
            ["wall_s": 1e300, "cpu_s": 1e300, "memory_mb": 1e13, "processes": 1e99, "file_mb": 1e300, "output_bytes": 1e300],
            requested: nil,
            callTimeout: 1e9)
        #expect(vast == huge)
        let defaults = RunCodeTool.limits(RunCodeTool.manifest.limits.extra, requested: nil, callTimeout: 30)
        #expect(defaults == SandboxLimits())
        // A call may ask for more time, but not past the registry's own timeout.
        #expect(RunCodeTool.limits(RunCodeTool.manifest.limits.extra, requested: 100, callTimeout: 30).wallSeconds == 27)
    }

    @Test func overridesAreClampedToTheCaps() throws {
        let home = TestDirectory.path("home")
        try FileManager.default.createDirectory(atPath: home + "/tools", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try #"{"limits":{"wall_s":1000,"memory_mb":256}}"#.write(toFile: home + "/tools/run_code.json", atomically: true, encoding: .utf8)
        let registry = try BuiltinTools.registry(home: home, code: settings())
        let manifest = try #require(registry.manifest(named: "run_code"))
        #expect(manifest.enabled)
        #expect(manifest.limits.extra["wall_s"] == 120)
        #expect(manifest.limits.extra["memory_mb"] == 256)
    }
}
