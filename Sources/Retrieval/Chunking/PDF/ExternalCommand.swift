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

    /// Stops a run from outside (a cancelled task): at once, or as soon as its process starts.
    final class Stopper: Sendable {
        private let state = Mutex<(pid: pid_t?, finished: Bool, requested: Bool)>((nil, false, false))

        /// Records the running process; kills it when a stop was asked for already.
        func started(_ pid: pid_t) {
            state.withLock { state in
                state.pid = pid
                if state.requested { kill(pid, SIGKILL) }
            }
        }

        /// Kills the process unless it has finished.
        func stop() {
            state.withLock { state in
                state.requested = true
                if let pid = state.pid, !state.finished { kill(pid, SIGKILL) }
            }
        }

        /// Marks the run as finished, so no later stop signals a reaped process id.
        func finish() { state.withLock { $0.finished = true } }

        /// Whether a stop was asked for.
        var requested: Bool { state.withLock { $0.requested } }
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
    static func run(_ executable: String, arguments: [String], input: Data? = nil, timeout: Duration, stopper: Stopper? = nil) throws
        -> Output
    {
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
        stopper?.started(pid)
        if let feed, let input {
            // Fed from a thread of its own while standard output is read here: a program
            // that writes before it has read everything cannot deadlock on full pipes.
            Thread {
                try? feed.fileHandleForWriting.write(contentsOf: input)
                try? feed.fileHandleForWriting.close()
            }.start()
        }
        let watch = Watch()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            watch.expire { kill(pid, SIGKILL) }
        }
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
        watch.finish()
        stopper?.finish()
        drained.wait()
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        return Output(
            status: process.terminationStatus, standardOutput: standardOutput, standardError: errorText.value,
            timedOut: watch.expired, stopped: stopper?.requested ?? false)
    }

    /// Whether the run finished or ran out of time, decided once under a lock, so the timer
    /// never signals a process id after its process was reaped.
    private final class Watch: Sendable {
        private let state = Mutex<(finished: Bool, expired: Bool)>((false, false))

        /// Marks the run as over time and runs `stop` unless it already finished.
        func expire(_ stop: () -> Void) {
            state.withLock { state in
                guard !state.finished else { return }
                state.expired = true
                stop()
            }
        }

        /// Marks the run as finished.
        func finish() {
            state.withLock { $0.finished = true }
        }

        /// Whether the time limit was reached.
        var expired: Bool { state.withLock { $0.expired } }
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
