/// An error the user sees as one line on stderr, with the exit code DESIGN.md assigns.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    var message: String
    /// 1 for errors, 2 for usage.
    var exitCode: Int32

    /// A runtime error (exit 1).
    static func failure(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }

    /// A usage error: bad flags or input (exit 2).
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }

    var description: String { message }
}
