import AgentCore
import AgentTesting
import Foundation
import Testing
import Transcript

/// The resumed hash must equal a hash of the whole input, whatever the previous input was.
struct PrefixSHA256Tests {
    /// Known answers first: the empty string and "abc" (FIPS 180-2).
    @Test func knownAnswers() {
        let hasher = PrefixSHA256(stride: 64)
        #expect(hasher.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hasher.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hasher.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Inputs that grow, change at the start, the middle or the end, shrink, cross stride
    /// boundaries exactly and repeat: each digest matches the one-shot digest.
    @Test func everyKindOfChangeGivesTheOneShotDigest() {
        var random = SplitMix64(seed: 7)
        let stride = 64
        let hasher = PrefixSHA256(stride: stride)
        var input: [UInt8] = []
        for round in 0..<400 {
            switch round % 8 {
            case 0, 1, 2: input += (0..<Int(random.next() % 150)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 3: if !input.isEmpty { input[Int(random.next() % UInt64(input.count))] ^= 0xff }
            case 4: input.removeLast(min(input.count, Int(random.next() % 200)))
            case 5: input += [UInt8](repeating: 0x61, count: stride - input.count % stride)  // ends on a boundary
            case 6: if !input.isEmpty { input[0] &+= 1 }
            default: break  // the same input again
            }
            #expect(hasher.hex(input) == Digest.sha256(input), "round \(round), \(input.count) bytes")
        }
    }

    /// Told by the canonical encoder how much of each body is unchanged, the hash needs
    /// neither to compare nor to keep the bodies, and still matches a one-shot hash when
    /// the body grows, changes before its messages, loses messages and grows again.
    @Test func theEncodersCountOfUnchangedBytesGivesTheOneShotDigest() {
        let encoder = CanonicalEncoder()
        let hasher = PrefixSHA256(stride: 64)
        var messages: [JSONValue] = []
        for step in 0..<120 {
            messages.append(.string(String(repeating: "m\(step) ", count: step % 7 + 1)))
            if step % 25 == 24 { messages.removeFirst(messages.count / 2) }
            // Now and then the body stays the same, or one message in the middle changes.
            if step % 9 == 8 { messages.removeLast() }
            if step % 11 == 10 { messages[messages.count / 2] = .string("changed at \(step)") }
            let body: JSONValue = ["max_tokens": .int(step / 10), "messages": .array(messages), "model": "x"]
            let bytes = encoder.encode(body)
            // Hashes told the unchanged count mix with hashes that compare for themselves.
            let digest = step % 13 == 12 ? hasher.hex(bytes) : hasher.hex(bytes, unchanged: encoder.unchangedBytes)
            #expect(digest == Digest.sha256(bytes), "step \(step)")
        }
    }

    /// Request lines written through a run's cache carry the digest of their own body,
    /// also after the context window condensed old steps (a change mid-prompt), and match
    /// the lines written without a cache byte for byte.
    @Test func transcriptLinesOfACondensedRunHashTheirBodies() async throws {
        let path = TestDirectory.path("transcript", suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let calls: [ScriptedModel.Reply] = (0..<30).map { i in
            .tools([ToolCall(id: "c\(i)", name: "search", arguments: #"{"query":"q\#(i)"}"#)])
        }
        let model = ScriptedModel(calls + [.text("done")])
        let search = FakeTool(name: "search") { args, _ in
            ToolOutput(text: String(repeating: "result for \(args["query"]?.stringValue ?? "") ", count: 400))
        }
        let manifests = [Scratchpad.manifest, search.manifest]
        var config = RunConfig(provider: model.provider, model: model.model, maxOutputTokensPerCall: 256, contextWindowTokens: 16384)
        config.budget.maxSteps = 40
        let writer = try TranscriptWriter(path: path)
        let run = Investigation(
            runID: "11111111-2222-3333-4444-555555555555",
            start: RunStart(task: "Find q.", config: config, tools: manifests.map(Digest.toolDigest), version: "test", seed: 1),
            tools: manifests, model: model, executor: ToolList([search]), sink: writer, clock: SteppingClock())
        _ = try await run.run()
        writer.close()

        let file = try TranscriptFile(path: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        // Encoding the events read back, deltas and all, gives the file again byte for byte.
        let cache = RequestLineCache(deltas: true)
        #expect(file.events.map { String(decoding: EventEncoding.lineBytes($0, cache: cache), as: UTF8.self) } == lines)
        // Every request rebuilt from the deltas is the body that was sent: its hash is the
        // one recorded, also across the condensing (a delta that keeps fewer messages and resumes
        // the ones that moved).
        var checked = 0
        var condensed = false
        var kept: [Int] = []
        var resumed = 0
        var referenced = 0
        let requests = file.requests
        for line in lines where line.contains(#""type":"llm.request""#) {
            let json = try JSONValue.parse(line)
            #expect(json["sha256"]?.stringValue == Digest.sha256(requests[checked].body))
            #expect((json["body"] == nil) == (checked > 0))
            if let keep = json["delta"]?["keep"]?.intValue { kept.append(keep) }
            if json["delta"]?["resume"] != nil { resumed += 1 }
            if json["delta"]?["refs"] != nil { referenced += 1 }
            condensed = condensed || requests[checked].body.canonicalText.contains("were condensed to fit the context window")
            checked += 1
        }
        #expect(zip(kept, kept.dropFirst()).contains { $1 < $0 })
        // The steps after the condensed ones moved forward, and were named, not rewritten.
        #expect(resumed > 0)
        // Each step's long result is in its tool.result line, and the next delta refers to it.
        #expect(referenced == 30)
        #expect(checked == 31)
        #expect(condensed)
    }
}
