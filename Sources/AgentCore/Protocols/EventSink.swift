/// Receives every event of a run as it happens: the transcript writer, the terminal view.
public protocol EventSink: Sendable {
    /// Takes one event. Throwing stops the run: an event that cannot be recorded would
    /// make the transcript lie.
    func record(_ event: Event) throws
}

/// Sends each event to several sinks in order.
public struct EventFanout: EventSink {
    private let sinks: [any EventSink]

    /// A sink that forwards to `sinks`, first to last.
    public init(_ sinks: [any EventSink]) { self.sinks = sinks }

    /// Records `event`.
    public func record(_ event: Event) throws {
        for sink in sinks { try sink.record(event) }
    }
}
