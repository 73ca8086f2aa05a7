import AgentCore
import Testing

@Suite struct CanonicalEncoderTests {
    @Test func alwaysEqualsAFreshSerialisation() {
        let encoder = CanonicalEncoder()
        var messages: [JSONValue] = [["role": "system", "content": "s"]]
        for step in 0..<30 {
            messages.append(["role": "user", "content": .string("step \(step) \"quoted\"\n")])
            if step == 10 { messages[1] = ["role": "user", "content": "changed in the middle"] }
            if step == 20 { messages.removeLast(3) }
            if step == 25 { messages.removeAll() }
            let body: JSONValue = ["model": "m", "messages": .array(messages), "max_tokens": .int(step), "stream": true]
            #expect(encoder.encode(body) == body.canonicalBytes)
        }
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
