/// One dispatched Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; nil when the event had none (the spec's default type "message").
    public var event: String?
    /// All `data:` lines of the event joined with "\n".
    public var data: String
    /// The last event ID in effect when this event was dispatched (it persists across events, per spec); nil when empty.
    public var id: String?

    /// Creates an event.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
