import AgentTesting
import Foundation

/// The result of running the built `research-agent` binary.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Where `swift build` put the executable: next to the test bundle.
let executable: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("research-agent").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/research-agent").path
}()

/// Runs research-agent (or `program`) with `arguments` and only `environment` (plus PATH
/// and HOME).
/// - Parameters:
///   - interruptWhen: polled every 20 ms (for 20 s at most); once true, `signal` is sent.
///   - signal: the signal to send (SIGINT: Ctrl-C).
func runAgent(
    _ arguments: [String], program: String = executable, environment: [String: String] = [:], stdin: String? = nil,
    interruptWhen: (@Sendable () -> Bool)? = nil, signal: Int32 = SIGINT
) async throws -> CommandResult {
    // Waiting on a process blocks; do it on a thread of its own, never on one of the
    // cooperative pool's few threads, which every other test needs.
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(
                with: Result {
                    try runAgentBlocking(
                        arguments, program: program, environment: environment, stdin: stdin, interruptWhen: interruptWhen, signal: signal)
                })
        }.start()
    }
}

private func runAgentBlocking(
    _ arguments: [String], program: String, environment: [String: String], stdin: String?, interruptWhen: (@Sendable () -> Bool)?,
    signal: Int32
) throws -> CommandResult {
    let dir = URL(fileURLWithPath: TestDirectory.path("cli"))
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    var env = environment
    env["PATH"] = env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"]
    env["HOME"] = env["HOME"] ?? dir.path
    env["NO_COLOR"] = "1"
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    if let stdin {
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        // A child that exits before it reads its input (a usage error) closes the pipe:
        // the write must then fail quietly, not kill the whole test process with SIGPIPE,
        // as it once did in a full run.
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
        try? pipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        try? pipe.fileHandleForWriting.close()
    } else {
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    if let ready = interruptWhen {
        let deadline = Date().addingTimeInterval(20)
        while !ready() && Date() < deadline && process.isRunning { Thread.sleep(forTimeInterval: 0.02) }
        kill(process.processIdentifier, signal)
    }
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
}

/// A fresh, empty home directory.
func freshHome() -> String {
    let path = TestDirectory.path("home")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// True once the home's transcript holds `count` model requests: the run is waiting on
/// the model, the moment the interruption tests need.
func requestsRecorded(_ count: Int, home: String) -> @Sendable () -> Bool {
    {
        let dir = home + "/transcripts"
        guard let name = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.first(where: { $0.hasSuffix(".jsonl") }),
            let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        else { return false }
        return text.components(separatedBy: #""type":"llm.request""#).count - 1 >= count
    }
}
