import Foundation
import HTTP
import Logging
import Synchronization

/// One llama.cpp server process on a free loopback port, started on demand and stopped
/// with the program.
///
/// The server runs under a tiny `sh` guard that holds a pipe from this process: when this
/// process ends in any way (exit, Ctrl-C, a crash, SIGKILL) the kernel closes the pipe, the
/// guard's `read` returns and it kills the server, so no server outlives the agent. A pid
/// file per server lets a later run clean up after a guard that was itself killed.
public final class LocalServer: Sendable {
    /// What to run.
    public struct Launch: Sendable {
        /// The llama-server binary.
        public var binary: String
        /// The GGUF model file.
        public var model: String
        /// Context size in tokens.
        public var contextTokens: Int
        /// Serve embeddings instead of chat.
        public var embedding: Bool
        /// Where pid files and logs go (inside the cache).
        public var stateDirectory: String

        /// A launch description.
        public init(binary: String, model: String, contextTokens: Int = 8192, embedding: Bool = false, stateDirectory: String) {
            self.binary = binary
            self.model = model
            self.contextTokens = contextTokens
            self.embedding = embedding
            self.stateDirectory = stateDirectory
        }
    }

    private struct Running {
        var process: Process
        var serverPID: Int32
        var guardPipe: Pipe
        var port: Int
        var pidFile: String
    }

    let launch: Launch
    private let client: HTTPClient
    private let logger: Logger
    private let state = Mutex<Running?>(nil)
    private let starts = Mutex(0)
    private let startLock = AsyncLock()

    /// A server that is not started yet.
    public init(launch: Launch, client: HTTPClient, logger: Logger) {
        self.launch = launch
        self.client = client
        self.logger = logger
    }

    deinit { stop() }

    /// The base URL of the running server (`http://127.0.0.1:PORT`), starting it first if needed.
    public func baseURL(startupTimeout: Duration = .seconds(120)) async throws -> String {
        try await startLock.withLock {
            if let port = state.withLock({ r in r.flatMap { ProcessState.alive($0.serverPID) ? $0.port : nil } }) {
                return "http://127.0.0.1:\(port)"
            }
            stop()
            // One restart after a crash; a server that keeps crashing would otherwise be
            // restarted at every call.
            let started = starts.withLock { count in
                defer { count += 1 }
                return count
            }
            if started >= 2 {
                throw LocalModelError("llama-server stopped again after a restart; see its log in \(launch.stateDirectory)/logs")
            }
            return "http://127.0.0.1:\(try await start(timeout: startupTimeout))"
        }
    }

    /// Whether the server process is alive.
    public var isRunning: Bool { state.withLock { $0.map { ProcessState.alive($0.serverPID) } ?? false } }

    /// Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its pid file.
    public func stop() {
        guard
            let running = state.withLock({ r -> Running? in
                defer { r = nil }; return r
            })
        else { return }
        // Stop the server itself first (a signal to the guard would end it before it
        // could pass the stop on), then close the pipe so the guard exits too.
        let pid = running.serverPID
        if pid > 0 && ProcessState.alive(pid) {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while ProcessState.alive(pid) && Date() < deadline { usleep(20_000) }
            if ProcessState.alive(pid) { kill(pid, SIGKILL) }
        }
        try? running.guardPipe.fileHandleForWriting.close()
        // The guard ends within a second of its pipe closing. Waiting on it through
        // `Process` could block for good (Foundation learns of an exit only when every
        // copy of its lifetime socket is closed), so watch the pid, with a deadline.
        let guardPID = running.process.processIdentifier
        let guardDeadline = Date().addingTimeInterval(3)
        while ProcessState.alive(guardPID) && Date() < guardDeadline { usleep(20_000) }
        if ProcessState.alive(guardPID) { kill(guardPID, SIGKILL) }
        try? FileManager.default.removeItem(atPath: running.pidFile)
    }

    private func start(timeout: Duration) async throws -> Int {
        for (name, path) in [("llama-server", launch.binary), ("model", launch.model)] where !FileManager.default.fileExists(atPath: path) {
            throw LocalModelError("the local \(name) is not installed at \(path): run research-agent setup")
        }
        let run = launch.stateDirectory + "/run", logs = launch.stateDirectory + "/logs"
        try? FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try? FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        StalePidFiles.clean(in: run, logger: logger)
        // The port is free when chosen, but another process may bind it before the server
        // does (tests and batches start servers side by side): then a new one is chosen.
        var attempt = 1
        while true {
            do {
                return try await start(port: try FreePort.find(), run: run, logs: logs, timeout: timeout)
            } catch let taken as PortTaken {
                guard attempt < 3 else { throw LocalModelError("llama-server exited while starting: \(taken.line)") }
                logger.debug("llama-server could not bind its port (\(taken.line)); choosing another")
                attempt += 1
            }
        }
    }

    /// A server that exited while starting because its port was taken meanwhile.
    private struct PortTaken: Error {
        var line: String
    }

    private func start(port: Int, run: String, logs: String, timeout: Duration) async throws -> Int {
        let log = logs + "/llama-server-\(port).log"
        // The log is appended to: what this start wrote begins at its present end.
        let logStart = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        var arguments = [
            launch.binary, "-m", launch.model, "--host", "127.0.0.1", "--port", String(port),
            "-c", String(launch.contextTokens), "-t", String(max(1, ProcessInfo.processInfo.activeProcessorCount)),
        ]
        arguments += launch.embedding ? ["--embedding", "--pooling", "mean"] : ["--jinja"]
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // The guard: start the server, then block reading our pipe; EOF means we are gone.
        let script =
            "\(quoted) >>'\(log)' 2>&1 & server=$!; echo $server; read _; kill $server 2>/dev/null; sleep 1; kill -9 $server 2>/dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let guardPipe = Pipe(), pidPipe = Pipe()
        process.standardInput = guardPipe
        process.standardOutput = pidPipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw LocalModelError("cannot start llama-server: \(error.localizedDescription)") }
        let serverPID =
            Int32(
                String(decoding: pidPipe.fileHandleForReading.availableData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            ?? 0
        let pidFile = run + "/llama-server-\(port).pid"
        try? "\(serverPID) \(process.processIdentifier) \(getpid())\n".write(toFile: pidFile, atomically: true, encoding: .utf8)
        state.withLock { $0 = Running(process: process, serverPID: serverPID, guardPipe: guardPipe, port: port, pidFile: pidFile) }
        logger.debug("started llama-server pid \(serverPID) on port \(port), log \(log)")

        let started = ContinuousClock.now
        while ContinuousClock.now - started < timeout {
            try Task.checkCancellation()
            if !ProcessState.alive(serverPID) {
                stop()
                // What this start wrote; its last line is the error's, as the log's would be.
                let output = FileManager.default.contents(atPath: log).map { String(decoding: $0.dropFirst(logStart), as: UTF8.self) } ?? ""
                let line = output.split(separator: "\n").last.map(String.init) ?? "no output (see \(log))"
                if output.contains("Address already in use") || output.contains("couldn't bind") { throw PortTaken(line: line) }
                throw LocalModelError("llama-server exited while starting: \(line)")
            }
            if let response = try? await client.send(
                HTTPRequest(url: "http://127.0.0.1:\(port)/health", connectTimeout: .milliseconds(500), totalTimeout: .seconds(2))),
                response.head.status == 200
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw LocalModelError("llama-server did not become healthy within \(timeout); see \(log)")
    }
}

/// A local model that is missing or will not run, in one line that says what to do.
public struct LocalModelError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// A local model error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
