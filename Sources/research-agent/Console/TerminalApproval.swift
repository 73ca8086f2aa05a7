import Foundation
import Synchronization
import Tools

/// Shows each snippet on the terminal and asks: yes, no, or always (for the run, or for
/// the session when one approval serves its runs).
final class TerminalApproval: CodeApproval {
    /// Whether the user answered "always"; one question at a time.
    private let state = Mutex(false)
    private let asking = NSLock()

    /// What "always" lasts for, as the question names it: "this run" or "this session".
    private let scope: String

    /// An approval whose "always" lasts for `scope`.
    init(scope: String = "this run") { self.scope = scope }

    /// Whether the user answered "always".
    var alwaysApproved: Bool { state.withLock { $0 } }

    func approve(language: String, code: String) async -> Bool {
        if state.withLock({ $0 }) { return true }
        // Reading the terminal blocks: do it on a thread of its own, one question at a time.
        return await withCheckedContinuation { continuation in
            Thread {
                self.asking.lock()
                defer { self.asking.unlock() }
                continuation.resume(returning: self.ask(language: language, code: code))
            }.start()
        }
    }

    private func ask(language: String, code: String) -> Bool {
        if state.withLock({ $0 }) { return true }
        let shown = code.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }.joined(separator: "\n")
        StandardError.line("\nThe agent wants to run this \(language) code in the sandbox:\n\(shown)")
        while true {
            StandardError.write("Run it? [y]es / [n]o / [a]lways for \(scope): ")
            guard let line = readLine() else { return false }
            switch line.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return true
            case "n", "no", "": return false
            case "a", "always":
                state.withLock { $0 = true }
                return true
            default: continue
            }
        }
    }
}
