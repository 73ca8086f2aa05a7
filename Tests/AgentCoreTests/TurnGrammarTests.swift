import Foundation
import AgentCore
import Testing

@Suite struct TurnGrammarTests {
    static let tools = [
        Scratchpad.manifest.schema,
        ToolSchema(
            name: "web_search", description: "Search.",
            parameters: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "minLength": 1, "maxLength": 400],
                    "k": ["type": "integer", "minimum": 1, "maximum": 10],
                ],
                "required": ["query"], "additionalProperties": false,
            ]),
        ToolSchema(
            name: "mixed", description: "Every kind of field.",
            parameters: [
                "type": "object",
                "properties": [
                    "tags": ["type": "array", "items": ["type": "string"]],
                    "offset": ["type": "integer", "minimum": 0],
                    "ratio": ["type": "number"],
                    "flag": ["type": "boolean"],
                    "either": ["anyOf": [["type": "string"], ["type": "null"]]],
                    "anything": [:],
                ],
                "additionalProperties": false,
            ]),
    ]

    /// The rules a grammar defines and the rule names its right-hand sides use, outside
    /// literals, character classes and repetition counts.
    static func rules(_ grammar: String) -> (defined: [String], used: Set<String>) {
        var defined: [String] = []
        var used: Set<String> = []
        for line in grammar.split(separator: "\n") {
            let parts = line.components(separatedBy: " ::= ")
            guard parts.count == 2 else { continue }
            defined.append(parts[0])
            var word = ""
            var inLiteral = false, inClass = false, inCount = false, escaped = false
            for character in parts[1] + " " {
                if escaped {
                    escaped = false
                    continue
                }
                if (inLiteral || inClass) && character == "\\" {
                    escaped = true
                    continue
                }
                if inLiteral {
                    if character == "\"" { inLiteral = false }
                    continue
                }
                if inClass {
                    if character == "]" { inClass = false }
                    continue
                }
                if inCount {
                    if character == "}" { inCount = false }
                    continue
                }
                if character.isLetter || character.isNumber || character == "-" {
                    word.append(character)
                    continue
                }
                if !word.isEmpty { used.insert(word) }
                word = ""
                if character == "\"" { inLiteral = true }
                if character == "[" { inClass = true }
                if character == "{" { inCount = true }
            }
        }
        return (defined, used)
    }

    /// Every rule used is defined, once; the root offers each tool by name with its input.
    @Test func everyRuleIsDefined() {
        for kind in [TurnGrammar.Turn.callOrAnswer, .answer, .citedAnswer(sources: [1, 2, 3]), .callOrCitedAnswer(sources: [2])] {
            let grammar = TurnGrammar.gbnf(tools: Self.tools, turn: kind)
            let (defined, used) = Self.rules(grammar)
            #expect(Set(defined).count == defined.count, "\(grammar)")
            #expect(used.isSubset(of: Set(defined)), "undefined: \(used.subtracting(defined)) in\n\(grammar)")
            #expect(defined.first == "root")
        }
        let grammar = TurnGrammar.gbnf(tools: Self.tools)
        #expect(grammar.contains("\"web_search\\nAction Input: \" tool1-args"))
        #expect(grammar.contains("\"scratchpad\\nAction Input: \" tool0-args"))
        #expect(TurnGrammar.gbnf(tools: Self.tools, turn: .answer) == TurnGrammar.gbnf(tools: [], turn: .answer))
        #expect(!TurnGrammar.gbnf(tools: Self.tools, turn: .answer).contains("Action"))
    }

    /// Required fields come first; a short length limit and a small integer range are
    /// spelled out, so the model cannot run on; enums are their JSON literals.
    @Test func fieldsFollowTheirSchema() {
        let grammar = TurnGrammar.gbnf(tools: Self.tools)
        let search = grammar.split(separator: "\n").first { $0.hasPrefix("tool1-args ::= ") } ?? ""
        #expect(
            search
                == "tool1-args ::= \"{\" ws \"\\\"query\\\"\" ws \":\" ws ( \"\\\"\" char{1,400} \"\\\"\" ) ( \",\" ws \"\\\"k\\\"\" ws \":\" ws "
                + "( \"1\" | \"2\" | \"3\" | \"4\" | \"5\" | \"6\" | \"7\" | \"8\" | \"9\" | \"10\" ) )? ws \"}\"")
        #expect(grammar.contains("( \"\\\"write\\\"\" | \"\\\"read\\\"\" | \"\\\"delete\\\"\" )"))
        // An integer from 0 without a maximum: digits, but a bounded number of them.
        #expect(grammar.contains("( ( \"0\" | [1-9] [0-9]{0,14} ) )"))
        // No required field: any field may open the object.
        let mixed = grammar.split(separator: "\n").first { $0.hasPrefix("tool2-args ::= ") } ?? ""
        #expect(mixed.hasPrefix("tool2-args ::= \"{\" ws ( \"\\\"anything\\\"\" ws \":\" ws value"))
        #expect(mixed.contains("| \"\\\"tags\\\"\" ws \":\" ws tool2-args-5 )? ws \"}\""))
    }

    /// The citation turn's answer must cite one of the listed sources.
    @Test func aCitedAnswerNamesItsSources() {
        let grammar = TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [1, 2, 3]))
        #expect(grammar.contains("source ::= \"[1]\" | \"[2]\" | \"[3]\""))
        #expect(grammar.contains("final ::= \"Final Answer: \" [^\\n[]{1,400} source [^\\n]* ( \"\\n\" [^\\n]* )*"))
        #expect(TurnGrammar.gbnf(tools: [], turn: .citedAnswer(sources: [4, 7])).contains("source ::= \"[4]\" | \"[7]\""))
    }
}
