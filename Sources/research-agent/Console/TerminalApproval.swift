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

    /// One approval per MCP server configured with `approve`, asked on this terminal, so
    /// "always" holds for one server only; nil without a terminal to ask on.
    static func perServer(scope: String = "this run") -> (@Sendable (String) -> any CodeApproval)? {
        guard CodeOptions.interactive else { return nil }
        return { @Sendable _ in TerminalApproval(scope: scope) }
    }

    /// Whether the user answered "always".
    var alwaysApproved: Bool { state.withLock { $0 } }

    func approve(question: String, shown: String) async -> Bool {
        if state.withLock({ $0 }) { return true }
        // A pipe the cancellation writes to wakes the reading thread, so Ctrl-C while the
        // question waits declines the snippet and the run can end as cancelled.
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return false }
        defer { fds.forEach { close($0) } }
        let wake = fds[1]
        let cancel = fds[0]
        return await withTaskCancellationHandler {
            // Reading the terminal blocks: do it on a thread of its own, one question at a time.
            await withCheckedContinuation { continuation in
                Thread {
                    self.asking.lock()
                    defer { self.asking.unlock() }
                    continuation.resume(returning: self.ask(question: question, shown: shown, cancel: cancel))
                }.start()
            }
        } onCancel: {
            var byte: UInt8 = 1
            _ = write(wake, &byte, 1)
        }
    }

    private func ask(question: String, shown: String, cancel: Int32) -> Bool {
        if state.withLock({ $0 }) { return true }
        let lines = shown.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }.joined(separator: "\n")
        StandardError.line("\n\(question)\n\(lines)")
        while true {
            StandardError.write("Run it? [y]es / [n]o / [a]lways for \(scope): ")
            guard let line = Self.readLine(cancel: cancel) else { return false }
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

    /// One line of standard input, read with read(2) byte by byte: nothing is buffered past
    /// the line (the session's line editor reads what follows), an end of input now does not
    /// stick to later questions as a stdio stream's would, and a byte on `cancel` gives up.
    private static func readLine(cancel: Int32) -> String? {
        var bytes: [UInt8] = []
        while true {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: cancel, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[1].revents != 0 { return nil }
            var byte: UInt8 = 0
            let n = read(STDIN_FILENO, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
