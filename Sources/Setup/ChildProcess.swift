import Foundation
import Synchronization

/// The programs setup runs (pip, python, tar, cmake), with their output appended to the
/// setup log.
///
/// Spawned with posix_spawn rather than Foundation's `Process` because each child must
/// lead a session of its own: a signal then reaches setup's own handler at once, and the
/// handler stops the child's whole process tree (cmake --build does not pass a signal on
/// to ninja and the compilers).
enum ChildProcess {
    /// glibc's POSIX_SPAWN_SETSID (2.26 and later), which Swift's Glibc module does not export.
    private static let setSessionFlag: Int32 = 0x80

    /// Runs `arguments` (the program is looked up on PATH) with `environment` added to
    /// setup's own, its output appended to `log`, and returns its exit status (128 plus the
    /// signal number when a signal ended it). `ownSession` false keeps the terminal, for
    /// sudo's password prompt.
    static func run(_ arguments: [String], log: String, environment extra: [String: String] = [:], ownSession: Bool = true)
        async throws(SetupError) -> Int32
    {
        SetupLog.append("+ " + arguments.joined(separator: " "), to: log)
        let logFD = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard logFD >= 0 else { throw SetupError("cannot write the setup log \(log): \(String(cString: strerror(errno)))") }
        defer { close(logFD) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Setup handles these signals; the child starts with the default actions.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // The calling thread may be one of the runtime's workers, which block signals; a
        // mask is inherited across exec, and a child blocking SIGTERM could not be stopped.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        let flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | (ownSession ? setSessionFlag : 0)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if ownSession { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        posix_spawn_file_actions_adddup2(&actions, logFD, 1)
        posix_spawn_file_actions_adddup2(&actions, logFD, 2)

        var merged = ProcessInfo.processInfo.environment
        merged.merge(extra) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }

        var pid = pid_t()
        SetupInterrupts.shared.spawning()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            SetupInterrupts.shared.running(nil, group: false)
            throw SetupError("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        SetupInterrupts.shared.running(pid, group: ownSession)
        let child = pid
        let status = await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
            Thread {
                var raw: Int32 = 0
                while waitpid(child, &raw, 0) < 0 && errno == EINTR {}
                done.resume(returning: raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F))
            }.start()
        }
        SetupInterrupts.shared.running(nil, group: false)
        SetupInterrupts.shared.holdIfInterrupted()
        return status
    }

    /// Whether `arguments` runs and exits 0, its output discarded.
    static func succeeds(_ arguments: [String]) async -> Bool {
        (try? await run(arguments, log: "/dev/null")) == 0
    }

    /// The full path of `name` on PATH, or nil.
    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// The setup log: every command and its output, under `<cache>/logs/`.
enum SetupLog {
    /// Appends `line` and a line break to the log at `path`.
    static func append(_ line: String, to path: String) {
        guard path != "/dev/null", let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }

    /// The last `count` lines of the log at `path`.
    static func tail(_ path: String, count: Int = 20) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count + 1).joined(separator: "\n")
    }
}

/// The pipe setup's signal handler writes the signal number to; write(2) is one of the few
/// calls a handler may make.
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}()

/// What an interrupted setup must undo: the running child's process tree and the partial
/// files of this run. A rerun resumes with what is complete (downloads, the build tree).
final class SetupInterrupts: Sendable {
    private struct State {
        var child: pid_t?
        var group = false
        var temporary: [String] = []
        var armed = false
        var interrupted = false
        var spawning = false
    }

    /// The one instance: signals are process-wide.
    static let shared = SetupInterrupts()

    private let state = Mutex(State())

    /// Handles SIGINT, SIGTERM and SIGHUP from now on: stop the child, remove partial
    /// files, call `interrupted` (which tidies up and says so) and exit with 128 plus the
    /// signal number.
    func arm(interrupted: @escaping @Sendable () -> Void) {
        let first = state.withLock { state in
            defer { state.armed = true }
            return !state.armed
        }
        guard first, signalPipe.read >= 0 else { return }
        Thread { [self] in
            var number: UInt8 = 0
            while read(signalPipe.read, &number, 1) < 0 && errno == EINTR {}
            stopAndClean()
            interrupted()
            exit(128 + Int32(number))
        }.start()
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipe.write, &byte, 1)
            }
        }
    }

    /// Marks a child as being started, until `running` records it: a signal in between
    /// waits for its pid rather than missing the child.
    func spawning() { state.withLock { $0.spawning = true } }

    /// Records the running child (nil when it ended); `group` says it leads its own group.
    func running(_ pid: pid_t?, group: Bool) {
        state.withLock { state in
            state.child = pid
            state.group = group
            state.spawning = false
        }
    }

    /// Adds a partial file or directory to remove if setup is interrupted or fails.
    func temporary(_ path: String) { state.withLock { $0.temporary.append(path) } }

    /// Removes the partial files recorded so far.
    func clean() {
        let paths = state.withLock { state in
            defer { state.temporary = [] }
            return state.temporary
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Never returns once a signal arrived: the child that ended was stopped by the
    /// handler, which removes the partial files and exits; setup must not report the
    /// child's failure meanwhile.
    func holdIfInterrupted() {
        while state.withLock({ $0.interrupted }) { sleep(1) }
    }

    private func stopAndClean() {
        state.withLock { $0.interrupted = true }
        // A child being started has its pid recorded within microseconds; wait for it.
        for _ in 0..<200 where state.withLock({ $0.spawning }) { usleep(10_000) }
        let (child, group) = state.withLock { ($0.child, $0.group) }
        if let child {
            kill(group ? -child : child, SIGTERM)
            var raw: Int32 = 0
            // Waits briefly: the child's waiting thread may reap it first.
            for _ in 0..<50 where waitpid(child, &raw, WNOHANG) == 0 { usleep(100_000) }
        }
        clean()
    }
}
