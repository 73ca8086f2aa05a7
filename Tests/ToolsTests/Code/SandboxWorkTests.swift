import Foundation
import Testing
import Tools

/// Real work in the sandbox: the answers are computed by the sandboxed interpreters.
///
/// Serialized: a burst of interpreters starting at once would starve the timing tests of
/// other suites on a two-core machine.
@Suite(.serialized, .enabled(if: SandboxSupport.usable, "needs python3 on PATH and a sandbox that starts (see `research-agent doctor`)"))
struct SandboxWorkTests {
    @Test func pythonArithmetic() async throws {
        let result = try await SandboxSupport.run("python", "print(sum(i * i for i in range(1, 101)), 2 ** 100)")
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "338350 1267650600228229401496703205376\n")
        #expect(result.limit == nil)
    }

    @Test func pythonTextProcessing() async throws {
        let code = """
            import collections, re
            text = "the cat and the hat and the bat"
            counts = collections.Counter(re.findall(r"\\w+", text))
            print(", ".join(f"{w}={n}" for w, n in counts.most_common(2)))
            """
        let result = try await SandboxSupport.run("python", code)
        #expect(result.stdout == "the=3, and=2\n")
    }

    @Test func shellPipeline() async throws {
        let result = try await SandboxSupport.run(
            "sh", "printf 'pear\\napple\\npear\\nfig\\n' | sort | uniq -c | sort -rn | head -1 | tr -s ' '")
        #expect(result.termination == .exited(0))
        #expect(result.stdout == " 2 pear\n")
    }

    @Test(SandboxSupport.needs(.readOnlyRoot)) func writeThenRunAScratchFile() async throws {
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let write = try await SandboxSupport.run(
            "python", "open('helper.py', 'w').write('def triple(x):\\n    return 3 * x\\n')", scratch: scratch)
        #expect(write.termination == .exited(0))
        #expect(FileManager.default.fileExists(atPath: scratch + "/helper.py"))
        let run = try await SandboxSupport.run("sh", "python3 -c 'import helper; print(helper.triple(14))' && ls", scratch: scratch)
        #expect(run.stdout == "42\nhelper.py\n")
    }

    @Test func readsStandardInput() async throws {
        let result = try await SandboxSupport.run("python", "import sys; print(sum(int(l) for l in sys.stdin))", stdin: "1\n2\n39\n")
        #expect(result.stdout == "42\n")
        let shell = try await SandboxSupport.run("sh", "wc -l", stdin: "a\nb\nc\n")
        #expect(shell.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "3")
    }

    @Test func unicodeOutput() async throws {
        let result = try await SandboxSupport.run("python", "print('héllo wörld ✓ 日本語 🎉'); import sys; print('ошибка', file=sys.stderr)")
        #expect(result.stdout == "héllo wörld ✓ 日本語 🎉\n")
        #expect(result.stderr == "ошибка\n")
    }

    @Test func tenConcurrentRuns() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for n in 0..<10 {
                group.addTask { (n, try await SandboxSupport.run("python", "print(\(n) * \(n))").stdout) }
            }
            var all: [Int: String] = [:]
            for try await (n, out) in group { all[n] = out }
            return all
        }
        #expect(results.count == 10)
        for n in 0..<10 { #expect(results[n] == "\(n * n)\n") }
    }

    @Test func timeoutStopsTheRunAndSaysSo() async throws {
        let result = try await SandboxSupport.run(
            "python", "import time\nprint('started', flush=True)\ntime.sleep(60)", limits: SandboxLimits(wallSeconds: 5))
        #expect(result.limit == .wall)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.stdout == "started\n")
        #expect(result.wallSeconds < 30)  // the program alone would take 60 s
    }

    @Test func cancellationKillsTheRun() async throws {
        let started = ContinuousClock.now
        let run = Task { try await SandboxSupport.run("sh", "sleep 60", limits: SandboxLimits(wallSeconds: 60)) }
        try await Task.sleep(for: .milliseconds(500))
        run.cancel()
        let result = try await run.value
        #expect(result.limit == .cancelled)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(ContinuousClock.now - started < .seconds(30))  // the program alone would take 60 s
    }

    @Test(SandboxSupport.needs(.mountNamespace)) func aRootThatCannotBeBuiltRunsNothing() async throws {
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let request = SandboxRequest(
            program: "/bin/sh", arguments: ["-c", "touch /scratch/ran"], scratch: scratch,
            readOnlyPaths: ["/nonexistent-\(UUID().uuidString)"])
        let result = try await Sandbox().run(request)
        #expect(result.termination == .notStarted(step: "read-only root", reason: "No such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/ran"))
    }

    @Test func exitStatusAndCPUTimeAreReported() async throws {
        let result = try await SandboxSupport.run("python", "import sys\nx = 0\nfor i in range(2_000_000): x += i\nsys.exit(3)")
        #expect(result.termination == .exited(3))
        #expect(result.cpuSeconds > 0.01)
        #expect(result.wallSeconds >= result.cpuSeconds * 0.5)
    }

    @Test(
        SandboxSupport.needs(
            .userNamespace, .mountNamespace, .pidNamespace, .networkNamespace, .ipcNamespace, .utsNamespace, .reaper, .readOnlyRoot,
            .rlimits, .noNewPrivileges, .landlock, .seccomp))
    func strictModeRunsWhenEveryLayerHolds() async throws {
        let scratch = try SandboxSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try await SandboxSupport.code.run(language: "sh", code: "echo ok", scratch: scratch, strict: true)
        #expect(result.stdout == "ok\n")
        #expect(result.held == Set(SandboxLayer.allCases))
    }
}
