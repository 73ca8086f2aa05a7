import Foundation
import SandboxLauncher
import Synchronization

/// One running MCP server: a pipe to its stdin, its stdout read line by line on a thread of
/// its own, its stderr kept in a tail. Every live server is stopped when research-agent
/// exits normally; the kernel kills it (parent-death signal) when research-agent is killed.
final class ServerProcess: Sendable {
    /// The server's pid, which is also its process group.
    let pid: pid_t
    /// What the server wrote to stderr, and junk from its stdout.
    let tail: StderrTail
    /// The write end of the server's stdin; -1 once closed.
    private let input: Mutex<Int32>
    /// The write end of a pipe whose byte wakes the reader thread from its wait; -1 once
    /// the reader is gone (the lock keeps a closed number from being written to).
    private let wake: Mutex<Int32>
    /// How the process ended, once it has (nil while it runs).
    private let ending = Mutex<String?>(nil)

    /// Every server not yet stopped, for the exit hook.
    private static let live = Mutex<[pid_t: ServerProcess]>([:])
    private static let exitHook: Void = { atexit { ServerProcess.stopAll() } }()

    /// Starts `path` (absolute) with `arguments` and exactly `environment`, in `directory`.
    /// - Parameters:
    ///   - idle: called on the reader thread before each wait for output, and again when a
    ///     wait ends without output; returns how long the next wait may be (ms, -1: no limit).
    ///   - onLine: each line the server writes to stdout, on the reader thread.
    ///   - onEnd: once, after stdout closed and the process ended: how it ended.
    static func start(
        path: String, arguments: [String], environment: [String: String], directory: String?, tail: StderrTail,
        idle: @escaping @Sendable () -> Int32, onLine: @escaping @Sendable ([UInt8]) -> Void,
        onEnd: @escaping @Sendable (String) -> Void
    ) async throws(MCPError) -> ServerProcess {
        _ = exitHook
        // Writing to a server that died must be an error, not a signal that ends us.
        signal(SIGPIPE, SIG_IGN)
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        var wakePipe: [Int32] = [-1, -1]
        guard sa_pipe(&stdinPipe) == 0, sa_pipe(&stdoutPipe) == 0, sa_pipe(&stderrPipe) == 0, sa_cancel_pipe(&wakePipe) == 0 else {
            let error = errno
            (stdinPipe + stdoutPipe + stderrPipe + wakePipe).filter { $0 >= 0 }.forEach { close($0) }
            throw MCPError("cannot make pipes: \(String(cString: strerror(error)))")
        }
        let argv = [path] + arguments
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let (inRead, outWrite, errWrite) = (stdinPipe[0], stdoutPipe[1], stderrPipe[1])
        let pid = await LaunchThread.shared.run {
            withCStrings(argv) { cArgv in
                withCStrings(envp) { cEnvp in sa_spawn_tethered(path, cArgv, cEnvp, directory, inRead, outWrite, errWrite) }
            }
        }
        close(inRead)
        close(outWrite)
        close(errWrite)
        guard pid > 0 else {
            [stdinPipe[1], stdoutPipe[0], stderrPipe[0], wakePipe[0], wakePipe[1]].forEach { close($0) }
            let reason = String(cString: strerror(-pid))
            throw MCPError(
                directory != nil && pid == -ENOENT ? "cannot start it: \(reason) (the command or its cwd)" : "cannot start it: \(reason)")
        }
        let process = ServerProcess(pid: pid, input: stdinPipe[1], wake: wakePipe[1], tail: tail)
        let wakeRead = wakePipe[0]
        live.withLock { $0[pid] = process }
        let errRead = stderrPipe[0]
        Thread {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let n = read(errRead, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                tail.append(bytes: buffer[..<n])
            }
            close(errRead)
        }.start()
        let outRead = stdoutPipe[0]
        Thread {
            LineReader.read(outRead, wake: wakeRead, idle: idle, onLine: onLine)
            close(outRead)
            process.wake.withLock { fd in
                close(fd)
                fd = -1
            }
            close(wakeRead)
            let status = process.waitForExit()
            onEnd(status)
        }.start()
        return process
    }

    private init(pid: pid_t, input: Int32, wake: Int32, tail: StderrTail) {
        self.pid = pid
        self.input = Mutex(input)
        self.wake = Mutex(wake)
        self.tail = tail
    }

    /// Wakes the reader thread from its wait for output (it then asks `idle` again).
    func wakeReader() {
        wake.withLock { fd in
            var byte: UInt8 = 1
            if fd >= 0 { _ = write(fd, &byte, 1) }
        }
    }

    /// Writes one message and its newline; false when the server no longer reads.
    func send(_ bytes: [UInt8]) -> Bool {
        input.withLock { fd in
            guard fd >= 0 else { return false }
            var message = bytes
            message.append(UInt8(ascii: "\n"))
            var offset = 0
            while offset < message.count {
                let n = message[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// How the process ended, or nil while it runs.
    var ended: String? { ending.withLock { $0 } }

    /// Waits for the process to end (its stdout has closed) and says how it ended.
    private func waitForExit() -> String {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitCode = (status >> 8) & 0xFF
        let signal = status & 0x7F
        let how = signal == 0 ? "exited with status \(exitCode)" : "was killed by signal \(signal)"
        ending.withLock { $0 = how }
        Self.live.withLock { _ = $0.removeValue(forKey: pid) }
        return how
    }

    /// Stops the server as the specification asks: close its stdin, then SIGTERM, then
    /// SIGKILL to its process group, each after a short wait. Blocks the calling thread.
    func stop(grace: Double = 0.5) {
        Self.stop([self], grace: grace)
    }

    /// Stops every server still running; the exit hook.
    static func stopAll() {
        stop(Array(live.withLock { $0.values }), grace: 0.3)
    }

    private static func stop(_ processes: [ServerProcess], grace: Double) {
        for p in processes { p.closeInput() }
        guard wait(for: processes, seconds: grace) else { return }
        for p in processes where p.ended == nil { kill(-p.pid, SIGTERM) }
        guard wait(for: processes, seconds: grace) else { return }
        for p in processes where p.ended == nil { kill(-p.pid, SIGKILL) }
    }

    /// Waits up to `seconds` for all of `processes` to end; true if some still run.
    private static func wait(for processes: [ServerProcess], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while processes.contains(where: { $0.ended == nil && kill($0.pid, 0) == 0 }) {
            if Date() >= deadline { return true }
            usleep(10_000)
        }
        return false
    }

    private func closeInput() {
        input.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }
}

/// Splits what a descriptor delivers into lines, until its end.
enum LineReader {
    /// The longest line kept: a server that writes more without a newline is writing junk.
    static let maxLine = 64 << 20

    /// Reads `fd` to its end, calling `onLine` for each line (without its newline); each
    /// wait for data lasts at most what `idle` returns (ms, -1: no limit), or until a byte
    /// arrives on `wake` (a non-blocking pipe).
    static func read(_ fd: Int32, wake: Int32, idle: () -> Int32, onLine: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var line: [UInt8] = []
        var overlong = false
        while true {
            var ready = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let polled = poll(&ready, 2, idle())
            if ready[1].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while Glibc.read(wake, &drain, drain.count) > 0 {}
            }
            if polled <= 0 || ready[0].revents == 0 { continue }
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var start = 0
            for i in 0..<n where buffer[i] == UInt8(ascii: "\n") {
                if !overlong {
                    line.append(contentsOf: buffer[start..<i])
                    onLine(line)
                }
                line.removeAll(keepingCapacity: true)
                overlong = false
                start = i + 1
            }
            if start < n && !overlong {
                line.append(contentsOf: buffer[start..<n])
                if line.count > maxLine {
                    overlong = true
                    line = []
                }
            }
        }
        if !line.isEmpty && !overlong { onLine(line) }
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
    let copies = strings.map { strdup($0) } + [nil]
    defer { copies.forEach { free($0) } }
    return body(copies)
}
