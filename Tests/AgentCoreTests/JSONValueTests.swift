import AgentCore
import Testing

@Suite struct JSONValueTests {
    @Test func canonicalSortsKeysByUTF16AndEscapesMinimally() {
        let value: JSONValue = ["b": 1, "a": ["z": true, "\u{20ac}": "é\n\u{1}\"\\/"], "€": nil, "A": 1.5]
        #expect(value.canonicalText == #"{"A":1.5,"a":{"z":true,"€":"é\n\u0001\"\\/"},"b":1,"€":null}"#)
    }

    @Test func numbersFollowECMAScript() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-7, "-7"), (0.1, "0.1"), (1e21, "1e+21"), (1e-7, "1e-7"),
            (1.2345678901234568e20, "123456789012345680000"), (0.000001, "0.000001"), (1.5e-10, "1.5e-10"),
            (4.5, "4.5"), (333333333.33333329, "333333333.3333333"), (1e15, "1000000000000000"),
        ]
        for (n, text) in cases { #expect(JSONValue.format(number: n) == text, "\(n)") }
    }

    @Test func parseRoundTrips() throws {
        let text = #"{"a":[1,2.5,"x",true,null,{"b":false}],"c":"\u00e9"}"#
        let value = try JSONValue.parse(text)
        #expect(value["a"]?.arrayValue?.count == 6)
        #expect(value["a"]?.arrayValue?[3] == .bool(true))
        #expect(value["c"] == "é")
        let again = try JSONValue.parse(value.canonicalText)
        #expect(again == value)
    }

    @Test func parseErrorsSayInvalidJSONAndWhy() {
        func message(_ text: String) -> String {
            do {
                _ = try JSONValue.parse(text)
                return "parsed"
            } catch { return error.message }
        }
        #expect(message(#"{"query":"x","k":"#) == "invalid JSON: it ends before every { and [ is closed")
        #expect(message(#"{"query":"cut sho"#) == "invalid JSON: it ends inside a string")
        #expect(message(#"{"a":"\"}"#) == "invalid JSON: it ends inside a string")
        #expect(message("  ") == "invalid JSON: there is no value")
        #expect(message("{oops}") == "invalid JSON: it is not well-formed")
        #expect(message(#"{"a":[1,2]}"#) == "parsed")
    }
}

@Suite struct InstantTests {
    @Test func formatsAndParsesRFC3339() {
        let t = Instant(milliseconds: 1_795_322_160_123)
        #expect(t.rfc3339 == "2026-11-22T04:36:00.123Z")
        #expect(Instant(rfc3339: t.rfc3339) == t)
        #expect(Instant(rfc3339: "2026-11-22T06:36:00.123+02:00") == t)
        #expect(Instant(rfc3339: "1969-12-31T23:59:59.999Z")?.milliseconds == -1)
        #expect(Instant(rfc3339: "2026-13-01T00:00:00Z") == nil)
        #expect(Instant(rfc3339: "yesterday") == nil)
    }
}
