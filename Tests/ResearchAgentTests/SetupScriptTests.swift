import AgentTesting
import Foundation
import LLM
import Testing

/// scripts/setup-local.sh, run as users run it: its check of what is installed, in the
/// cache the suite set up and in caches of the test's own.
@Suite(.enabled(if: RealLocalModel.required)) struct SetupScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/setup-local.sh").path

    func setup(_ arguments: [String], cache: String) async throws -> CommandResult {
        try await runAgent(arguments, program: Self.script, environment: ["RESEARCH_AGENT_CACHE": cache])
    }

    /// The line `--check` prints for one component, e.g. "model-test    ok      /path".
    func line(_ result: CommandResult, _ component: String) -> String? {
        result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(component + " ") }
    }

    @Test func theSuitesCacheChecksOut() async throws {
        let result = try await setup(["--check", "--models", "test,embed"], cache: RealLocalModel.cache)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for component in ["llama-server", "model-test", "model-embed"] {
            #expect(line(result, component)?.contains(" ok ") == true, "\(component): \(result.stdout)")
        }
    }

    @Test func anEmptyCacheIsMissingEverything() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let result = try await setup(["--check"], cache: cache)
        #expect(result.status == 1)
        for component in ["llama-server", "model-default", "model-embed", "corpus"] {
            #expect(line(result, component)?.contains(" missing ") == true, "\(component): \(result.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: cache + "/llama.cpp"), "--check installs nothing")
    }

    /// A copy of the test model checks out; one changed byte makes it corrupt, with the
    /// hash it has and the one it should have.
    @Test func aChangedModelIsCorrupt() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let real = try RealLocalModel.model(LocalInstall.testModel).get()
        let copy = cache + "/models/" + URL(fileURLWithPath: real).lastPathComponent
        try FileManager.default.createDirectory(atPath: cache + "/models", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: real, toPath: copy)
        let good = try await setup(["--check", "--models", "test"], cache: cache)
        #expect(line(good, "model-test")?.contains(" ok ") == true, "\(good.stdout)")
        #expect(good.status == 1)  // its llama-server is missing

        let handle = try #require(FileHandle(forUpdatingAtPath: copy))
        try handle.seek(toOffset: 4096)
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: 4096)
        try handle.write(contentsOf: [byte ^ 0xFF])
        try handle.close()
        let bad = try await setup(["--check", "--models", "test"], cache: cache)
        let reported = try #require(line(bad, "model-test"))
        #expect(reported.contains(" corrupt ") && reported.contains("expected "), "\(bad.stdout)")
        #expect(bad.status == 1)
    }

    @Test func badArgumentsExitWithTwoAndSayWhy() async throws {
        let result = try await setup(["--models", "bogus"], cache: "/nonexistent/cache")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("setup-local: --models: unknown model 'bogus'"))
        #expect(result.stdout.isEmpty)
    }
}
