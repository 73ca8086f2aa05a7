import AgentCore
import AgentTesting
import Foundation
import Testing
@testable import Transcript

/// Runs a scripted investigation that writes a real transcript file; returns its path.
func recordRun(
    _ script: [ScriptedModel.Reply], tools: [any Tool] = [FakeTool.search()], secrets: [String] = [], config: RunConfig? = nil
) async throws -> (String, ScriptedModel, [ToolManifest]) {
    let path = TestDirectory.path("transcript", suffix: ".jsonl")
    let model = ScriptedModel(script)
    let manifests = [Scratchpad.manifest] + tools.map(\.manifest)
    let writer = try TranscriptWriter(path: path, secrets: secrets)
    let start = RunStart(
        task: "Where is alpha?", config: config ?? RunConfig(provider: model.provider, model: model.model),
        tools: manifests.map(Digest.toolDigest), version: "test", seed: 42)
    let run = Investigation(
        runID: "11111111-2222-3333-4444-555555555555", start: start, tools: manifests, model: model,
        executor: ToolList(tools), sink: writer, clock: SteppingClock())
    _ = try await run.run()
    writer.close()
    return (path, model, manifests)
}

let threeSteps: [ScriptedModel.Reply] = [
    .tools([ToolCall(id: "a", name: "web_search", arguments: #"{"query":"alpha"}"#)], text: "Searching."),
    .tools([ToolCall(id: "b", name: "scratchpad", arguments: #"{"op":"write","key":"k","value":"alpha found"}"#)]),
    .text("Alpha is here [1]."),
]

@Suite struct TranscriptFileTests {
    @Test func roundTripsEveryEvent() async throws {
        let (path, _, _) = try await recordRun(threeSteps)
        let file = try TranscriptFile(path: path)
        #expect(!file.tornLastLine)
        #expect(
            file.events.map(\.type) == [
                "run.start", "llm.request", "llm.response", "budget", "tool.call", "tool.result", "llm.request",
                "llm.response", "budget", "tool.call", "scratchpad", "tool.result", "llm.request", "llm.response", "budget", "run.end",
            ])
        // Re-encoding what was read gives back the same lines, byte for byte.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let cache = RequestLineCache(deltas: true)
        #expect(file.events.map { String(decoding: EventEncoding.lineBytes($0, cache: cache), as: UTF8.self) } == lines)
        #expect(file.end?.citations.first?.source.ref == "https://example.org/alpha")
        let first = try JSONValue.parse(lines[1])
        #expect(first["sha256"]?.stringValue == Digest.sha256(first["body"]!))
        #expect(first["v"] == 4 && first["ts"]?.stringValue?.hasSuffix("Z") == true)
    }

    /// Format 4 leaves out what is false, empty or null; such a line reads back as the
    /// event it was, a line written with them (format 3) reads as before, and a present
    /// field of the wrong type is still an error.
    @Test func formatFourLeavesOutDefaults() throws {
        let plain = Event(
            run: "r", seq: 1, ts: Instant(milliseconds: 0),
            payload: .toolResult(
                ToolResultRecord(
                    step: 1, id: "c1", output: "ok", isError: false, latencyMS: 2, truncated: false, tainted: false, sources: [])))
        let line = String(decoding: EventEncoding.lineBytes(plain, cache: RequestLineCache(deltas: true)), as: UTF8.self)
        #expect(
            line
                == #"{"id":"c1","latency_ms":2,"output":"ok","run":"r","seq":1,"step":1,"ts":"1970-01-01T00:00:00.000Z","type":"tool.result","v":4}"#
        )
        #expect(try EventDecoding.event(try JSONValue.parse(line)) == plain)
        let three =
            #"{"id":"c1","is_error":false,"latency_ms":2,"output":"ok","run":"r","seq":1,"sources":[],"step":1,"tainted":false,"truncated":false,"ts":"1970-01-01T00:00:00.000Z","type":"tool.result","v":3}"#
        #expect(try EventDecoding.event(try JSONValue.parse(three)) == plain)
        let wrong = line.replacingOccurrences(of: #""id":"c1","#, with: #""id":"c1","tainted":"yes","#)
        #expect(throws: FieldError(field: "tainted")) { try EventDecoding.event(try JSONValue.parse(wrong)) }
        var spent = Spend()
        (spent.steps, spent.inputTokens, spent.costUSD, spent.elapsedMS) = (1, 5, nil, 3)
        let budget = Event(
            run: "r", seq: 2, ts: Instant(milliseconds: 0),
            payload: .budget(BudgetRecord(step: 1, spent: spent, left: BudgetLeft(budget: Budget(maxSteps: 4), spent: spent))))
        let budgetLine = String(decoding: EventEncoding.lineBytes(budget, cache: RequestLineCache(deltas: true)), as: UTF8.self)
        #expect(budgetLine.contains(#""left":{"steps":3}"#) && !budgetLine.contains("null"))
        #expect(try EventDecoding.event(try JSONValue.parse(budgetLine)) == budget)
    }

    @Test func aSessionRoundTripsInRunStartAndARunOnItsOwnHasNone() throws {
        let session = SessionContext(
            id: "5e55", previousRun: "run-0", turns: [SessionTurn(question: "Q?", answer: "A [2].")], condensed: ["- Q0? → A0"],
            sources: [NumberedSource(number: 2, source: Source(kind: .url, ref: "https://example.org/b", title: "B"))])
        let config = RunConfig(provider: "scripted", model: "m")
        for start in [
            RunStart(task: "T?", config: config, tools: [], version: "t", seed: 3, session: session),
            RunStart(
                task: "T?", config: config, tools: [], version: "t", seed: 3,
                fork: ForkOrigin(
                    parentRun: "p", parentPath: "/x/p.jsonl", parentSHA256: "ab", step: 2, injections: [1: "Hi.", 2: "There."],
                    editedResults: ["c1": "new"],
                    changes: ["model: a → b"])),
            RunStart(task: "T?", config: config, tools: [], version: "t", seed: 3),
        ] {
            let event = Event(run: "r", seq: 0, ts: Instant(milliseconds: 0), payload: .runStart(start))
            let line = EventEncoding.line(event)
            #expect(line.contains("\"session\"") == (start.session != nil) && line.contains("\"fork\"") == (start.fork != nil))
            let back = try EventDecoding.event(try JSONValue.parse(line))
            #expect(back == event)
        }
    }

    @Test func toleratesATornLastLine() async throws {
        let (path, _, _) = try await recordRun(threeSteps)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data.removeLast(25)
        try data.write(to: URL(fileURLWithPath: path))
        let file = try TranscriptFile(path: path)
        #expect(file.tornLastLine)
        #expect(file.events.count == 15)
        #expect(file.end == nil)
    }

    /// A merged memory's other sources survive the round trip; a memory with one source
    /// writes no extra field, so older lines read back byte for byte.
    @Test func recalledMemoriesKeepEverySource() throws {
        let merged = RecalledMemory(
            id: "mem_1", text: "t", source: "https://a.example", score: 0.5, date: "2026-01-01", moreSources: ["https://b.example"])
        let single = RecalledMemory(id: "mem_2", text: "u", source: "https://c.example", score: 0.25)
        let event = Event(
            run: "r", seq: 3, ts: Instant(milliseconds: 0),
            payload: .memoryRead(MemoryReadRecord(step: 0, query: "q", items: [merged, single])))
        let line = EventEncoding.line(event)
        #expect(line.contains(#""more_sources":["https://b.example"]"#))
        #expect(line.components(separatedBy: "more_sources").count == 2)
        #expect(try EventDecoding.event(try JSONValue.parse(line)) == event)
    }

    @Test func namesTheMalformedLine() async throws {
        let (path, _, _) = try await recordRun(threeSteps)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: "\"step\":1", with: "\"step\":\"one\"")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try TranscriptFile(path: path)
        } throws: { error in
            "\(error)" == "\(path):4: missing or invalid field 'step'"
        }
    }

    @Test func missingFileIsOneClearLine() {
        #expect {
            _ = try TranscriptFile(path: "/nonexistent/x.jsonl")
        } throws: { error in
            "\(error)".hasPrefix("no transcript at /nonexistent/x.jsonl")
        }
        // Not a file to read: each says what it is instead.
        let folder = TestDirectory.path("folder")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (path, reason) in [(folder, "it is a folder, not a file"), ("/dev/null", "it is not a regular file")] {
            #expect {
                _ = try TranscriptFile(path: path)
            } throws: { error in
                "\(error)" == "cannot read transcript \(path): \(reason)"
            }
        }
    }

    @Test func secretsNeverReachTheFile() async throws {
        let secret = "sk-test-0123456789abcdef"
        let leaky = FakeTool(name: "web_search") { _, _ in ToolOutput(text: "the key is \(secret)") }
        let (path, _, _) = try await recordRun(
            [.tools([ToolCall(id: "a", name: "web_search", arguments: #"{"query":"x"}"#)]), .text("done")],
            tools: [leaky], secrets: [secret])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(secret))
        #expect(text.contains("[REDACTED]"))
    }

    /// Every occurrence goes: at the start, at the end, back to back, and after a near miss.
    @Test func redactionFindsEveryOccurrence() {
        func redacted(_ line: String, _ secret: String) -> String {
            var bytes = Array(line.utf8)
            Redaction.redact(Array(secret.utf8), in: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(
            redacted("sk-12345678 a sk-1234567 sk-12345678sk-12345678", "sk-12345678") == "[REDACTED] a sk-1234567 [REDACTED][REDACTED]")
        #expect(redacted("sssk-12345678", "sk-12345678") == "ss[REDACTED]")
        #expect(redacted("none here", "sk-12345678") == "none here")
        #expect(redacted("short", "sk-12345678") == "short")
        #expect(redacted("xxab-XYZ12345yab-XYZ1234", "ab-XYZ12345") == "xx[REDACTED]yab-XYZ1234")
        #expect(redacted("abcdefghij", "abcdefghij") == "[REDACTED]")
    }
}

@Suite struct ReplayVerifierTests {
    @Test func anUnchangedRunIsIdentical() async throws {
        let (path, model, manifests) = try await recordRun(threeSteps)
        let report = try await ReplayVerifier(transcript: try TranscriptFile(path: path)).verify(encoder: model, tools: manifests)
        #expect(report == .identical(requests: 3))

        // Killed while writing its second request: the first matches, and the torn one is the cut.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let second = try #require(text.range(of: #""type":"llm.request""#, range: text.range(of: #""seq":5,"#)!.lowerBound..<text.endIndex))
        let lineStart = try #require(text[..<second.lowerBound].lastIndex(of: "\n"))
        let cut = String(text[...lineStart]) + String(text[text.index(after: lineStart)...].prefix(40))
        let torn = try TranscriptFile(data: Data(cut.utf8), name: "torn.jsonl")
        #expect(torn.requests.count == 1 && torn.end == nil)
        #expect(try await ReplayVerifier(transcript: torn).verify(encoder: model, tools: manifests) == .cutOff(requests: 1))
    }

    @Test func transcriptsOfFormatsOneAndTwoStillReadAndVerify() async throws {
        let (path, model, manifests) = try await recordRun(threeSteps)
        // The same run as format 1 wrote it: every request whole, every line "v":1.
        let events = try TranscriptFile(path: path).events
        let old = events.map { event -> String in
            var fields = EventEncoding.json(event).objectValue ?? [:]
            fields["v"] = 1
            return JSONValue.object(fields).canonicalText
        }
        #expect(old.filter { $0.contains(#""body":"#) }.count == 3 && !old.joined().contains(#""delta":"#))
        let file = try TranscriptFile(data: Data((old.joined(separator: "\n") + "\n").utf8), name: "old.jsonl")
        #expect(file.events == events)
        let report = try await ReplayVerifier(transcript: file).verify(encoder: model, tools: manifests)
        #expect(report == .identical(requests: 3))
        // As format 2 wrote it: deltas that only keep and append, every line "v":2.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let two = lines.map { $0.replacingOccurrences(of: #""v":4"#, with: #""v":2"#) }
        #expect(two.filter { $0.contains(#""delta":"#) }.count == 2 && !two.joined().contains(#""resume":"#))
        let second = try TranscriptFile(data: Data((two.joined(separator: "\n") + "\n").utf8), name: "two.jsonl")
        #expect(second.events == events)
        #expect(try await ReplayVerifier(transcript: second).verify(encoder: model, tools: manifests) == .identical(requests: 3))
        // A delta with no request before it is one clear error.
        let orphan = lines.enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: "\n") + "\n"
        #expect(throws: TranscriptError.self) { try TranscriptFile(data: Data(orphan.utf8), name: "orphan.jsonl") }
    }

    /// The opening search's result comes from the record like any other: the run verifies,
    /// and a changed result shows at the model's first request.
    @Test func aRunThatOpensWithASearchVerifies() async throws {
        var config = RunConfig(provider: "scripted", model: "scripted-1", toolFormat: .react)
        config.openingSearch = OpeningSearch(tool: "web_search", results: 2)
        let script: [ScriptedModel.Reply] = [.text("Thought: found\nFinal Answer: Alpha is here [1].")]
        let (path, model, manifests) = try await recordRun(script, config: config)
        let file = try TranscriptFile(path: path)
        #expect(file.events.map(\.type).prefix(3) == ["run.start", "tool.call", "tool.result"])
        #expect(try await ReplayVerifier(transcript: file).verify(encoder: model, tools: manifests) == .identical(requests: 1))
        let changed = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            line.contains(#""type":"tool.result""#)
                ? line.replacingOccurrences(of: "alpha? is well documented", with: "alpha? is NOT documented") : String(line)
        }
        let edited = try TranscriptFile(data: Data((changed.joined(separator: "\n") + "\n").utf8), name: "edited.jsonl")
        let report = try await ReplayVerifier(transcript: edited).verify(encoder: model, tools: manifests)
        guard case .diverged(let step, _, _, _) = report else { Issue.record("\(report)"); return }
        #expect(step == 1)
    }

    @Test func aChangedResultIsFoundAtTheNextStep() async throws {
        let (path, model, manifests) = try await recordRun(threeSteps)
        // Change only the recorded tool result, as if the tool had answered differently.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            line.contains(#""type":"tool.result""#)
                ? line.replacingOccurrences(of: "alpha is well documented", with: "alpha is NOT documented") : String(line)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try await ReplayVerifier(transcript: try TranscriptFile(path: path)).verify(encoder: model, tools: manifests)
        guard case .diverged(let step, let old, let new, let diff) = report else { Issue.record("\(report)"); return }
        #expect(step == 2)
        #expect(old != new)
        #expect(diff.contains("- ") && diff.contains("NOT documented"))
    }

    @Test func aChangedPromptIsFoundAtStepOne() async throws {
        let (path, model, manifests) = try await recordRun(threeSteps)
        var changed = manifests
        changed[1].schema.description = "A different description."
        let report = try await ReplayVerifier(transcript: try TranscriptFile(path: path)).verify(encoder: model, tools: changed)
        guard case .diverged(let step, _, _, _) = report else { Issue.record("\(report)"); return }
        #expect(step == 1)
    }
}
