import AgentCore
import Foundation
import Synchronization
import Transcript

/// Shows a run to a person as it happens: each step's thought, its actions with their
/// arguments, a one-line observation, then the answer and its numbered sources.
/// With `--json` it prints each event as its transcript line instead.
final class ConsoleView: EventSink, Sendable {
    private let json: Bool
    private let style: Style
    private let secrets: [String]
    private let output: Mutex<FileHandle>
    private let cache = RequestLineCache()

    /// A view writing to `output`; `secrets` never appear in what it prints.
    init(json: Bool, style: Style, secrets: [String] = [], output: FileHandle = .standardOutput) {
        self.json = json
        self.style = style
        self.secrets = secrets
        self.output = Mutex(output)
    }

    func record(_ event: Event) throws {
        let data: Data
        if json {
            data = Data(Redaction.line(event, hiding: secrets, cache: cache) + [UInt8(ascii: "\n")])
        } else {
            var text = render(event)
            for secret in secrets where secret.count >= 8 { text = text.replacingOccurrences(of: secret, with: "[REDACTED]") }
            data = Data(text.utf8)
        }
        guard !data.isEmpty else { return }
        output.withLock { $0.write(data) }
    }

    /// The human lines for one event (empty for events people need not see live).
    func render(_ event: Event) -> String {
        switch event.payload {
        case .runStart(let r):
            var line = "research-agent · \(r.config.provider)/\(r.config.model) · up to \(Self.count(r.config.budget.maxSteps, "step"))"
            if let session = r.session {
                // What a follow-up saw of its session, so a replay of it reads on its own.
                let earlier = session.turns.count + session.condensed.count
                line += " · session \(session.id.prefix(8))"
                if earlier > 0 { line += ", after \(Self.count(earlier, "earlier question"))" }
            }
            if let fork = r.fork {
                line += " · fork of \(fork.parentRun.prefix(8)) from step \(fork.step)"
                if !fork.changes.isEmpty { line += ": " + fork.changes.joined(separator: "; ") }
            }
            return style.dim(line) + "\n"
        case .llmRequest(let r)
        where r.body["messages"]?.arrayValue?.last?["content"]?.stringValue?.hasPrefix(SystemPrompt.rereadOpening) == true:
            return style.dim("Reading the answer again from the sources alone") + "\n"
        case .llmResponse(let r):
            let thought = r.turn.toolCalls.isEmpty ? "" : r.turn.text.trimmingCharacters(in: .whitespacesAndNewlines)
            var out =
                style.bold("Step \(r.step)") + style.dim(" · \(r.turn.usage.input) in / \(r.turn.usage.output) out · \(r.latencyMS) ms")
                + "\n"
            if !thought.isEmpty { out += "  " + style.dim(thought.oneLine(limit: 300)) + "\n" }
            return out
        case .toolCall(let r):
            // Step 0 is the loop's own opening search, made before the model's first turn.
            let heading = r.step == 0 ? style.dim("Opening search: the question as the query") + "\n" : ""
            return heading + "  " + style.cyan("→ \(r.name)") + " " + r.arguments.canonicalText.oneLine(limit: 160) + "\n"
        case .toolResult(let r):
            let mark = r.isError ? style.red("✗") : style.green("←")
            return "  \(mark) " + style.dim(r.output.oneLine(limit: 160)) + "\n"
        case .memoryRead(let r) where r.step == 0:
            return style.dim("Recalled \(r.items.count) \(r.items.count == 1 ? "memory" : "memories") from earlier runs") + "\n"
        case .memoryWrite(let r) where r.kind == "answer":
            return ""
        case .memoryWrite(let r):
            return "  " + style.dim("remembered \(r.id): " + r.text.oneLine(limit: 140)) + "\n"
        case .error(let r) where r.kind == "parse":
            return "  " + style.yellow("! reply not in the expected format (\(r.message)); asking again") + "\n"
        case .error(let r) where r.kind == "citation":
            return "  " + style.yellow("! the answer cites no source; asking once more with the sources listed") + "\n"
        case .error(let r):
            return style.red("error: \(r.message)") + "\n"
        case .runEnd(let r):
            return Self.summary(r, style: style)
        default:
            return ""
        }
    }

    /// The answer, its sources and the totals.
    static func summary(_ r: RunEndRecord, style: Style) -> String {
        var out = "\n"
        switch r.status {
        case .answered: break
        case .budget, .loop: out += style.yellow("Stopped without a final answer: \(r.reason ?? r.status.rawValue).") + "\n"
        case .cancelled: out += style.yellow("Cancelled.") + "\n"
        case .error: out += style.red("Failed: \(r.reason ?? "error").") + "\n"
        }
        if !r.answer.isEmpty {
            out += (r.status == .answered ? style.bold("Answer") : style.bold("Best answer so far")) + "\n" + r.answer + "\n"
        }
        if !r.citations.isEmpty {
            out += "\n" + style.bold("Sources") + "\n"
            for c in r.citations {
                let title = c.source.title.map { "\($0) — " } ?? ""
                out += "  [\(c.number)] \(title)\(c.source.ref)\n"
            }
        }
        let t = r.totals
        let cost = t.costUSD.map { String(format: "$%.4f", $0) } ?? "cost unknown"
        out +=
            style.dim(
                "\n\(Self.count(t.steps, "step")) · \(Self.count(t.toolCalls, "tool call")) · \(t.inputTokens) in / \(t.outputTokens) out tokens · \(cost) · \(String(format: "%.1f", Double(t.elapsedMS) / 1000)) s"
            ) + "\n"
        return out
    }

    /// "1 step", "3 steps".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
