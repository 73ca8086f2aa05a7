/// The grammar a ReAct turn must match, in GBNF (llama.cpp's grammar format).
///
/// A turn is one line of thought, then either one call of a tool that exists, with
/// arguments that follow its JSON Schema, or a final answer. Sampling under it cannot
/// produce an unknown tool, arguments that do not parse, or an invented observation after
/// the call: the grammar ends with the call's closing brace. The text depends only on the
/// tools and the kind of turn (`Turn`).
///
/// The schema subset is the one `SchemaValidator` checks. Long length limits and most
/// numeric bounds are left to the validator: GBNF spells `{0,n}` as n nested rules, too
/// many for a 4,000 character limit.
public enum TurnGrammar {
    /// What a turn may be.
    public enum Turn: Sendable, Hashable {
        /// A tool call or a final answer.
        case callOrAnswer
        /// Only a final answer: the last step, and the turn after a repeated call.
        case answer
        /// Only a final answer that cites one of these source numbers: the turn that asks
        /// for citations, and answer-only turns once sources were found (`citedAnswers`).
        case citedAnswer(sources: [Int])
        /// A tool call or a final answer that cites one of these source numbers.
        case callOrCitedAnswer(sources: [Int])

        /// Whether the turn may call a tool.
        public var allowsCalls: Bool {
            switch self {
            case .callOrAnswer, .callOrCitedAnswer: true
            case .answer, .citedAnswer: false
            }
        }

        /// The numbers an answer must cite one of; nil when it need cite none.
        public var cited: [Int]? {
            switch self {
            case .citedAnswer(let sources), .callOrCitedAnswer(let sources): sources.isEmpty ? nil : sources
            case .callOrAnswer, .answer: nil
            }
        }
    }

    /// The grammar for turns of `kind` with `tools` offered.
    public static func gbnf(tools: [ToolSchema], turn kind: Turn = .callOrAnswer) -> String {
        var builder = Builder()
        var calls: [String] = []
        for (index, tool) in tools.enumerated() where kind.allowsCalls {
            let arguments = builder.rule(for: tool.parameters, name: "tool\(index)-args")
            calls.append(literal("\(tool.name)\nAction Input: ") + " " + arguments)
        }
        var lines = [
            calls.isEmpty ? "root ::= \"Thought: \" thought \"\\n\" final" : "root ::= \"Thought: \" thought \"\\n\" ( action | final )",
            "thought ::= [^\\n[]{1,\(maxThoughtCharacters)}",
        ]
        if !calls.isEmpty { lines.append("action ::= \"Action: \" ( " + calls.joined(separator: " | ") + " )") }
        if let sources = kind.cited {
            // After its first citation the answer goes on as any answer may.
            lines.append(
                "final ::= \"Final Answer: \" [^\\n[]{1,\(maxAnswerCharacters)} source [^\\n]* ( \"\\n\" [^\\n]* )*")
            lines.append("source ::= " + sources.map { literal("[\($0)]") }.joined(separator: " | "))
        } else {
            lines.append("final ::= \"Final Answer: \" [^\\n]+ ( \"\\n\" [^\\n]* )*")
        }
        lines += builder.rules
        if !calls.isEmpty { lines += primitives }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The longest thought: one line, without citations. A small model that may write on
    /// runs on to its reply cap (a 512-token thought took 42 s) and never acts.
    static let maxThoughtCharacters = 300

    /// The longest answer before its first citation in the turn that asks for citations.
    static let maxAnswerCharacters = 400

    /// JSON's building blocks; `value` is any JSON, for a schema that says nothing.
    static let primitives = [
        "ws ::= \" \"?",
        "string ::= \"\\\"\" char* \"\\\"\"",
        "char ::= [^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ( [\"\\\\/bfnrt] | \"u\" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] )",
        "number ::= \"-\"? ( \"0\" | [1-9] [0-9]{0,14} ) ( \".\" [0-9]{1,8} )? ( [eE] [-+]? [0-9]{1,3} )?",
        "boolean ::= \"true\" | \"false\"",
        "value ::= object | array | string | number | boolean | \"null\"",
        "object ::= \"{\" ws ( string ws \":\" ws value ( \",\" ws string ws \":\" ws value )* )? ws \"}\"",
        "array ::= \"[\" ws ( value ( \",\" ws value )* )? ws \"]\"",
    ]

    /// A GBNF string literal that matches `text` exactly.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Collects the rules one grammar needs, named after where in a schema they sit.
    struct Builder {
        var rules: [String] = []

        /// The expression for values of `schema`; rules it needs are added under `name`.
        mutating func rule(for schema: JSONValue, name: String) -> String {
            guard case .object(let s) = schema else { return "value" }
            if let options = s["enum"]?.arrayValue, !options.isEmpty {
                return "( " + options.map { literal($0.canonicalText) }.joined(separator: " | ") + " )"
            }
            if let constant = s["const"] { return literal(constant.canonicalText) }
            if let alternatives = s["anyOf"]?.arrayValue ?? s["oneOf"]?.arrayValue, !alternatives.isEmpty {
                let parts = alternatives.enumerated().map { rule(for: $1, name: "\(name)-\($0)") }
                return "( " + parts.joined(separator: " | ") + " )"
            }
            if let types = s["type"]?.arrayValue {
                let parts = types.enumerated().map { index, type in
                    var single = s
                    single["type"] = type
                    return rule(for: .object(single), name: "\(name)-\(index)")
                }
                return "( " + parts.joined(separator: " | ") + " )"
            }
            switch s["type"]?.stringValue {
            case "string":
                // A bound keeps a small model from writing a query to the end of its reply.
                guard let most = s["maxLength"]?.intValue, most <= Self.maxBoundedLength else { return "string" }
                return "( \"\\\"\" char{\(min(s["minLength"]?.intValue ?? 0, most)),\(most)} \"\\\"\" )"
            case "integer": return integerRule(s)
            case "number": return "number"
            case "boolean": return "boolean"
            case "null": return "\"null\""
            case "array":
                let item = s["items"].map { rule(for: $0, name: "\(name)-item") } ?? "value"
                rules.append("\(name) ::= \"[\" ws ( \(item) ( \",\" ws \(item) )* )? ws \"]\"")
                return name
            case "object": return objectRule(s, name: name)
            default: return "value"
            }
        }

        /// Integers in `minimum...maximum`: each one spelled out when there are few (a
        /// small model under a grammar that allows any digit next tends to write zeros to
        /// the end of its reply), else at most as many digits as the bounds have.
        private func integerRule(_ s: JSONObject) -> String {
            let low = s["minimum"]?.intValue, high = s["maximum"]?.intValue
            if let low, let high, low <= high, high - low < 32 {
                return "( " + (low...high).map { literal(String($0)) }.joined(separator: " | ") + " )"
            }
            let widest = high.map { max(String(abs($0)).count, String(abs(low ?? 0)).count) } ?? Self.maxDigits
            let sign = (low ?? -1) < 0 ? "\"-\"? " : ""
            return "( \(sign)( \"0\" | [1-9] [0-9]{0,\(max(0, widest - 1))} ) )"
        }

        /// The longest string whose length limit the grammar spells out; longer limits
        /// (code, page text) are left to the validator.
        static let maxBoundedLength = 1000

        /// The most digits an integer without bounds may have (JSON numbers are doubles).
        static let maxDigits = 15

        /// An object with its required properties first, in the order `required` lists
        /// them, then any of the others, in the schema's order.
        private mutating func objectRule(_ s: JSONObject, name: String) -> String {
            let properties = s["properties"]?.objectValue ?? JSONObject()
            guard s["additionalProperties"] == .bool(false) || !properties.isEmpty else { return "object" }
            let required = (s["required"]?.arrayValue?.compactMap(\.stringValue) ?? []).filter { properties[$0] != nil }
            let optional = properties.fields.map(\.key).filter { !required.contains($0) }
            var pairs: [String: String] = [:]
            for (index, key) in (required + optional).enumerated() {
                // Numbered rather than named after the key, which may hold any character.
                let valueRule = rule(for: properties[key] ?? .object([:]), name: "\(name)-\(index)")
                pairs[key] = literal(JSONValue.string(key).canonicalText) + " ws \":\" ws " + valueRule
            }
            // Each optional property may follow what came before it, after a comma.
            var tail = ""
            for key in optional.reversed() {
                tail = "( \",\" ws \(pairs[key] ?? "") )? " + tail
            }
            var body: String
            if required.isEmpty {
                // Without a required first property, any optional one may open the object.
                var openings: [String] = []
                for (index, key) in optional.enumerated() {
                    let rest = optional[(index + 1)...].map { "( \",\" ws \(pairs[$0] ?? "") )?" }.joined(separator: " ")
                    openings.append(rest.isEmpty ? pairs[key] ?? "" : "\(pairs[key] ?? "") \(rest)")
                }
                body = openings.isEmpty ? "" : "( " + openings.joined(separator: " | ") + " )? "
            } else {
                body = required.map { pairs[$0] ?? "" }.joined(separator: " \",\" ws ") + " " + tail
            }
            rules.append("\(name) ::= \"{\" ws \(body)ws \"}\"")
            return name
        }
    }
}
