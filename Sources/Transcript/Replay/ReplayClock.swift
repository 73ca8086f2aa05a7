import AgentCore
import Synchronization

/// The clock of a replayed run: it reads the instant of the recorded event that the last
/// replayed answer came from, so budgets and latencies see the original times.
public final class ReplayClock: Clock, Sendable {
    private let current: Mutex<Instant>

    /// A clock at the run's recorded start.
    public init(start: Instant) { current = Mutex(start) }

    /// The current instant.
    public func now() -> Instant { current.withLock { $0 } }

    /// Moves the clock to a recorded instant.
    public func set(_ instant: Instant) { current.withLock { $0 = instant } }
}
