import Synchronization

/// The ordered queue of scripted replies plus a serial counter for ids, shared by connection threads.
final class ReplyScript<Reply: Sendable>: Sendable {
    private struct State {
        var next = 0
        var serial = 0
    }

    private let replies: [Reply]
    private let state = Mutex(State())

    /// Creates a script; replies are handed out one per request, in order.
    init(_ replies: [Reply]) {
        self.replies = replies
    }

    /// Takes the next reply; nil once the script has run out.
    func next() -> Reply? {
        state.withLock { state in
            guard state.next < replies.count else { return nil }
            defer { state.next += 1 }
            return replies[state.next]
        }
    }

    /// How many replies have not been used yet.
    var remaining: Int { state.withLock { replies.count - min($0.next, replies.count) } }

    /// Total number of scripted replies.
    var count: Int { replies.count }

    /// A fresh number for response ids, unique within this server.
    func nextSerial() -> Int {
        state.withLock { state in
            state.serial += 1
            return state.serial
        }
    }
}
