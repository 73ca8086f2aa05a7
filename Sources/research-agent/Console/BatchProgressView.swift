import AgentCore
import Evaluation
import Foundation
import Synchronization

/// A batch's progress: on a terminal one live line on stderr (done / total, running,
/// errors, dollars, elapsed, time left); otherwise one line per finished task on stdout;
/// with `--json` one JSON line per event: `task.start`, `task.end` (with the task's
/// results.jsonl fields) and `cost_cap`.
final class BatchProgressView: Sendable {
    private struct State {
        var done = 0
        var running = 0
        var errors = 0
        var spent = 0.0
    }

    private let total: Int
    private let json: Bool
    private let live: Bool
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(total: Int, json: Bool, live: Bool) {
        self.total = total
        self.json = json
        self.live = live
    }

    /// Takes one event of the runner.
    func update(_ event: BatchProgress) {
        let line: String? = state.withLock { state in
            switch event {
            case .started(let key):
                state.running += 1
                return json ? Self.event("task.start", [("id", .string(key.id)), ("epoch", .int(key.epoch))]) : nil
            case .finished(let result):
                state.running -= 1
                state.done += 1
                if result.status == .error { state.errors += 1 }
                state.spent += result.costUSD ?? 0
                if json { return Self.event("task.end", result.json.objectValue.map { Array($0) } ?? []) }
                if live { return nil }
                let cost = result.costUSD.map { String(format: "$%.4f", $0) } ?? "$?"
                return
                    "[\(state.done)/\(total)] \(result.id)#\(result.epoch) \(result.status.rawValue) · \(result.steps) steps · \(cost) · "
                    + String(format: "%.1f s", result.latencySeconds) + (result.error.map { " · \($0)" } ?? "")
            case .costCapReached(let spent, let cap):
                StandardError.line(
                    String(format: "\nbatch: the total cost cap of $%.4f is reached ($%.4f spent); no more tasks start", cap, spent))
                return nil
            }
        }
        if let line { print(line) }
        if live { StandardError.write("\r\u{1B}[K" + status()) }
    }

    /// One `--json` line: the event's name, then its fields.
    private static func event(_ name: String, _ fields: [(key: String, value: JSONValue)]) -> String {
        JSONValue.object(JSONObject(pairs: [("event", .string(name))] + fields.map { ($0.key, $0.value) })).canonicalText
    }

    /// Ends the live line.
    func finish() { if live { StandardError.write("\r\u{1B}[K" + status() + "\n") } }

    private func status() -> String {
        let elapsed = Double((ContinuousClock.now - started).components.seconds)
        return state.withLock { state in
            let left = state.done > 0 ? elapsed / Double(state.done) * Double(total - state.done) : 0
            return "\(state.done)/\(total) done · \(state.running) running · \(state.errors) errors · "
                + String(format: "$%.4f", state.spent) + " · \(Self.clock(elapsed)) elapsed"
                + (state.done > 0 && state.done < total ? " · ~\(Self.clock(left)) left" : "")
        }
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
