import AgentCore
import Synchronization

/// A clock that starts at a fixed instant and moves on by a fixed step at every reading.
public final class SteppingClock: Clock, Sendable {
    private let current: Mutex<Int64>
    private let step: Int64

    /// A clock at `start` that advances `stepMilliseconds` per reading.
    public init(start: Instant = Instant(milliseconds: 1_795_000_000_000), stepMilliseconds: Int64 = 10) {
        current = Mutex(start.milliseconds)
        step = stepMilliseconds
    }

    /// The current instant.
    public func now() -> Instant {
        current.withLock { value in
            defer { value += step }
            return Instant(milliseconds: value)
        }
    }
}

/// A sink that keeps every event in memory.
public final class MemorySink: EventSink, Sendable {
    private let stored = Mutex<[Event]>([])

    /// An empty sink.
    public init() {}

    /// The events so far.
    public var events: [Event] { stored.withLock { $0 } }

    /// Records `event`.
    public func record(_ event: Event) throws { stored.withLock { $0.append(event) } }
}

/// A sink that counts events and keeps none (for benchmarks).
public final class CountingSink: EventSink, Sendable {
    private let counter = Mutex(0)

    /// A sink at zero.
    public init() {}

    /// Events seen.
    public var count: Int { counter.withLock { $0 } }

    /// Records `event`.
    public func record(_ event: Event) throws { counter.withLock { $0 += 1 } }
}
