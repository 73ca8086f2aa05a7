/// Asks the user whether something the agent wants to do may happen: a snippet run_code
/// would run, or a call of an MCP server's tool (a terminal prompt in the command line).
public protocol CodeApproval: Sendable {
    /// Whether it may happen now; `question` says what (one line), `shown` is the code or the
    /// arguments, shown in full.
    func approve(question: String, shown: String) async -> Bool
}
