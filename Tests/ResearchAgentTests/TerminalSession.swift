import Foundation
import Synchronization

/// research-agent on a pseudo-terminal (util-linux `script`), typed at line by line as a
/// person would: each `type` waits for what the program prints, so lines never arrive
/// together (which the line editor would take for one pasted question). Waits sleep as
/// tasks: a blocked thread of the cooperative pool would starve the tests running beside.
final class TerminalSession: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let printed = Output()
    private let reader: Thread

    /// Starts `research-agent ARGS` with `environment` added to the test's own; `then`, a
    /// shell command, runs on the same terminal after it (`stty -a`: the mode it left).
    init(_ arguments: [String], environment: [String: String] = [:], then: String? = nil) throws {
        // `script` runs the command through $SHELL; `exec` takes that shell out of the way. A
        // shell left waiting (dash, the /bin/sh used when SHELL is unset) gets the terminal's
        // Ctrl-C too and ends on it after research-agent exits, which changes the exit status.
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = then.map { quoted.joined(separator: " ") + "; " + $0 } ?? "exec " + quoted.joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", command, "/dev/null"]
        var env = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        env["NO_COLOR"] = "1"
        env["TERM"] = "xterm"
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let handle = output.fileHandleForReading
        let printed = self.printed
        reader = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty {
                    printed.ended.withLock { $0 = true }
                    return
                }
                printed.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
        reader.start()
    }

    /// Everything printed so far, with the terminal's carriage returns dropped.
    var screen: String { printed.text.withLock { $0 }.replacingOccurrences(of: "\r", with: "") }

    /// What the program printed, shared with the thread that reads it.
    private final class Output: Sendable {
        let text = Mutex("")
        /// Whether the output reached its end (the program and `script` are gone).
        let ended = Mutex(false)
    }

    /// Waits until the output holds `needle` `count` times (20 s at most); false if it never does.
    @discardableResult
    func wait(for needle: String, count: Int = 1, seconds: Double = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen.components(separatedBy: needle).count - 1 >= count { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Waits until the output is longer than `count` characters (the program echoed a key).
    func waitForMore(than count: Int, seconds: Double = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if screen.count > count { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Sends raw bytes, as keys pressed.
    func send(_ bytes: String) { input.fileHandleForWriting.write(Data(bytes.utf8)) }

    /// Types `line` and presses Enter.
    func type(_ line: String) { send(line + "\r") }

    /// Waits for the program to end (20 s at most) and returns its exit status, once all it
    /// printed has been read (the process can be gone before its last output is).
    func exitStatus(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        guard !process.isRunning else {
            process.terminate()
            return nil
        }
        while !printed.ended.withLock({ $0 }) && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }
}
