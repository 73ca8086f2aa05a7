/// What went wrong with an MCP server or its configuration, as one line for the user.
public struct MCPError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// An MCP error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
