import Foundation

/// The pipe the SIGINT handler writes a byte to for each press (1; 0 stops the reader).
/// A handler may only make async-signal-safe calls, and write(2) is one.
private let interruptPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, -1) }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}()

/// Turns Ctrl-C into cancellation of a task: the first press cancels the run (which then
/// records run.end as cancelled), a second press exits at once.
///
/// The handler is a plain signal handler, installed before `init` returns. A dispatch
/// signal source registers asynchronously, and with SIGINT ignored meanwhile (as it must
/// be, or the default action kills the process) a press in that window is lost, and the
/// run goes on to its end, as the suite's Ctrl-C test once saw under load.
final class Interrupts: Sendable {
    init(cancel: @escaping @Sendable () -> Void) {
        let pipe = interruptPipe
        guard pipe.read >= 0 else { return }
        Thread {
            var byte: UInt8 = 0
            var presses = 0
            while true {
                let n = read(pipe.read, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                guard n == 1, byte == 1 else { return }
                presses += 1
                if presses == 1 {
                    StandardError.line("\nresearch-agent: cancelling (Ctrl-C again to quit now)")
                    cancel()
                } else {
                    exit(130)
                }
            }
        }.start()
        signal(SIGINT) { _ in
            var press: UInt8 = 1
            _ = write(interruptPipe.write, &press, 1)
        }
    }

    deinit {
        signal(SIGINT, SIG_DFL)
        var stop: UInt8 = 0
        _ = write(interruptPipe.write, &stop, 1)
    }
}
