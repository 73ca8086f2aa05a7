import Dispatch
import Foundation

/// Turns Ctrl-C into cancellation of a task: the first press cancels the run (which then
/// records run.end as cancelled), a second press exits at once.
final class Interrupts: @unchecked Sendable {
    // Touched only on the signal source's serial queue.
    private var presses = 0
    private let source: any DispatchSourceSignal

    init(cancel: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let queue = DispatchQueue(label: "research-agent.interrupts")
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        source.setEventHandler { [unowned self] in
            presses += 1
            if presses == 1 {
                FileHandle.standardError.write(Data("\nresearch-agent: cancelling (Ctrl-C again to quit now)\n".utf8))
                cancel()
            } else {
                exit(130)
            }
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
