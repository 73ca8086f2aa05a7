import AgentCore
import Foundation
import Transcript

/// `replay A --diff B` for people: both runs step by step, side by side, from the first
/// difference of their requests to the change in what they spent.
enum RunDiffView {
    /// The width of each side's column.
    static let column = 58

    /// The whole comparison as text; `names` label the two runs.
    static func render(_ d: RunDiff, names: (String, String), style: Style) -> String {
        var out = style.bold("A") + " \(names.0)\n   " + style.dim("\(d.a.model) · \(d.a.task.oneLine(limit: 100))") + "\n"
        out += style.bold("B") + " \(names.1)\n   " + style.dim("\(d.b.model) · \(d.b.task.oneLine(limit: 100))") + "\n\n"
        if let first = d.firstDifference {
            out += style.bold("First difference: step \(first)")
            if let diff = d.requestDiff {
                out += " (the request bodies; - A, + B)\n" + diff + "\n"
            } else {
                out += " (one run has no such step)\n"
            }
        } else {
            out += style.bold("The requests are the same at every step") + "\n"
        }
        out += "\n" + style.bold("step  " + pad("A", column) + " │ B") + "\n"
        for step in d.steps {
            let left = lines(step.a)
            let right = lines(step.b)
            let mark = step.sameRequest ? " " : "≠"
            for i in 0..<max(left.count, right.count) {
                let label = i == 0 ? pad("\(step.number)\(mark)", 5) : pad("", 5)
                out += label + " " + pad(i < left.count ? left[i] : "", column) + " │ " + (i < right.count ? right[i] : "") + "\n"
            }
        }
        out += "\n" + style.bold("Answers") + "\n"
        out += "A [\(d.a.status)] " + (d.a.answer.isEmpty ? "(none)" : d.a.answer) + "\n"
        out += "B [\(d.b.status)] " + (d.b.answer.isEmpty ? "(none)" : d.b.answer) + "\n"
        out += "\n" + style.bold("Change A → B") + "\n" + totals(d.a.totals, d.b.totals) + "\n"
        return out
    }

    /// A side's lines: one per tool call, or its text.
    static func lines(_ side: RunDiff.Side?) -> [String] {
        guard let side else { return ["—"] }
        if side.calls.isEmpty { return [fitted("says: " + (side.text ?? ""))] }
        return side.calls.map(fitted)
    }

    static func totals(_ a: Spend, _ b: Spend) -> String {
        func change(_ x: Int, _ y: Int) -> String { "\(x) → \(y) (\(y - x >= 0 ? "+" : "")\(y - x))" }
        var parts = [
            "steps " + change(a.steps, b.steps), "tool calls " + change(a.toolCalls, b.toolCalls),
            "tokens in " + change(a.inputTokens, b.inputTokens), "out " + change(a.outputTokens, b.outputTokens),
        ]
        if let x = a.costUSD, let y = b.costUSD {
            parts.append(String(format: "cost $%.4f → $%.4f (", x, y) + (y - x >= 0 ? "+" : "-") + String(format: "$%.4f)", abs(y - x)))
        } else {
            parts.append("cost unknown")
        }
        parts.append(String(format: "time %.1f s → %.1f s", Double(a.elapsedMS) / 1000, Double(b.elapsedMS) / 1000))
        return parts.joined(separator: " · ")
    }

    /// One line of a column: cut to fit, by the columns it takes (wide characters count two).
    static func fitted(_ text: String) -> String {
        let line = text.oneLine(limit: column - 1)
        guard TerminalWidth.of(line) > column - 1 else { return line }
        return TerminalWidth.prefix(line, columns: column - 2) + "…"
    }

    /// `text` padded with spaces to `width` columns.
    static func pad(_ text: String, _ width: Int) -> String {
        let taken = TerminalWidth.of(text)
        return taken >= width ? text : text + String(repeating: " ", count: width - taken)
    }
}
