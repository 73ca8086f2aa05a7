import AgentCore
import Foundation
import Testing

@testable import Transcript

/// Requests written as deltas through a run's line cache read back as the bodies that
/// were written, whatever changes between two of them.
@Suite struct RequestDeltaTests {
    /// Bodies one after another: the first, growth, a change before the messages, a field
    /// set and unset, a change in the middle, shrinking, a body with no messages, a body
    /// that is not an object, and the same body twice.
    static let bodies: [JSONValue] = {
        let m = (0..<8).map { JSONValue.object(["role": "user", "content": .string("message \($0)")]) }
        return [
            ["model": "x", "messages": .array(Array(m[..<2]))],
            ["model": "x", "messages": .array(Array(m[..<4]))],
            ["model": "x", "max_tokens": 10, "messages": .array(Array(m[..<5]))],
            ["model": "x", "max_tokens": 10, "messages": .array(Array(m[..<5])), "tools": ["a"]],
            ["model": "x", "messages": .array([m[0], "changed", m[2], m[3], m[4], m[5]])],
            ["model": "x", "messages": .array(Array(m[..<3]))],
            ["model": "x"],
            ["model": "x", "messages": .array(Array(m[..<3]))],
            "not an object",
            ["model": "x", "messages": .array(Array(m[..<7]))],
            ["model": "x", "messages": .array(Array(m[..<7]))],
            ["model": "y", "messages": .array(Array(m[..<8]))],
            // Old steps condensed into a note; the ones after it move forward.
            ["model": "y", "messages": .array([m[0], "note", m[4], m[5], m[6], m[7], "new"])],
            // Growth before a last message that stays last.
            ["model": "y", "messages": .array([m[0], "note", m[4], m[5], m[6], m[7], "new", "newer", "notes"])],
            ["model": "y", "messages": .array([m[0], "note", m[4], m[5], m[6], m[7], "new", "newer", "newest", "notes"])],
        ]
    }()

    @Test func everyBodyReadsBackAsWrittenWithItsHash() throws {
        let cache = RequestLineCache(deltas: true)
        let start = Event(
            run: "r", seq: 0, ts: Instant(milliseconds: 0),
            payload: .runStart(RunStart(task: "t", config: RunConfig(provider: "p", model: "x"), tools: [], version: "test", seed: 0)))
        var lines = [EventEncoding.line(start)]
        for (i, body) in Self.bodies.enumerated() {
            let event = Event(
                run: "r", seq: i + 1, ts: Instant(milliseconds: 0),
                payload: .llmRequest(LLMRequestRecord(step: i + 1, provider: "p", model: "x", body: body)))
            lines.append(String(decoding: EventEncoding.lineBytes(event, cache: cache), as: UTF8.self))
        }
        let file = try TranscriptFile(data: Data((lines.joined(separator: "\n") + "\n").utf8), name: "test")
        #expect(file.requests.map(\.body) == Self.bodies)
        for (i, line) in lines.dropFirst().enumerated() {
            let json = try JSONValue.parse(line)
            #expect(json["sha256"]?.stringValue == Digest.sha256(Self.bodies[i]), "request \(i + 1)")
        }
        // Growth is a delta keeping what came before; what cannot be one is written whole.
        let written = try lines.dropFirst().map { try JSONValue.parse($0) }
        #expect(written[1]["delta"]?["keep"] == 2)
        #expect(written[3]["delta"]?["set"] == ["tools": ["a"]])
        #expect(written[4]["delta"]?["keep"] == 1)
        #expect(written[4]["delta"]?["unset"] == ["max_tokens", "tools"])
        #expect(written[0]["body"] != nil && written[6]["body"] != nil && written[7]["body"] != nil)
        #expect(written[8]["body"] != nil && written[9]["body"] != nil)
        #expect(written[10]["delta"]?["keep"] == 7 && written[10]["delta"]?["messages"] == [])
        // The moved steps are named, not written again.
        #expect(written[12]["delta"] == ["keep": 1, "messages": ["note"], "resume": ["from": 4, "count": 4, "then": ["new"]]])
        #expect(written[14]["delta"] == ["keep": 8, "messages": ["newest"], "resume": ["from": 8, "count": 1, "then": []]])
    }

    @Test func theOutlineKeepsNoMessagesAndClampsWhatItIsTold() throws {
        let bodies = RequestBodies()
        #expect(bodies.delta(to: Self.bodies[0], splice: nil) == nil)
        // Told more kept messages than either body has, it keeps what both have.
        let delta = try #require(bodies.delta(to: Self.bodies[1], splice: ArraySplice(kept: 9)))
        #expect(delta["keep"] == 2)
        #expect(try RequestDelta.apply(delta, to: Self.bodies[0]) == Self.bodies[1])
        // Without a splice from the encoder, the body is written whole.
        #expect(bodies.delta(to: Self.bodies[2], splice: nil) == nil)
        #expect(bodies.delta(to: Self.bodies[6], splice: ArraySplice(kept: 0)) == nil)
        #expect(bodies.delta(to: Self.bodies[7], splice: ArraySplice(kept: 0)) == nil)
        // A run past the end of either body is written out.
        let run = ArraySplice(kept: 1, resumed: .init(from: 2, count: 5, at: 2))
        let written = try #require(bodies.delta(to: Self.bodies[9], splice: run))
        #expect(written["resume"] == nil && written["messages"]?.arrayValue?.count == 6)
        #expect(try RequestDelta.apply(written, to: Self.bodies[7]) == Self.bodies[9])
    }

    /// A resumed run outside the previous request's messages, or without what follows it,
    /// and fields set or unset in a way no writer does, are each one clear error naming the
    /// field.
    @Test func aRunOutsideThePreviousMessagesIsAnError() throws {
        let previous: JSONValue = ["messages": ["a", "b", "c"]]
        func delta(_ resume: JSONValue) -> JSONValue { ["keep": 1, "messages": ["x"], "resume": resume] }
        let good = delta(["from": 1, "count": 2, "then": ["y"]])
        #expect(try RequestDelta.apply(good, to: previous) == ["messages": ["a", "x", "b", "c", "y"]])
        for (from, count) in [(1, 3), (3, 1), (-1, 1), (0, 0)] {
            let bad = delta(["from": .int(from), "count": .int(count), "then": []])
            #expect(throws: FieldError(field: "delta.resume (the request before it has 3 messages)")) {
                try RequestDelta.apply(bad, to: previous)
            }
        }
        for (bad, field) in [
            (["keep": 1, "messages": [], "set": "x"], "delta.set"), (["keep": 1, "messages": [], "unset": "x"], "delta.unset"),
            (["keep": 1, "messages": [], "set": ["messages": []]], "delta.set"),
            (["keep": 1, "messages": [], "unset": ["messages"]], "delta.unset"),
        ] as [(JSONValue, String)] {
            #expect(throws: FieldError(field: field)) { try RequestDelta.apply(bad, to: previous) }
        }
        #expect(throws: FieldError(field: "delta.resume.then")) {
            try RequestDelta.apply(delta(["from": 1, "count": 1]), to: previous)
        }
    }
}
