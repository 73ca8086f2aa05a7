import Foundation
import Synchronization

/// Runs a helper program (pdftotext) to completion with a time limit, capturing its output:
/// the one way the project runs one.
enum ExternalCommand {
    /// What a finished run left behind.
    struct Output: Sendable {
        /// The exit status (or the signal number when killed).
        var status: Int32
        /// Everything written to standard output.
        var standardOutput: Data
        /// Everything written to standard error.
        var standardError: Data
        /// Whether the run was killed for exceeding its time limit.
        var timedOut: Bool
        /// Whether the run was killed through its `Stopper`.
        var stopped: Bool
    }

    /// Stops a run: from outside (a cancelled task), at once or as soon as its process
    /// starts, or when its time limit passes. Decided under one lock with the run's end,
    /// so no stop ever signals a process id after its process was reaped.
    final class Stopper: Sendable {
        private struct State {
            var pid: pid_t?
            var finished = false
            var requested = false
            var timedOut = false
        }

        private let state = Mutex(State())

        /// A stopper for a run that has not started.
        init() {}

        /// Records the running process; kills it when a stop was asked for already.
        func started(_ pid: pid_t) {
            state.withLock { state in
                state.pid = pid
                if state.requested { kill(pid, SIGKILL) }
            }
        }

        /// Kills the process unless it has finished (a cancelled task).
        func stop() {
            state.withLock { state in
                state.requested = true
                Self.killRunning(&state)
            }
        }

        /// Kills the process unless it has finished, as over time.
        func expire() {
            state.withLock { state in
                guard !state.finished, state.pid != nil else { return }
                state.timedOut = true
                Self.killRunning(&state)
            }
        }

        /// Marks the run as finished.
        func finish() { state.withLock { $0.finished = true } }

        /// Whether a stop was asked for from outside.
        var requested: Bool { state.withLock { $0.requested } }

        /// Whether the time limit ended the run.
        var timedOut: Bool { state.withLock { $0.timedOut } }

        private static func killRunning(_ state: inout State) {
            if let pid = state.pid, !state.finished { kill(pid, SIGKILL) }
        }
    }

    /// The full path of `name`: itself when it contains a slash, else the first executable
    /// of that name on PATH; nil when there is none.
    static func locate(_ name: String) -> String? {
        let files = FileManager.default
        if name.contains("/") { return files.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` and `input` on its standard input, killing it
    /// after `timeout` or when `stopper` is told to. Blocks the calling thread until the
    /// program exits.
    static func run(_ executable: String, arguments: [String], input: Data? = nil, timeout: Duration, stopper given: Stopper? = nil) throws
        -> Output
    {
        let stopper = given ?? Stopper()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let feed = input.map { _ in Pipe() }
        process.standardInput = feed ?? FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        let pid = process.processIdentifier
        stopper.started(pid)
        if let feed, let input {
            // Fed from a thread of its own while standard output is read here: a program
            // that writes before it has read everything cannot deadlock on full pipes.
            Thread {
                try? feed.fileHandleForWriting.write(contentsOf: input)
                try? feed.fileHandleForWriting.close()
            }.start()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { stopper.expire() }
        // Standard error is drained on another thread, so a program that writes much to
        // both streams cannot stall on a full pipe.
        let errorText = Collected()
        let drained = DispatchGroup()
        drained.enter()
        DispatchQueue.global().async {
            errorText.set(errors.fileHandleForReading.readDataToEndOfFile())
            drained.leave()
        }
        let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stopper.finish()
        drained.wait()
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        return Output(
            status: process.terminationStatus, standardOutput: standardOutput, standardError: errorText.value,
            timedOut: stopper.timedOut, stopped: stopper.requested)
    }

    /// Bytes handed over from the thread that read them.
    private final class Collected: Sendable {
        private let data = Mutex(Data())

        /// Stores the bytes.
        func set(_ value: Data) { data.withLock { $0 = value } }

        /// The bytes stored.
        var value: Data { data.withLock { $0 } }
    }
}
