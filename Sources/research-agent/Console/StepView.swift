import AgentCore
import Transcript

/// `replay --step N` for people: the request message by message, the response, each tool
/// call with its full result, the budget and what the loop did next.
enum StepView {
    /// The whole step as text.
    static func render(_ s: StepInspection, style: Style) -> String {
        var out =
            style.bold("Step \(s.step)")
            + style.dim(" · \(s.request.provider)/\(s.request.model) · request sha256 \(Digest.sha256(s.request.body))") + "\n"
        let total = s.messages.reduce(0) { $0 + $1.tokens }
        out += "\n" + style.bold("Request") + style.dim(" · \(s.messages.count) messages · about \(total) tokens") + "\n"
        if !s.toolsOffered.isEmpty { out += style.dim("tools offered: \(s.toolsOffered.joined(separator: ", "))") + "\n" }
        if let grammar = s.request.body["grammar"]?.stringValue { out += style.dim("grammar: \(grammar.utf8.count) bytes of GBNF") + "\n" }
        for (i, m) in s.messages.enumerated() {
            out += "\n" + style.cyan("── \(i + 1). \(m.role) · about \(m.tokens) tokens ──") + "\n" + m.text + "\n"
        }
        out += "\n" + style.bold("Response") + "\n"
        if let r = s.response {
            out +=
                style.dim(
                    "\(r.turn.usage.input) in / \(r.turn.usage.output) out tokens (\(r.turn.usage.cached) cached) · \(r.latencyMS) ms · finish: \(r.turn.finishReason)"
                ) + "\n"
            if !r.turn.text.isEmpty { out += r.turn.text + "\n" }
            for call in r.turn.toolCalls { out += style.cyan("[call \(call.id)] \(call.name)") + " \(call.arguments)\n" }
            if !r.turn.raw.isNull { out += style.dim("raw:") + "\n" + r.turn.raw.prettyText + "\n" }
        } else {
            out += style.dim("(none: the call failed or was cancelled)") + "\n"
        }
        for c in s.calls {
            out += "\n" + style.bold("Tool call \(c.call.id)") + " " + style.cyan(c.call.name) + " " + c.call.arguments.canonicalText + "\n"
            guard let r = c.result else {
                out += style.dim("(no result: the run ended first)") + "\n"
                continue
            }
            var notes = ["\(r.latencyMS) ms", "\(r.output.utf8.count) bytes"]
            if r.isError { notes.append("error") }
            if r.truncated { notes.append("the prompt showed part of it") }
            if r.tainted { notes.append("outside text") }
            if !r.sources.isEmpty { notes.append("sources " + r.sources.map { "[\($0.number)]" }.joined()) }
            out += style.dim(notes.joined(separator: " · ")) + "\n" + r.output + "\n"
        }
        if let b = s.budget {
            let cost = b.spent.costUSD.map { String(format: "$%.4f", $0) } ?? "cost unknown"
            out +=
                "\n" + style.bold("Budget") + " "
                + "spent \(ConsoleView.count(b.spent.steps, "step")), \(b.spent.inputTokens) in / \(b.spent.outputTokens) out tokens, \(cost), \(ConsoleView.count(b.spent.toolCalls, "tool call")); "
            var left = ["\(b.left.steps) steps"]
            if let c = b.left.costUSD { left.append(String(format: "$%.4f", c)) }
            if let t = b.left.seconds { left.append(String(format: "%.0f s", t)) }
            out += "left " + left.joined(separator: ", ") + "\n"
        }
        out += "\n" + style.bold("Then") + " " + s.decision + "\n"
        return out
    }
}
