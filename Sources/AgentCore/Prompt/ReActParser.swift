/// What a model turn in the text ReAct format says.
public enum ReActStep: Sendable, Hashable {
    /// A tool call: the thought before it, the tool's name, and its input text.
    case action(thought: String, tool: String, input: String)
    /// The final answer, with the thought before it.
    case finalAnswer(thought: String, answer: String)
    /// Neither could be found; the reason is shown to the model in the repair turn.
    case unparseable(reason: String)
}

/// Reads Thought / Action / Action Input / Final Answer text, leniently.
///
/// Small models decorate labels (`**Action:**`), write `Action: tool[input]`, fence the
/// input in ```json blocks, or run on into an invented "Observation:". All of that is
/// accepted; only a turn with neither an action nor an answer is unparseable.
public struct ReActParser: Sendable {
    /// Whether an Action Input that starts as JSON ends with its first complete value:
    /// small models run on after it with an invented result or a second action, which
    /// must not become part of the input.
    public var firstJSONInput: Bool

    /// A parser.
    public init(firstJSONInput: Bool = true) { self.firstJSONInput = firstJSONInput }

    /// Parses one model turn.
    public func parse(_ text: String) -> ReActStep {
        var body = text
        // Anything after an invented observation is the model talking to itself.
        if let cut = findLabel("observation", in: body) { body = String(body[..<cut.start]) }
        let final = findLabel("final answer", in: body)
        let action = findLabel("action", in: body)
        if let final, action.map({ final.start < $0.start }) ?? true {
            let answer = String(body[final.end...]).trimmingWhitespace
            if answer.isEmpty { return .unparseable(reason: "'Final Answer:' is followed by nothing") }
            return .finalAnswer(thought: thought(in: body, before: final.start), answer: answer)
        }
        guard let action else {
            return .unparseable(reason: "found neither 'Action:' nor 'Final Answer:'")
        }
        let inputLabel = findLabel("action input", in: body)
        let nameEnd = inputLabel?.start ?? body.endIndex
        var name = String(body[action.end..<max(action.end, nameEnd)]).trimmingWhitespace
        var input = inputLabel.map { String(body[$0.end...]) } ?? ""
        // `Action: tool[input]` or `Action: tool(input)` on one line.
        if let firstLine = name.split(separator: "\n", omittingEmptySubsequences: false).first {
            let line = String(firstLine)
            if let open = line.firstIndex(where: { $0 == "[" || $0 == "(" }), line.last == "]" || line.last == ")" {
                if input.trimmingWhitespace.isEmpty {
                    input = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
                }
                name = String(line[..<open])
            } else {
                name = line
            }
        }
        name = name.trimmingCharacters(in: "`*\"' \t")
        if name.isEmpty { return .unparseable(reason: "'Action:' names no tool") }
        let read = firstJSONInput ? (Self.firstJSONValue(in: input) ?? unfence(input)) : unfence(input)
        return .action(thought: thought(in: body, before: action.start), tool: name, input: read)
    }

    /// The first complete JSON object or array at the start of `input` (after blank space
    /// and an opening code fence), or nil when it does not start with one or never closes.
    static func firstJSONValue(in input: String) -> String? {
        var text = Substring(input.trimmingWhitespace)
        if text.hasPrefix("```") {
            guard let newline = text.firstIndex(of: "\n") else { return nil }
            text = text[text.index(after: newline)...].drop(while: \.isWhitespace)
        }
        guard let first = text.first, first == "{" || first == "[" else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            switch character {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]":
                depth -= 1
                if depth == 0 { return String(text[...index]) }
            default: break
            }
        }
        return nil
    }

    private func thought(in text: String, before end: String.Index) -> String {
        var head = String(text[..<end])
        if let t = findLabel("thought", in: head) { head = String(head[t.end...]) }
        return head.trimmingWhitespace
    }

    /// Strips a Markdown code fence and surrounding blank space.
    private func unfence(_ input: String) -> String {
        var s = input.trimmingWhitespace
        if s.hasPrefix("```") {
            if let newline = s.firstIndex(of: "\n") { s = String(s[s.index(after: newline)...]) } else { s = "" }
            if let close = s.range(of: "```", options: .backwards) { s = String(s[..<close.lowerBound]) }
        }
        return s.trimmingWhitespace
    }

    /// Finds `label:` at the start of a line (case-insensitive, Markdown decoration allowed).
    private func findLabel(_ label: String, in text: String) -> (start: String.Index, end: String.Index)? {
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            var i = lineStart
            while i < lineEnd, " \t*#>_".contains(text[i]) { i = text.index(after: i) }
            var j = i
            var matched = true
            for expected in label {
                guard j < lineEnd, text[j].lowercased() == String(expected) else {
                    matched = false
                    break
                }
                j = text.index(after: j)
            }
            if matched {
                while j < lineEnd, "*_ ".contains(text[j]) { j = text.index(after: j) }
                if j < lineEnd, text[j] == ":" {
                    var end = text.index(after: j)
                    while end < lineEnd, "*_".contains(text[end]) { end = text.index(after: end) }
                    return (lineStart, end)
                }
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) }) ?? first
        return String(self[first...last])
    }
}
