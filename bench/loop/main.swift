// Runtime overhead per step of the agent loop, with a scripted model and a no-op tool.
//
// Usage: swift run -c release bench-loop [steps] [context-window-tokens] [transcript-path] [result-chars]
// Prints one JSON object: median and p95 microseconds per step for the full runtime
// (loop + prompt building + event encoding + transcript writes), the same for a bare
// reference loop that only calls the scripted model and the tool, their ratio, and the
// resident memory after the first tenth of the steps and at the end.
import AgentCore
import AgentTesting
import Foundation
import HTTP
import LLM
import Logging
import Synchronization
import Transcript

let steps = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let window = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 8192 : 8192
let path = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : NSTemporaryDirectory() + "bench-loop.jsonl"
// How many characters each tool result has: "ok" by default (a no-op step); a search
// result or a page extract is one to two thousand.
let resultChars = CommandLine.arguments.count > 4 ? Int(CommandLine.arguments[4]) ?? 2 : 2
let resultText = resultChars <= 2 ? "ok" : String(repeating: "result text ", count: resultChars / 12 + 1).prefix(resultChars).description
try? FileManager.default.removeItem(atPath: path)

/// Resident set size in KiB (VmRSS), or peak (VmHWM).
func memoryKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

/// Records the time of every llm.request so per-step durations can be taken.
final class StepTimer: EventSink, Sendable {
    let inner: any EventSink
    let stamps = Mutex<[ContinuousClock.Instant]>([])
    let rssAtTenth = Mutex(0)
    let tenth: Int

    init(inner: any EventSink, tenth: Int) {
        self.inner = inner
        self.tenth = tenth
        stamps.withLock { $0.reserveCapacity(steps + 1) }
    }

    func record(_ event: Event) throws {
        try inner.record(event)
        if case .llmRequest(let r) = event.payload {
            stamps.withLock { $0.append(.now) }
            if r.step == tenth { rssAtTenth.withLock { $0 = memoryKiB("VmRSS") } }
        }
    }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

func microseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
}

let noop = FakeTool(name: "noop", description: "Does nothing.") { _, _ in ToolOutput(text: resultText) }
let model = ScriptedModel(
    [
        .compute { _, i in
            ModelTurn(
                text: "Thinking about step \(i).", toolCalls: [ToolCall(id: "c\(i)", name: "noop", arguments: "{\"query\":\"q\(i)\"}")],
                usage: TokenUsage(input: 100, output: 20))
        }
    ], repeatLast: true, keepsRequests: false)

// Reference: the scripted model and the tool called directly, with no runtime around them.
var reference: [Double] = []
reference.reserveCapacity(steps)
let fixedRequest = ModelRequest(system: "s", messages: [.user("q")], tools: [], maxOutputTokens: 100)
let ctx = ToolContext(runID: "r", step: 0, sources: SourceCatalog(), limits: ToolLimits())
let tools = ToolList([noop])
for _ in 0..<steps {
    let t0 = ContinuousClock.now
    let turn = try await model.respond(to: fixedRequest, body: .null)
    _ = await tools.execute(name: "noop", arguments: ["query": .string(turn.toolCalls[0].name)], callID: "c", context: ctx)
    reference.append(microseconds(ContinuousClock.now - t0))
}

let writer = try TranscriptWriter(path: path)
let timer = StepTimer(inner: writer, tenth: steps / 10)
var config = RunConfig(
    provider: "scripted", model: "scripted-1", maxOutputTokensPerCall: min(2048, window / 4), contextWindowTokens: window)
config.budget.maxSteps = steps + 1
let manifests = [Scratchpad.manifest, noop.manifest]
let start = RunStart(task: "Benchmark the loop.", config: config, tools: manifests.map(Digest.toolDigest), version: "bench", seed: 0)

let investigation = Investigation(
    runID: "bench", start: start, tools: manifests, model: model, executor: tools, sink: timer, clock: SystemClockForBench())
let began = ContinuousClock.now
let end = try await investigation.run()
let total = ContinuousClock.now - began
writer.close()

// Where a step's time goes: building one full-window request body, serialising it,
// and hashing it, each timed alone on a request as large as the run's last ones.
var messages: [PromptMessage] = [.user("Question: Benchmark the loop.")]
for i in 0..<150 {
    messages.append(
        .assistant(text: "Thinking about step \(i).", toolCalls: [ToolCall(id: "c\(i)", name: "noop", arguments: "{\"query\":\"q\(i)\"}")]))
    messages.append(.toolResult(callID: "c\(i)", name: "noop", content: "ok", isError: false))
}
let sample = ModelRequest(
    system: String(repeating: "s", count: 2000), messages: messages, tools: [noop.manifest.schema], maxOutputTokens: 2048)
var buildTimes: [Double] = [], serialiseTimes: [Double] = [], hashTimes: [Double] = []
var sampleBytes = 0
for _ in 0..<200 {
    let t0 = ContinuousClock.now
    let body = model.body(for: sample)
    let t1 = ContinuousClock.now
    let bytes = body.canonicalBytes
    let t2 = ContinuousClock.now
    _ = Digest.sha256(bytes)
    let t3 = ContinuousClock.now
    buildTimes.append(microseconds(t1 - t0))
    serialiseTimes.append(microseconds(t2 - t1))
    hashTimes.append(microseconds(t3 - t2))
    sampleBytes = bytes.count
}
buildTimes.sort(); serialiseTimes.sort(); hashTimes.sort()

// Each provider's work for one step's request, as the conversation grows by one step (a
// model turn and its tool result) at a time: building the body from the prompt, then
// serialising it as the provider does before sending. Timed over 200 steps from 300 and
// from 1,600 messages (about a 32k window), with one model per run as in a real one.
func providerStepMicroseconds(_ model: any LanguageModel, from count: Int) -> Double {
    let encoder = CanonicalEncoder()
    var prompt: [PromptMessage] = [.user("Question: Benchmark the loop.")]
    func addStep(_ i: Int) {
        prompt.append(
            .assistant(
                text: "Thinking about step \(i).", toolCalls: [ToolCall(id: "c\(i)", name: "noop", arguments: "{\"query\":\"q\(i)\"}")]))
        prompt.append(.toolResult(callID: "c\(i)", name: "noop", content: "ok", isError: false))
    }
    for i in 0..<(count / 2) { addStep(i) }
    var times: [Double] = []
    for i in (count / 2)..<(count / 2 + 200) {
        addStep(i)
        let request = ModelRequest(
            system: String(repeating: "s", count: 2000), messages: prompt, tools: [noop.manifest.schema], maxOutputTokens: 2048)
        let t0 = ContinuousClock.now
        let bytes = encoder.encode(model.body(for: request))
        times.append(microseconds(ContinuousClock.now - t0))
        precondition(!bytes.isEmpty)
    }
    times.sort()
    return (percentile(times, 0.5) * 10).rounded() / 10
}
let settings = ProviderSettings(baseURL: "http://127.0.0.1:9", apiKey: "unused", model: "bench")
let http = HTTPClient(userAgent: "bench-loop")
var providerSteps: [String: JSONValue] = [:]
for (name, make) in [
    ("scripted", { ScriptedModel([.text("unused")]) as any LanguageModel }),
    ("openai", { OpenAIChatModel(settings: settings, client: http, logger: Logger(label: "bench")) as any LanguageModel }),
    ("anthropic", { AnthropicModel(settings: settings, client: http, logger: Logger(label: "bench")) as any LanguageModel }),
] as [(String, () -> any LanguageModel)] {
    providerSteps[name] = [
        "us_p50_at_300_messages": .number(providerStepMicroseconds(make(), from: 300)),
        "us_p50_at_1600_messages": .number(providerStepMicroseconds(make(), from: 1600)),
    ]
}

// Redaction: a run with an API key scans every line for it. The sample request's line
// with and without one key to hide (absent from the line, the usual case).
let sampleEvent = Event(
    run: "bench", seq: 1, ts: Instant(milliseconds: 0),
    payload: .llmRequest(LLMRequestRecord(step: 1, provider: "scripted", model: "scripted-1", body: model.body(for: sample))))
var plainLineTimes: [Double] = [], redactedLineTimes: [Double] = []
let key = "sk-ant-api03-" + String(repeating: "x", count: 40)
for _ in 0..<200 {
    let t0 = ContinuousClock.now
    _ = Redaction.line(sampleEvent, hiding: [])
    let t1 = ContinuousClock.now
    _ = Redaction.line(sampleEvent, hiding: [key])
    let t2 = ContinuousClock.now
    plainLineTimes.append(microseconds(t1 - t0))
    redactedLineTimes.append(microseconds(t2 - t1))
}
plainLineTimes.sort(); redactedLineTimes.sort()

let stamps = timer.stamps.withLock { $0 }
var perStep = zip(stamps, stamps.dropFirst()).map { microseconds($1 - $0) }
perStep.sort()
reference.sort()
let peakBeforeReading = memoryKiB("VmHWM")
let rssAtEnd = memoryKiB("VmRSS")
// Only the file's tail is read, so this measurement does not inflate the memory figures.
let lastRequestBytes: Int = {
    guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
    let size = (try? handle.seekToEnd()) ?? 0
    try? handle.seek(toOffset: size > 2_000_000 ? size - 2_000_000 : 0)
    let tail = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    return tail.split(separator: "\n").last { $0.contains(#""type":"llm.request""#) }?.utf8.count ?? 0
}()
let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

// Reading the transcript back: every request rebuilt from the deltas, reading forward
// once, up to the last one (checked against its recorded hash). Then what each step
// added to the prompt: the canonical bytes of the messages new in its request.
let readBegan = ContinuousClock.now
let readBack = try TranscriptFile(path: path)
let rebuilt = readBack.requests
let readSeconds = microseconds(ContinuousClock.now - readBegan) / 1e6
let lastRecordedSHA = readBack.events.last { $0.type == "llm.request" }.map { _ in rebuilt.last.map { Digest.sha256($0.body) } ?? "" } ?? ""
let lastLineSHA: String = {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    let size = (try? handle.seekToEnd()) ?? 0
    try? handle.seek(toOffset: size > 2_000_000 ? size - 2_000_000 : 0)
    let tail = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    let line = tail.split(separator: "\n").last { $0.contains(#""type":"llm.request""#) }
    return line.flatMap { try? JSONValue.parse(String($0)) }?["sha256"]?.stringValue ?? ""
}()
var addedBytes = 0
for (before, after) in zip(rebuilt, rebuilt.dropFirst()) {
    guard let delta = RequestDelta.between(before.body, after.body) else {
        addedBytes += after.body.canonicalBytes.count
        continue
    }
    // New messages are those before a resumed run and after it; the run itself moved.
    addedBytes += [delta["messages"], delta["resume"]?["then"]].reduce(0) { $0 + ($1?.canonicalBytes.count ?? 0) }
}
let addedPerStep = Double(addedBytes) / Double(max(1, rebuilt.count - 1))
// Where the transcript's bytes go: each event type's lines, per step.
var bytesByType: [String: Int] = [:]
if let data = FileManager.default.contents(atPath: path) {
    for line in data.split(separator: UInt8(ascii: "\n")) {
        let text = String(decoding: line, as: UTF8.self)
        // Keys are sorted: the line's own type is the last one, just before "v".
        guard let at = text.range(of: #""type":""#, options: .backwards) else { continue }
        let type = text[at.upperBound...].prefix { $0 != "\"" }
        bytesByType[String(type), default: 0] += line.count + 1
    }
}
let bytesPerStepByType = JSONValue.object(
    JSONObject(bytesByType.mapValues { JSONValue.int($0 / max(1, end.totals.steps)) }))

let result: JSONValue = [
    "steps": .int(end.totals.steps), "status": .string(end.status.rawValue), "context_window_tokens": .int(window),
    "tool_result_chars": .int(resultText.count),
    "request_bytes_last_step": .int(rebuilt.last?.body.canonicalBytes.count ?? 0),
    "request_line_bytes_last_step": .int(lastRequestBytes),
    "runtime_us_per_step_p50": .number((percentile(perStep, 0.5) * 10).rounded() / 10),
    "runtime_us_per_step_p95": .number((percentile(perStep, 0.95) * 10).rounded() / 10),
    "reference_us_per_step_p50": .number((percentile(reference, 0.5) * 10).rounded() / 10),
    "ratio_p50": .number((percentile(perStep, 0.5) / max(0.001, percentile(reference, 0.5)) * 10).rounded() / 10),
    "total_s": .number(microseconds(total) / 1e6),
    "sample_body_bytes": .int(sampleBytes),
    "sample_body_build_us_p50": .number(percentile(buildTimes, 0.5).rounded()),
    "sample_body_serialise_us_p50": .number(percentile(serialiseTimes, 0.5).rounded()),
    "sample_body_sha256_us_p50": .number(percentile(hashTimes, 0.5).rounded()),
    "sample_line_us_p50": .number(percentile(plainLineTimes, 0.5).rounded()),
    "sample_line_with_key_us_p50": .number(percentile(redactedLineTimes, 0.5).rounded()),
    "rss_kib_at_tenth": .int(timer.rssAtTenth.withLock { $0 }), "rss_kib_at_end": .int(rssAtEnd),
    "peak_rss_kib": .int(peakBeforeReading), "transcript_bytes": .int(size),
    "transcript_bytes_per_step": .int(size / max(1, end.totals.steps)), "prompt_bytes_added_per_step": .int(Int(addedPerStep)),
    "transcript_bytes_per_step_by_type": bytesPerStepByType,
    "provider_body_per_step": .object(JSONObject(providerSteps)),
    "read_back_all_requests_s": .number((readSeconds * 1000).rounded() / 1000),
    "last_request_rebuilt_matches_sha256": .bool(!lastLineSHA.isEmpty && lastRecordedSHA == lastLineSHA),
]
print(result.prettyText)

/// The wall clock, as the program uses it.
struct SystemClockForBench: AgentCore.Clock {
    func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}
