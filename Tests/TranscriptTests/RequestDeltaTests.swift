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
    }

    @Test func theOutlineKeepsNoMessagesAndClampsWhatItIsTold() throws {
        let bodies = RequestBodies()
        #expect(bodies.delta(to: Self.bodies[0], kept: nil) == nil)
        // Told more kept messages than either body has, it keeps what both have.
        let delta = try #require(bodies.delta(to: Self.bodies[1], kept: 9))
        #expect(delta["keep"] == 2)
        #expect(try RequestDelta.apply(delta, to: Self.bodies[0]) == Self.bodies[1])
        // Without a count from the encoder, the body is written whole.
        #expect(bodies.delta(to: Self.bodies[2], kept: nil) == nil)
        #expect(bodies.delta(to: Self.bodies[6], kept: 0) == nil)
        #expect(bodies.delta(to: Self.bodies[7], kept: 0) == nil)
    }
}
