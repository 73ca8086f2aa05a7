import AgentCore
import Testing

@Suite struct CanonicalEncoderTests {
    /// Bodies one after another, each changing one thing with everything before it the
    /// same, so each change is met after the encoder skipped what it knew unchanged.
    static let bodies: [JSONValue] = {
        let m = (0..<12).map { JSONValue.object(["role": "user", "content": .string("step \($0) \"quoted\"\n")]) }
        func body(_ messages: [JSONValue], maxTokens: Int = 1, stop: JSONValue = ["a"], tools: JSONValue? = nil) -> JSONValue {
            var o: JSONObject = ["documents": ["d1", "d2"], "max_tokens": .int(maxTokens), "messages": .array(messages), "stop": stop]
            if let tools { o["tools"] = tools }
            return .object(o)
        }
        return [
            body(Array(m[..<2])),
            body(Array(m[..<4])),  // grows
            body(Array(m[..<4])),  // the same again
            body([m[0], m[5], m[2], m[3]]),  // changed in the middle
            body([m[0], m[5]]),  // shrinks
            body([m[0], m[5], m[6], m[7]]),  // grows again
            body([m[0], m[5], m[6], m[7]], maxTokens: 12),  // a field before the messages
            body([m[0], m[5], m[6], m[7]], maxTokens: 1),  // back: one is a prefix of the other
            body([m[0], m[5], m[6], m[7]], stop: "a"),  // an array becomes a string
            body([m[0], m[5], m[6], m[7]], stop: ["a"]),  // and back
            body([m[0], m[5], m[6], m[7]], tools: ["t1"]),  // a field after the messages
            body([m[0], m[5], m[6], m[7]], tools: ["t1", "t2"]),  // which grows
            body([m[0], m[5], m[6], m[7]], tools: ["t0", "t2"]),  // and changes
            body([]),
            "not an object",
            body(Array(m[..<12])),
            body(Array(m[..<12])),
            body([m[0], m[9], m[10], m[11]]),  // the middle dropped: the rest moves forward
            body([m[0], m[1], m[9], m[10], m[11], m[3]]),  // one put before them, one after
            body([m[9], m[10], m[11]]),  // the first ones dropped
        ]
    }()

    @Test(arguments: [true, false]) func alwaysEqualsAFreshSerialisation(keepingOutputs: Bool) {
        let encoder = CanonicalEncoder()
        // Kept outputs share storage with the encoder's (it must copy, never edit them);
        // copies leave its output unshared (it edits in place).
        var outputs: [[UInt8]] = []
        var last: [UInt8]?
        for (step, body) in Self.bodies.enumerated() {
            let out = encoder.encode(body)
            #expect(out == body.canonicalBytes, "step \(step)")
            if let last {
                // The bytes said to be unchanged are, and they end where the two first differ.
                let unchanged = encoder.unchangedBytes
                #expect(out.prefix(unchanged) == last.prefix(unchanged), "step \(step)")
                #expect(unchanged == min(out.count, last.count) || out[unchanged] != last[unchanged], "step \(step)")
            }
            last = out.withUnsafeBufferPointer { Array($0) }
            if keepingOutputs { outputs.append(out) }
        }
        for (step, out) in outputs.enumerated() { #expect(out == Self.bodies[step].canonicalBytes, "step \(step) was edited later") }
    }

    /// The encoder says how each body's messages were made of the last one's, finding the
    /// ones that moved forward.
    @Test func reportsHowTheMessagesWereMade() throws {
        let encoder = CanonicalEncoder()
        var splices: [ArraySplice?] = []
        for body in Self.bodies.suffix(4) {
            _ = encoder.encode(body)
            splices.append(encoder.splice("messages"))
        }
        #expect(splices[0] == nil)
        #expect(splices[1] == ArraySplice(kept: 1, resumed: .init(from: 9, count: 3, at: 1)))
        #expect(splices[2] == ArraySplice(kept: 1, resumed: .init(from: 1, count: 3, at: 2)))
        #expect(splices[3] == ArraySplice(kept: 0, resumed: .init(from: 2, count: 3, at: 0)))
    }

    /// Where a run of old items is looked for: ending among the old array's last three and
    /// the new one's last sixteen, after the leading items the two share.
    @Test(arguments: [
        ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], ArraySplice(kept: 5)),
        ([1, 2, 3, 4, 5], [1, 4, 5, 6], ArraySplice(kept: 1, resumed: .init(from: 3, count: 2, at: 1))),
        ([1, 2, 3, 4, 5], [1, 9, 4, 5, 6], ArraySplice(kept: 1, resumed: .init(from: 3, count: 2, at: 2))),
        // The old array's last item replaced, its last but one found again.
        ([1, 2, 3, 4, 5, 8], [1, 4, 5, 6, 9], ArraySplice(kept: 1, resumed: .init(from: 3, count: 2, at: 1))),
        // Four old items replaced at the end is too many to look past.
        ([1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 4, 9], ArraySplice(kept: 1)),
        ([1, 2, 3], [7, 8, 9], ArraySplice(kept: 0)),
        ([Int](), [1, 2], ArraySplice(kept: 0)),
        ([1, 2], [Int](), ArraySplice(kept: 0)),
    ])
    func splicesBetweenArrays(old: [Int], new: [Int], expected: ArraySplice) {
        #expect(ArraySplice.between(old, new) == expected)
    }

    /// After old steps are condensed, the messages that moved keep their encodings.
    @Test func messageCacheKeepsTheEncodingsOfMessagesThatMoved() {
        let cache = MessageEncodingCache()
        var encoded = 0
        func run(_ messages: [PromptMessage]) -> [JSONValue] {
            cache.encode(messages, leading: ["system"]) { message in
                encoded += 1
                if case .user(let t) = message { return .string(t) }
                return .null
            }
        }
        _ = run((0..<8).map { .user("m\($0)") })
        #expect(encoded == 8)
        let condensed = run([.user("m0"), .user("note")] + (5..<8).map { .user("m\($0)") } + [.user("new")])
        #expect(condensed == ["system", "m0", "note", "m5", "m6", "m7", "new"])
        #expect(encoded == 10)
        #expect(cache.unchangedCount == 1)
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
        #expect(cache.unchangedCount == 0)
    }

    /// Values before the messages (a system message) come first in the result, are
    /// replaced when they change, and cost the messages no encoding.
    @Test func messageCacheKeepsLeadingValuesInFront() {
        let cache = MessageEncodingCache()
        var encoded = 0
        func run(_ messages: [PromptMessage], leading: [JSONValue]) -> [JSONValue] {
            cache.encode(messages, leading: leading) { message in
                encoded += 1
                if case .user(let t) = message { return .string(t) }
                return .null
            }
        }
        #expect(run([.user("a")], leading: ["system"]) == ["system", "a"])
        #expect(run([.user("a"), .user("b")], leading: ["system"]) == ["system", "a", "b"])
        #expect(cache.unchangedCount == 1)
        #expect(run([.user("a"), .user("b")], leading: ["other", "two"]) == ["other", "two", "a", "b"])
        #expect(run([.user("a"), .user("c")], leading: []) == ["a", "c"])
        #expect(cache.unchangedCount == 1)
        #expect(encoded == 3)
    }
}
