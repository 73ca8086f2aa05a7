import Foundation
import Synchronization

/// The pipe the signal handlers write a byte to for each signal (1 for SIGINT, 2 for SIGTERM
/// or SIGHUP; 0 stops the reader).
/// A handler may only make async-signal-safe calls, and write(2) is one.
private let interruptPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}()

/// Turns Ctrl-C into cancellation of a task: the first press cancels the work in progress
/// (a run then records run.end as cancelled), a second press exits at once. SIGTERM and
/// SIGHUP (`timeout`, systemd, a closed terminal, a pod's eviction) are taken the same
/// way, so that they too end the run with its record whole; with nothing in progress they
/// exit at once.
///
/// The handler is a plain signal handler, installed before `init` returns. A dispatch
/// signal source registers asynchronously, and with SIGINT ignored meanwhile (as it must
/// be, or the default action kills the process) a press in that window is lost, and the
/// run goes on to its end, as the suite's Ctrl-C test once saw under load.
final class Interrupts: Sendable {
    /// Presses that cancelled something since the last `rearm`.
    private let presses = Presses()

    /// - Parameter cancel: cancels the work in progress; false when nothing is in progress,
    ///   and the press is then ignored (a session between its questions).
    init(cancel: @escaping @Sendable () -> Bool) {
        let pipe = interruptPipe
        guard pipe.read >= 0 else { return }
        let presses = self.presses
        // The terminal as it is now, with no line being edited: exiting from the reader
        // thread while a session's prompt waits would leave it in the editor's raw mode
        // (no echo), so it is put back first.
        var terminal = termios()
        let hasTerminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &terminal) == 0
        let saved = terminal
        @Sendable func exitNow(_ status: Int32) -> Never {
            var restored = saved
            if hasTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &restored) }
            exit(status)
        }
        Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(pipe.read, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                guard n == 1, byte == 1 || byte == 2 else { return }
                let terminated = byte == 2
                guard cancel() else {
                    if terminated { exitNow(143) }
                    continue
                }
                if presses.count.withLock({
                    $0 += 1; return $0
                }) == 1 {
                    StandardError.line(
                        terminated
                            ? "\nresearch-agent: asked to stop; cancelling (a second signal quits now)"
                            : "\nresearch-agent: cancelling (Ctrl-C again to quit now)")
                } else {
                    exitNow(terminated ? 143 : 130)
                }
            }
        }.start()
        signal(SIGINT) { _ in
            var press: UInt8 = 1
            _ = write(interruptPipe.write, &press, 1)
        }
        for stop in [SIGTERM, SIGHUP] {
            signal(stop) { _ in
                var press: UInt8 = 2
                _ = write(interruptPipe.write, &press, 1)
            }
        }
    }

    /// Runs `work` as a task that the first Ctrl-C cancels (a second exits at once), and
    /// returns its value. Ctrl-C is caught before the task starts, so no press can fall
    /// between the two.
    static func cancellable<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let state = Mutex<(task: Task<T, any Error>?, cancelled: Bool)>((nil, false))
        let interrupts = Interrupts {
            state.withLock {
                $0.cancelled = true
                $0.task?.cancel()
            }
            return true
        }
        let running = Task { try await work() }
        state.withLock {
            $0.task = running
            if $0.cancelled { running.cancel() }
        }
        defer { withExtendedLifetime(interrupts) {} }
        return try await running.value
    }

    /// Counts presses from zero again: the next one cancels the next piece of work.
    func rearm() { presses.count.withLock { $0 = 0 } }

    /// The press count, shared with the thread that reads the presses.
    private final class Presses: Sendable {
        let count = Mutex(0)
    }

    deinit {
        for handled in [SIGINT, SIGTERM, SIGHUP] { signal(handled, SIG_DFL) }
        var stop: UInt8 = 0
        _ = write(interruptPipe.write, &stop, 1)
    }
}
