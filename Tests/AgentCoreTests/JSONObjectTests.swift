import AgentCore
import Testing

@Suite struct JSONObjectTests {
    @Test func lookupsAfterParsing() throws {
        let v = try JSONValue.parse(#"{"id":"x","object":"chunk","choices":[{"delta":{"content":"hi"}}],"usage":null,"model":"m"}"#)
        #expect(v["error"] == nil)
        #expect(v["id"] == "x")
        #expect(v["model"] == "m")
        #expect(v["usage"] == .null)
        #expect(v["zzz"] == nil && v["aaa"] == nil)
    }

    @Test func keepsCanonicalOrderAndEquality() {
        var o: JSONObject = ["b": 1, "a": 2]
        o["c"] = 3
        o["a"] = nil
        #expect(o.keys == ["b", "c"])
        #expect(o == JSONObject(["c": 3, "b": 1]))
        #expect(JSONValue.object(o).canonicalText == #"{"b":1,"c":3}"#)
    }
}
