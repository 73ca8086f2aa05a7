/// Asks the user whether one snippet may run (a terminal prompt in the command line).
public protocol CodeApproval: Sendable {
    /// Whether `code` in `language` may run now.
    func approve(language: String, code: String) async -> Bool
}
