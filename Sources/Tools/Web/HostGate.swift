import Synchronization

/// One request at a time per host, with a minimum pause between them: fetching politeness.
///
/// Waiters are served in arrival order. A waiter that is cancelled leaves the queue at once,
/// so a tool call's timeout is never held up by another call's transfer.
final class HostGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct HostState {
        var busy = false
        var waiters: [Waiter] = []
        var lastFinished: ContinuousClock.Instant?
    }

    private struct State {
        var hosts: [String: HostState] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let minimumDelay: Duration

    /// A gate that leaves at least `minimumDelay` between requests to one host.
    init(minimumDelay: Duration) {
        self.minimumDelay = minimumDelay
    }

    /// Runs `body` when it is `host`'s turn and the pause since the last request there has passed.
    func withTurn<T: Sendable>(host: String, _ body: () async throws -> T) async throws -> T {
        try await acquire(host)
        do {
            let last = state.withLock { $0.hosts[host]?.lastFinished }
            if let last { try await Task.sleep(until: last + minimumDelay, clock: .continuous) }
            let result = try await body()
            release(host)
            return result
        } catch {
            release(host)
            throw error
        }
    }

    private func acquire(_ host: String) async throws {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                state.withLock { s in
                    // Checked under the lock: either the cancel handler already ran (and found
                    // nothing to remove), or it runs later and finds this waiter queued.
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else if s.hosts[host, default: HostState()].busy {
                        s.hosts[host, default: HostState()].waiters.append(Waiter(id: id, continuation: continuation))
                    } else {
                        s.hosts[host, default: HostState()].busy = true
                        continuation.resume()
                    }
                }
            }
        } onCancel: {
            state.withLock { s in
                guard let index = s.hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return }
                s.hosts[host]?.waiters.remove(at: index).continuation.resume(throwing: CancellationError())
            }
        }
    }

    private func release(_ host: String) {
        state.withLock { s in
            s.hosts[host]?.lastFinished = .now
            if let next = s.hosts[host]?.waiters.first {
                s.hosts[host]?.waiters.removeFirst()
                next.continuation.resume()  // the turn passes on; the host stays busy
            } else {
                s.hosts[host]?.busy = false
            }
        }
    }
}
