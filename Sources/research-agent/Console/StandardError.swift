import Foundation

/// Lines for people on standard error: notices, warnings, progress and errors, which are
/// never the command's output (that goes to standard output, or `--json` events). Console
/// code writing partial lines (a prompt, a progress bar) uses `write`.
enum StandardError {
    /// Writes `text` and a line break.
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes `text` as it is.
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
