import AgentCore
import Foundation

/// Two recorded runs compared step by step, as `replay A --diff B` shows them: where their
/// requests first differ, what each step did in each, the answers and the totals.
public struct RunDiff: Sendable {
    /// One side of a step: its tool calls with a one-line result each, or the answer.
    public struct Side: Sendable, Hashable {
        /// "name {arguments} → first line of the result", one per call; empty when the
        /// step called no tool.
        public var calls: [String]
        /// The step's text when it called no tool (an answer or a reply the loop asked again).
        public var text: String?
    }

    /// One step of both runs (nil on a side that has no such step).
    public struct Step: Sendable {
        /// The step number.
        public var number: Int
        /// The first run's step.
        public var a: Side?
        /// The second run's step.
        public var b: Side?
        /// Whether the two requests of this step are byte for byte the same.
        public var sameRequest: Bool
    }

    /// The first step whose requests differ, nil when every shared step is the same.
    public var firstDifference: Int?
    /// The request bodies' line diff at `firstDifference`.
    public var requestDiff: String?
    /// Every step of the longer run, from step 0 when either run opened with a search.
    public var steps: [Step]
    /// The questions, the answers, the statuses and the totals of each run.
    public var a: Summary
    /// The second run's summary.
    public var b: Summary

    /// What one run asked, answered and spent.
    public struct Summary: Sendable {
        /// The question.
        public var task: String
        /// "provider/model".
        public var model: String
        /// How it ended ("killed" without run.end).
        public var status: String
        /// The final answer ("" without one).
        public var answer: String
        /// The totals at its end (or at its last budget event when it was killed).
        public var totals: Spend
    }

    /// Compares `first` with `second`.
    public init(_ first: TranscriptFile, _ second: TranscriptFile) {
        let ra = first.requests
        let rb = second.requests
        // Each shared step's bodies compared once, for the first difference and the marks.
        let same = zip(ra, rb).map { $0.body == $1.body }
        var difference: Int?
        var diff: String?
        if let i = same.firstIndex(of: false) {
            difference = ra[i].step
            diff = LineDiff.unified(old: ra[i].body.prettyText, new: rb[i].body.prettyText)
        }
        if difference == nil && ra.count != rb.count { difference = min(ra.count, rb.count) + 1 }
        firstDifference = difference
        requestDiff = diff
        let sidesA = Self.sides(first.events)
        let sidesB = Self.sides(second.events)
        steps = (0..<max(ra.count, rb.count)).map { i in
            Step(
                number: i + 1, a: sidesA[i + 1], b: sidesB[i + 1],
                sameRequest: i < same.count && same[i])
        }
        // Step 0, the opening search, has no request: it is the same when its calls are.
        if sidesA[0] != nil || sidesB[0] != nil {
            steps.insert(Step(number: 0, a: sidesA[0], b: sidesB[0], sameRequest: sidesA[0] == sidesB[0]), at: 0)
        }
        a = Self.summary(first)
        b = Self.summary(second)
    }

    /// Each step's side of a run, by step number.
    static func sides(_ events: [Event]) -> [Int: Side] {
        var sides: [Int: Side] = [:]
        var calls: [String: (step: Int, index: Int)] = [:]
        for event in events {
            switch event.payload {
            case .llmResponse(let r):
                let text = r.turn.text.trimmingCharacters(in: .whitespacesAndNewlines)
                sides[r.step] = Side(calls: [], text: r.turn.toolCalls.isEmpty ? text : nil)
            case .toolCall(let c):
                var side = sides[c.step] ?? Side(calls: [], text: nil)
                side.text = nil
                calls[c.id] = (c.step, side.calls.count)
                side.calls.append("\(c.name) \(c.arguments.canonicalText.oneLine(limit: 80))")
                sides[c.step] = side
            case .toolResult(let r):
                guard let at = calls[r.id], at.step == r.step, var side = sides[r.step] else { continue }
                side.calls[at.index] += " → " + (r.isError ? "error: " : "") + r.output.oneLine(limit: 100)
                sides[r.step] = side
            default: break
            }
        }
        return sides
    }

    static func summary(_ file: TranscriptFile) -> Summary {
        let start = file.start
        var totals = Spend()
        for event in file.events { if case .budget(let r) = event.payload { totals = r.spent } }
        return Summary(
            task: start?.task ?? "", model: start.map { "\($0.config.provider)/\($0.config.model)" } ?? "?",
            status: file.end?.status.rawValue ?? "killed", answer: file.end?.answer ?? "", totals: file.end?.totals ?? totals)
    }

    /// The comparison as data (`--diff --json`).
    public var json: JSONValue {
        func side(_ s: Side?) -> JSONValue {
            guard let s else { return .null }
            return ["calls": .array(s.calls.map(JSONValue.string)), "text": .optional(s.text)]
        }
        func summary(_ s: Summary) -> JSONValue {
            [
                "task": .string(s.task), "model": .string(s.model), "status": .string(s.status), "answer": .string(s.answer),
                "totals": EventEncoding.json(s.totals),
            ]
        }
        return [
            "first_difference": firstDifference.map(JSONValue.int) ?? .null, "request_diff": .optional(requestDiff),
            "steps": .array(
                steps.map { ["step": .int($0.number), "same_request": .bool($0.sameRequest), "a": side($0.a), "b": side($0.b)] }),
            "a": summary(a), "b": summary(b),
        ]
    }
}
