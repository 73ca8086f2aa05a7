import AgentTesting
import Foundation

/// Output of one curl run.
struct CurlResult: Sendable {
    /// curl's exit status (18 = "transfer closed with outstanding read data remaining").
    var exitCode: Int32
    /// Everything curl wrote to stdout.
    var output: String
    /// curl's error text.
    var errors: String
}

/// Runs /usr/bin/curl as a subprocess, the way an outside client would talk to the fakes.
enum Curl {
    /// Runs curl with `-sS` plus the given arguments.
    static func run(_ arguments: [String]) async -> CurlResult {
        await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-sS", "--max-time", "20"] + arguments
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do {
                try process.run()
            } catch {
                return CurlResult(exitCode: -1, output: "", errors: "\(error)")
            }
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CurlResult(
                exitCode: process.terminationStatus,
                output: String(decoding: out, as: UTF8.self),
                errors: String(decoding: err, as: UTF8.self))
        }
    }
}
