import Foundation
import SandboxLauncher
import Synchronization

/// One running MCP server: its stdin written by a thread of its own, its stdout read line by
/// line on another, its stderr kept in a tail by a third. No task ever blocks on its pipes:
/// a server that stops reading holds up only its writer thread. Every live server is
/// stopped when research-agent exits normally; the kernel kills it (parent-death signal)
/// when research-agent is killed.
final class ServerProcess: Sendable {
    /// The server's pid, which is also its process group.
    let pid: pid_t
    /// What the server wrote to stderr, and junk from its stdout.
    let tail: StderrTail
    /// Messages waiting for the writer thread, and whether stdin is to be closed.
    private let outbox: Mutex<Outbox>
    private let writerWake = DispatchSemaphore(value: 0)
    /// How the process ended, once its output closed (nil while it runs).
    private let ending = Mutex<String?>(nil)
    /// Whether the process has been reaped. Only `stop` reaps it, after signalling its
    /// group: until then the ended leader keeps its pid, so the group's id is still ours
    /// and a helper it left running can be reached.
    private let reaped = Mutex(false)

    private struct Outbox {
        /// The server's stdin, non-blocking on our side.
        var fd: Int32
        var queue: [[UInt8]] = []
        /// Whether the writer thread is writing a batch it took from the queue.
        var writing = false
        /// Set by `closeInput` or a failed write: nothing more is sent.
        var closing = false
    }

    /// Every server not yet stopped, for the exit hook.
    private static let live = Mutex<[pid_t: ServerProcess]>([:])
    private static let exitHook: Void = { atexit { ServerProcess.stopAll() } }()

    /// Starts `path` (absolute) with `arguments` and exactly `environment`, in `directory`.
    /// - Parameters:
    ///   - idle: called on the reader thread before each wait for output, and again when a
    ///     wait ends without output; returns how long the next wait may be (ms, -1: no limit).
    ///   - onLine: each line the server writes to stdout, on the reader thread.
    ///   - onEnd: once, after stdout closed: how the process ended (or that it closed its
    ///     output and still runs), with its last stderr lines already in `tail`.
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
        // Our end of stdin never blocks: a message that fits is written by its sender at
        // once, and the writer thread waits for room when the server reads slowly.
        let input = stdinPipe[1]
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        let process = ServerProcess(pid: pid, input: input, wake: wakePipe[1], tail: tail)
        live.withLock { $0[pid] = process }
        Thread { process.writeLoop(input) }.start()
        let errRead = stderrPipe[0]
        let stderrDone = DispatchSemaphore(value: 0)
        Thread {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let n = read(errRead, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                tail.append(bytes: buffer[..<n])
            }
            tail.flush()
            close(errRead)
            stderrDone.signal()
        }.start()
        let outRead = stdoutPipe[0]
        let wakeRead = wakePipe[0]
        Thread {
            LineReader.read(outRead, wake: wakeRead, idle: idle, onLine: onLine)
            close(outRead)
            process.wake.withLock { fd in
                close(fd)
                fd = -1
            }
            close(wakeRead)
            // The stderr lines that explain the end (a traceback) come with it; a child that
            // holds stderr open keeps them from ending, so the wait is short.
            _ = stderrDone.wait(timeout: .now() + 0.3)
            onEnd(process.waitForExit(seconds: 1))
        }.start()
        return process
    }

    /// The write end of a pipe whose byte wakes the reader thread from its wait; -1 once
    /// the reader is gone (the lock keeps a closed number from being written to).
    private let wake: Mutex<Int32>

    private init(pid: pid_t, input: Int32, wake: Int32, tail: StderrTail) {
        self.pid = pid
        self.outbox = Mutex(Outbox(fd: input))
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

    /// Sends one message and its newline: written at once when nothing is queued before it
    /// and the pipe has room, else queued for the writer thread. False once stdin is closed
    /// or a write failed (the server no longer reads).
    func send(_ bytes: [UInt8]) -> Bool {
        let message = bytes + [UInt8(ascii: "\n")]
        let (accepted, queued) = outbox.withLock { box -> (Bool, Bool) in
            guard !box.closing else { return (false, false) }
            var offset = 0
            if box.queue.isEmpty && !box.writing {
                let (written, failed) = Self.writeSome(message, from: 0, to: box.fd)
                if failed {
                    box.closing = true
                    return (false, true)
                }
                offset = written
            }
            guard offset < message.count else { return (true, false) }
            box.queue.append(Array(message[offset...]))
            return (true, true)
        }
        if queued { writerWake.signal() }
        return accepted
    }

    /// Writes as much of `message` from `start` as the non-blocking `fd` takes now: how much,
    /// and whether the write failed (the server closed its stdin).
    private static func writeSome(_ message: [UInt8], from start: Int, to fd: Int32) -> (written: Int, failed: Bool) {
        var offset = start
        while offset < message.count {
            let n = message[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return (offset - start, false) }
            if n <= 0 { return (offset - start, true) }
            offset += n
        }
        return (offset - start, false)
    }

    /// The writer thread: writes what is queued, in order, waiting for room in the pipe,
    /// and closes stdin when asked to or when the server stops reading.
    private func writeLoop(_ fd: Int32) {
        while true {
            writerWake.wait()
            var (messages, closing) = outbox.withLock { box in
                defer {
                    box.queue = []
                    box.writing = !box.closing
                }
                return (box.queue, box.closing)
            }
            var failed = false
            // Where the first message's unsent part starts (no copying of what remains).
            var offset = 0
            while !messages.isEmpty && !failed && !closing {
                let (written, error) = Self.writeSome(messages[0], from: offset, to: fd)
                failed = error
                if offset + written == messages[0].count {
                    messages.removeFirst()
                    offset = 0
                    continue
                }
                offset += written
                // Wait for room, a second at a time, so a request to close is seen.
                var room = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&room, 1, 1000)
                closing = outbox.withLock { $0.closing }
            }
            let more = outbox.withLock { box in
                if failed { box.closing = true }
                box.writing = false
                // What was queued while this batch was written goes next, in order.
                return !box.queue.isEmpty
            }
            if closing || failed {
                outbox.withLock { box in
                    box.fd = -1
                    box.closing = true
                }
                close(fd)
                return
            }
            if more { writerWake.signal() }
        }
    }

    /// How the process ended, or nil while it runs.
    var ended: String? { ending.withLock { $0 } }

    /// Waits up to `seconds` for the process to end (its stdout has closed) and says how it
    /// ended, or that it closed its output and still runs. It is left unreaped (see `reaped`).
    private func waitForExit(seconds: Double) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var how = "closed its output but still runs"
        while true {
            if let status = exitStatus() {
                how = status
                break
            }
            if Date() >= deadline { break }
            usleep(5_000)
        }
        ending.withLock { $0 = how }
        return how
    }

    /// How the process ended, read without reaping it; nil while it runs.
    private func exitStatus() -> String? {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == pid else { return nil }
        let status = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? "exited with status \(status)" : "was killed by signal \(status)"
    }

    /// Stops the server as the specification asks: close its stdin, then SIGTERM, each
    /// after a short wait; then SIGKILL to its process group, which ends any helper it left
    /// behind, and reap it. Blocks the calling thread.
    func stop(grace: Double = 0.5) {
        Self.stop([self], grace: grace)
        reaped.withLock { done in
            guard !done else { return }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            done = true
        }
        Self.live.withLock { live in
            if live[pid] === self { live[pid] = nil }
        }
    }

    /// Stops every server still running; the exit hook. It does not reap: the process
    /// ends next, and the kernel reaps what it leaves.
    static func stopAll() {
        stop(Array(live.withLock { $0.values }), grace: 0.3)
    }

    private static func stop(_ processes: [ServerProcess], grace: Double) {
        let running = processes.filter { !$0.isReaped }
        for p in running { p.closeInput() }
        if wait(for: running, seconds: grace) {
            for p in running where p.exitStatus() == nil { kill(-p.pid, SIGTERM) }
            _ = wait(for: running, seconds: grace)
        }
        for p in running { kill(-p.pid, SIGKILL) }
    }

    private var isReaped: Bool { reaped.withLock { $0 } }

    /// Waits up to `seconds` for all of `processes` to end; true if some still run.
    private static func wait(for processes: [ServerProcess], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while processes.contains(where: { $0.exitStatus() == nil }) {
            if Date() >= deadline { return true }
            usleep(10_000)
        }
        return false
    }

    /// Asks the writer thread to close stdin; never waits for it (it may be stuck in a write
    /// to a server that stopped reading, until the signals end that server).
    private func closeInput() {
        outbox.withLock {
            $0.closing = true
            $0.queue = []
        }
        writerWake.signal()
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
