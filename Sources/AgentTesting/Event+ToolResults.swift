import AgentCore

extension Sequence where Element == Event {
    /// The tool results among these events, in order.
    public var toolResults: [ToolResultRecord] {
        compactMap { event in
            if case .toolResult(let record) = event.payload { return record }
            return nil
        }
    }
}
