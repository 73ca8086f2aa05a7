import AgentCore
import Testing

@testable import Transcript

/// Texts that lines before a request already hold are cut out of its delta and put back
/// when it is read, whatever surrounds them.
@Suite struct TextReferencesTests {
    static let reply = "Thinking about the café’s 🎉 opening date: " + String(repeating: "the reply goes on. ", count: 10)
    static let first = "[1] Write-Ahead Logging — " + String(repeating: "result text ", count: 20)
    static let second = String(repeating: "a long page, shown cut short. ", count: 30)

    static var recent: RecentTexts {
        var recent = RecentTexts()
        recent.response = reply
        recent.results = ["c1": first, "c2": second, "c3": "short"]
        return recent
    }

    /// A delta whose new messages show the reply whole, one result wrapped, another cut
    /// short after non-ASCII text, and a result again after a resumed run.
    static let delta: JSONObject = [
        "keep": 1,
        "messages": [
            ["content": .string(reply), "role": "assistant"],
            ["content": .string("<data source=\"fetch\">\n\(first)\n</data>\nüñï 🎉 \(second.prefix(200))[cut short]"), "role": "tool"],
        ],
        "resume": ["from": 0, "count": 1, "then": [["content": .string("again: " + first + " short")]]],
    ]

    @Test func cutsWhatLinesBeforeHoldAndPutsItBack() throws {
        let cut = TextReferences.cut(Self.delta, recent: Self.recent, secrets: [])
        let refs = try #require(cut["refs"]?.arrayValue)
        #expect(refs.count == 4)
        #expect(JSONValue.object(cut).canonicalBytes.count < JSONValue.object(Self.delta).canonicalBytes.count - 3 * 200)
        #expect(cut["messages"]?.arrayValue?.first?["content"] == "")
        // In one string, the last reference comes first, its offset in the string as written.
        #expect(refs[1] == ["path": ["messages", 1, "content"], "offset": 37, "result": "c2", "length": 200])
        #expect(refs[2] == ["path": ["messages", 1, "content"], "offset": 22, "result": "c1"])
        #expect(refs[3] == ["path": ["resume", "then", 0, "content"], "offset": 7, "result": "c1"])
        #expect(try TextReferences.restore(.object(cut), recent: Self.recent).canonicalBytes == JSONValue.object(Self.delta).canonicalBytes)
        // Applied to the body before, the delta with references gives the same body.
        let previous: JSONValue = ["messages": ["system"]]
        #expect(
            try RequestDelta.apply(.object(cut), to: previous, recent: Self.recent).canonicalBytes
                == RequestDelta.apply(.object(Self.delta), to: previous).canonicalBytes)
    }

    @Test func shortTextsAndStringsWithSecretsStayWhole() {
        var recent = Self.recent
        recent.response = "short reply"
        let delta: JSONObject = ["keep": 0, "messages": [["content": .string("short reply and " + Self.first + " sk-secret-1234")]]]
        #expect(TextReferences.cut(delta, recent: recent, secrets: ["sk-secret-1234"]) == delta)
        let cut = TextReferences.cut(delta, recent: recent, secrets: [])
        #expect(cut["refs"] == [["path": ["messages", 0, "content"], "offset": 16, "result": "c1"]])
        #expect(TextReferences.cut(delta, recent: RecentTexts(), secrets: []) == delta)
        // Found byte for byte, as Redaction finds it, also before a combining mark.
        let marked: JSONObject = ["keep": 0, "messages": [["content": .string(Self.first + " sk-secret-1234\u{301}")]]]
        #expect(TextReferences.cut(marked, recent: recent, secrets: ["sk-secret-1234"]) == marked)
    }

    /// A result holding a secret is not referred to, even where the prompt shows only the
    /// part before it: its line hides the secret, so the text read back would differ.
    @Test func textsWithSecretsAreNotReferredTo() {
        var recent = RecentTexts()
        recent.results = ["c1": Self.first + " sk-secret-1234 and more"]
        let delta: JSONObject = ["keep": 0, "messages": [["content": .string("<data>" + Self.first + " sk-secr")]]]
        #expect(TextReferences.cut(delta, recent: recent, secrets: ["sk-secret-1234"]) == delta)
        #expect(TextReferences.cut(delta, recent: recent, secrets: [])["refs"] != nil)
    }

    /// A reference to the string of `path` (in `messages`) at `offset`.
    static func ref(_ path: [JSONValue], offset: Int?, result: String? = nil, length: Int? = nil) -> JSONValue {
        var fields: JSONObject = ["path": .array(["messages"] + path)]
        if let offset { fields["offset"] = .int(offset) }
        if let result { fields["result"] = .string(result) }
        if let length { fields["length"] = .int(length) }
        return .object(fields)
    }

    static let badReferences: [(JSONValue, String)] = [
        (ref([0, "content"], offset: 0, result: "c9"), "delta.refs[0].result (no tool.result c9 since the request before)"),
        (ref([0, "content"], offset: 3), "delta.refs[0].offset (the string has 2 characters)"),
        (ref([0], offset: 0), "delta.refs[0].path (it does not lead to a string)"),
        (ref([5, "content"], offset: 0), "delta.refs[0].path (no item 5)"),
        (ref([0, "text"], offset: 0), "delta.refs[0].path (no field text)"),
        (ref([0, "content"], offset: 0, result: "c3", length: 6), "delta.refs[0].length (the text has 5 characters)"),
        (ref([0, "content"], offset: nil), "delta.refs[0] (it needs path and offset)"),
    ]

    /// The writer's order: offsets that do not increase in one string, each text once.
    @Test func referencesOutOfTheWritersOrderAreErrors() throws {
        func delta(_ refs: [JSONValue]) -> JSONValue { ["keep": 0, "messages": [["content": "abcd"]], "refs": .array(refs)] }
        let rising = delta([Self.ref([0, "content"], offset: 1, result: "c1"), Self.ref([0, "content"], offset: 2, result: "c2")])
        #expect(throws: FieldError(field: "delta.refs[1].offset (offsets in one string must not increase)")) {
            try TextReferences.restore(rising, recent: Self.recent)
        }
        let twice = delta([Self.ref([0, "content"], offset: 2, result: "c1"), Self.ref([0, "content"], offset: 1, result: "c1")])
        #expect(throws: FieldError(field: "delta.refs[1] (the same text twice in one string)")) {
            try TextReferences.restore(twice, recent: Self.recent)
        }
        // Two texts at one offset go back in the order listed: the one listed last first.
        let same = delta([Self.ref([0, "content"], offset: 2, result: "c1"), Self.ref([0, "content"], offset: 2, result: "c3")])
        #expect(
            try TextReferences.restore(same, recent: Self.recent)["messages"]?.arrayValue?.first?["content"]
                == .string("abshort" + Self.first + "cd"))
    }

    /// A reference the texts before it cannot satisfy is one error naming the field.
    @Test(arguments: badReferences)
    func aReferenceThatCannotBeMetIsAnError(ref: JSONValue, error: String) {
        let delta: JSONValue = ["keep": 0, "messages": [["content": "ab"]], "refs": .array([ref])]
        #expect(throws: FieldError(field: error)) { try TextReferences.restore(delta, recent: Self.recent) }
    }

    @Test func aReplyReferenceNeedsAReplyBefore() {
        let delta: JSONValue = ["keep": 0, "messages": [["content": "ab"]], "refs": .array([Self.ref([0, "content"], offset: 0)])]
        #expect(throws: FieldError(field: "delta.refs[0] (no llm.response before it)")) {
            try TextReferences.restore(delta, recent: RecentTexts())
        }
        #expect(throws: FieldError(field: "delta.refs")) {
            try TextReferences.restore(["keep": 0, "messages": [], "refs": "x"], recent: Self.recent)
        }
    }

    /// What a run wrote since its last request: the last reply, and the results after it.
    @Test func recentTextsFollowTheRun() {
        var recent = RecentTexts()
        let turn = ModelTurn(text: "reply")
        recent.note(
            Event(
                run: "r", seq: 1, ts: Instant(milliseconds: 0),
                payload: .llmResponse(LLMResponseRecord(step: 1, turn: turn, costUSD: nil, latencyMS: 0))))
        let result = ToolResultRecord(
            step: 1, id: "c1", output: "out", isError: false, latencyMS: 0, truncated: false, tainted: false, sources: [])
        recent.note(Event(run: "r", seq: 2, ts: Instant(milliseconds: 0), payload: .toolResult(result)))
        #expect(recent.response == "reply" && recent.results == ["c1": "out"])
        let request = LLMRequestRecord(step: 2, provider: "p", model: "m", body: [:])
        recent.note(Event(run: "r", seq: 3, ts: Instant(milliseconds: 0), payload: .llmRequest(request)))
        #expect(recent.response == "reply" && recent.results.isEmpty)
    }
}
