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

/// Runs research-agent with `arguments` and only `environment` (plus PATH and HOME).
/// - Parameters:
///   - interruptAfter: send `signal` after this many milliseconds.
///   - signal: the signal to send (SIGINT: Ctrl-C).
func runAgent(
    _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, interruptAfter: Int? = nil,
    signal: Int32 = SIGINT
) throws -> CommandResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = environment
    env["PATH"] = ProcessInfo.processInfo.environment["PATH"]
    env["HOME"] = env["HOME"] ?? dir.path
    env["NO_COLOR"] = "1"
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    if let stdin {
        let pipe = Pipe()
        process.standardInput = pipe
        try process.run()
        pipe.fileHandleForWriting.write(Data(stdin.utf8))
        try pipe.fileHandleForWriting.close()
    } else {
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    if let ms = interruptAfter {
        Thread.sleep(forTimeInterval: Double(ms) / 1000)
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
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
