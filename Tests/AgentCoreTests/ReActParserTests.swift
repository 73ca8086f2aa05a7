import AgentCore
import Testing

@Suite struct ReActParserTests {
    let parser = ReActParser()

    @Test func plainAction() {
        let step = parser.parse("Thought: need data\nAction: web_search\nAction Input: {\"query\": \"x\"}")
        #expect(step == .action(thought: "need data", tool: "web_search", input: "{\"query\": \"x\"}"))
    }

    @Test func decoratedLabelsAndFences() {
        let text = "**Thought:** hmm\n**Action:** `fetch_url`\n**Action Input:**\n```json\n{\"url\": \"https://a\"}\n```\n"
        #expect(parser.parse(text) == .action(thought: "hmm", tool: "fetch_url", input: "{\"url\": \"https://a\"}"))
    }

    @Test func bracketForm() {
        #expect(parser.parse("Action: web_search[swift actors]") == .action(thought: "", tool: "web_search", input: "swift actors"))
    }

    @Test func inventedObservationIsDropped() {
        let text = "Action: web_search\nAction Input: {\"query\":\"a\"}\nObservation: made up\nFinal Answer: wrong"
        #expect(parser.parse(text) == .action(thought: "", tool: "web_search", input: "{\"query\":\"a\"}"))
    }

    @Test func finalAnswerCaseInsensitiveAndMultiline() {
        #expect(
            parser.parse("thought: done\nfinal answer: line one\nline two") == .finalAnswer(thought: "done", answer: "line one\nline two"))
    }

    /// The turns small models write: the input's JSON, then an invented result or a second
    /// action on the same turn. Only the first complete JSON value is the input.
    @Test func theInputIsTheFirstCompleteJSONValue() {
        let invented = """
            Action: web_search
            Action Input: {"query":"inventor of printing press with movable type"}
            Result:
            1. "Inventor of the printing press with movable type: Johannes Gutenberg" by Wikipedia
            """
        #expect(
            parser.parse(invented)
                == .action(thought: "", tool: "web_search", input: #"{"query":"inventor of printing press with movable type"}"#))
        let output =
            "Action: search_docs\nAction Input: {\"k\":1,\"query\":\"Scott Derrickson\"} Action Output: [1] Scott Derrickson (born 1966)"
        #expect(parser.parse(output) == .action(thought: "", tool: "search_docs", input: #"{"k":1,"query":"Scott Derrickson"}"#))
        // Braces and quotes inside strings do not end the value; a fence is opened first.
        let tricky =
            "Action: run_code\nAction Input:\n```json\n{\"code\": \"print('}{\\\"')\", \"language\": \"python\"}\n```\nI ran it and got }."
        #expect(parser.parse(tricky) == .action(thought: "", tool: "run_code", input: #"{"code": "print('}{\"')", "language": "python"}"#))
        // Not JSON: the lenient rules, as before.
        #expect(
            parser.parse("Action: web_search\nAction Input: swift actors")
                == .action(thought: "", tool: "web_search", input: "swift actors"))
        // Unclosed JSON stays whole, for the schema to refuse with its reason.
        #expect(
            parser.parse("Action: web_search\nAction Input: {\"query\": \"x\"")
                == .action(thought: "", tool: "web_search", input: #"{"query": "x""#))
        // Runs recorded before keep the input they had.
        #expect(
            ReActParser(firstJSONInput: false).parse(output)
                == .action(
                    thought: "", tool: "search_docs",
                    input: #"{"k":1,"query":"Scott Derrickson"} Action Output: [1] Scott Derrickson (born 1966)"#))
    }

    @Test func unparseable() {
        guard case .unparseable = parser.parse("just some words") else { Issue.record(); return }
        guard case .unparseable = parser.parse("Final Answer:   ") else { Issue.record(); return }
    }
}

@Suite struct SchemaValidatorTests {
    let schema: JSONValue = [
        "type": "object",
        "properties": [
            "q": ["type": "string", "minLength": 1], "k": ["type": "integer", "minimum": 1, "maximum": 20],
            "mode": ["enum": ["a", "b"]], "tags": ["type": "array", "items": ["type": "string"], "maxItems": 2],
        ],
        "required": ["q"], "additionalProperties": false,
    ]

    @Test func valid() {
        #expect(SchemaValidator().problems(["q": "x", "k": 3, "mode": "a", "tags": ["t"]], schema: schema).isEmpty)
    }

    @Test func namesEachProblemByPath() {
        let problems = SchemaValidator().problems(["k": 2.5, "mode": "c", "tags": ["a", 1, "c"], "z": true], schema: schema)
        #expect(problems.contains("arguments.q: required but missing"))
        #expect(problems.contains("arguments.k: expected integer, got number"))
        #expect(problems.contains { $0.hasPrefix("arguments.mode: must be one of") })
        #expect(problems.contains("arguments.tags: allows at most 2 items"))
        #expect(problems.contains("arguments.tags[1]: expected string, got integer"))
        #expect(problems.contains { $0.hasPrefix("arguments.z: unknown field") })
        // Whole, but past what a tool reads as an Int: refused, not read as absent.
        let huge = SchemaValidator().problems(["q": "x", "k": .number(1e16)], schema: schema)
        #expect(huge.contains("arguments.k: expected integer, got number"))
    }
}

@Suite struct CitationsTests {
    @Test func forms() {
        #expect(Citations.numbers(in: "a [2] b [1][3], c [4, 5] d [6-7] e [x] f [2]") == [2, 1, 3, 4, 5, 6, 7])
        #expect(Citations.numbers(in: "array[0] and [ ] and [") == [])
    }
}
