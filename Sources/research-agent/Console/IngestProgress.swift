import Foundation
import Retrieval

/// Shows ingestion progress on stderr: a bar redrawn in place on a terminal, else a line
/// every ten seconds, so a long `docs add` never looks hung in a log either.
final class IngestProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastDraw = Date.distantPast

    /// Reports one step of progress.
    func update(_ p: Ingestion.Progress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let interval = terminal ? 0.1 : 10
        guard now.timeIntervalSince(lastDraw) >= interval || p.files == p.totalFiles else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(p.files) / elapsed : 0
        let left = rate > 0 ? Double(p.totalFiles - p.files) / rate : 0
        let width = 24
        let filled = p.totalFiles > 0 ? width * p.files / p.totalFiles : width
        var line = String(format: "%d/%d files · %d chunks · %.0f files/s", p.files, p.totalFiles, p.chunks, rate)
        if p.embedded > 0 { line += String(format: " · %.0f embeddings/s", Double(p.embedded) / max(elapsed, 0.001)) }
        line += " · \(Self.duration(left)) left"
        if terminal {
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            StandardError.write("\r\u{1B}[2K[\(bar)] \(line)")
        } else {
            StandardError.line("docs: \(line)")
        }
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if terminal && lastDraw != .distantPast { StandardError.line("") }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
