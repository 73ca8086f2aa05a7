import AgentCore
import Testing

@Suite struct CanonicalEncoderTests {
    @Test func alwaysEqualsAFreshSerialisation() {
        let encoder = CanonicalEncoder()
        var messages: [JSONValue] = [["role": "system", "content": "s"]]
        // Every output is kept, as a caller may keep one: the encoder must not edit it.
        var outputs: [[UInt8]] = []
        for step in 0..<40 {
            messages.append(["role": "user", "content": .string("step \(step) \"quoted\"\n")])
            if step == 10 { messages[1] = ["role": "user", "content": "changed in the middle"] }
            if step == 20 { messages.removeLast(3) }
            if step == 25 { messages.removeAll() }
            // The field before the messages changes every fifth step; one after them
            // comes and goes; the messages vanish for a step.
            var body: JSONObject = ["model": "m", "messages": .array(messages), "max_tokens": .int(step / 5), "stream": true]
            if step % 3 == 0 { body["tools"] = ["a", "b"] }
            if step == 33 { body["messages"] = nil }
            let out = encoder.encode(.object(body))
            #expect(out == JSONValue.object(body).canonicalBytes, "step \(step)")
            if let last = outputs.last {
                // The bytes said to be unchanged are, and they end where the two first differ.
                let unchanged = encoder.unchangedBytes
                #expect(out.prefix(unchanged) == last.prefix(unchanged), "step \(step)")
                #expect(unchanged == min(out.count, last.count) || out[unchanged] != last[unchanged], "step \(step)")
            }
            outputs.append(out)
        }
        for (step, out) in outputs.enumerated() { #expect(out.last == UInt8(ascii: "}"), "step \(step) was edited later") }
        #expect(encoder.encode("not an object") == JSONValue.string("not an object").canonicalBytes)
    }

    @Test func messageCacheReencodesOnlyWhatChanged() {
        let cache = MessageEncodingCache()
        var encoded = 0
        func run(_ messages: [PromptMessage]) -> [JSONValue] {
            cache.encode(messages) { message in
                encoded += 1
                if case .user(let t) = message { return .string(t) }
                return .null
            }
        }
        _ = run([.user("a"), .user("b")])
        let second = run([.user("a"), .user("b"), .user("c")])
        #expect(encoded == 3)
        #expect(second == ["a", "b", "c"])
        _ = run([.user("x"), .user("b")])
        #expect(encoded == 4)
    }
}
