// Fetch + extract throughput of fetch_url on local fixtures, and the cost of a 5 MB page.
//
// Usage: bench-fetch pages [fetches]   pages per second over the fixture pages, with a raw
//                                      HTTP GET of the same pages as the reference
//        bench-fetch big [runs]        time and peak memory for the 5 MB page
// The fixture server runs in a child process (`bench-fetch serve`), so memory figures are
// the client's alone. Prints one JSON object.
import AgentCore
import AgentTesting
import Foundation
import HTTP
import Synchronization
import Tools

let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "pages"
let count = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) : nil

/// Resident set size in KiB (VmRSS), or its peak (VmHWM).
func memoryKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}

/// The fixture pages by path, as the server serves them.
func fixtures() -> [String: FakeWebSite.Page] {
    [
        "/article": .html(WebPageFixtures.article),
        "/broken": .html(WebPageFixtures.brokenMarkup, charset: nil),
        "/latin1": .typed("text/html; charset=ISO-8859-1", WebPageFixtures.latin1Page),
        "/cp1252": .typed("text/html", WebPageFixtures.windows1252Page),
        "/sjis": .typed("text/html", WebPageFixtures.shiftJISPage),
        "/injection": .html(WebPageFixtures.promptInjection),
        "/long": .typed("text/html; charset=utf-8", WebPageFixtures.longPage(paragraphs: 100)),
        "/notes.txt": .typed("text/plain", Array(String(repeating: "A line of notes.\n", count: 200).utf8)),
        "/big": .typed("text/html; charset=utf-8", WebPageFixtures.fiveMegabytePage),
    ]
}

/// Starts `bench-fetch serve` and returns it with the port it listens on.
func startServer() throws -> (Process, Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = ["serve"]
    let output = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw CocoaError(.fileReadCorruptFile) }
    return (process, port)
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func rounded(_ x: Double, _ places: Double = 100) -> JSONValue { .number((x * places).rounded() / places) }

/// The stand-in extractor, timed, so the figures can be split into extraction and the rest.
final class TimedPageText: PageText {
    let inner = ReadablePageText()
    let nanoseconds = Atomic<Int>(0)

    func extract(html: String, baseURL: String) -> (title: String?, text: String) {
        let started = ContinuousClock.now
        defer { nanoseconds.add(Int((ContinuousClock.now - started) / .nanoseconds(1)), ordering: .relaxed) }
        return inner.extract(html: html, baseURL: baseURL)
    }

    /// Milliseconds spent extracting so far.
    var milliseconds: Double { Double(nanoseconds.load(ordering: .relaxed)) / 1e6 }
}

func tool(port: Int, extractor: TimedPageText) -> FetchURLTool {
    FetchURLTool(
        settings: FetchSettings(
            allowedHosts: [HostPort(host: "127.0.0.1", port: port)], minimumDelayPerHost: .zero, pageText: extractor))
}

func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

func call(_ tool: FetchURLTool, _ url: String) async throws -> ToolOutput {
    let context = ToolContext(runID: "bench", step: 1, sources: SourceCatalog(), limits: FetchURLTool.manifest.limits)
    let out = try await tool.run(["url": .string(url)], context: context)
    if out.isError { throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: out.text]) }
    return out
}

func benchPages(port: Int, fetches: Int) async throws -> JSONValue {
    let base = "http://127.0.0.1:\(port)"
    let paths = ["/article", "/broken", "/latin1", "/cp1252", "/sjis", "/injection", "/long", "/notes.txt"]
    let extractor = TimedPageText()
    let fetchTool = tool(port: port, extractor: extractor)
    let client = HTTPClient(userAgent: "bench-fetch/1.0")
    _ = try await call(fetchTool, base + "/article?warm")  // robots.txt, first connection
    let extractedBefore = extractor.milliseconds
    var toolMs: [Double] = [], rawMs: [Double] = []
    let clock = ContinuousClock()
    var toolTotal = Duration.zero, rawTotal = Duration.zero
    // Interleaved, so both see the same machine load; a query per fetch keeps the page memory out of it.
    for i in 0..<fetches {
        let url = base + paths[i % paths.count] + "?i=\(i)"
        let t = try await clock.measure { _ = try await call(fetchTool, url) }
        let r = try await clock.measure { _ = try await client.send(HTTPRequest(url: url)) }
        toolTotal += t
        rawTotal += r
        toolMs.append(ms(t))
        rawMs.append(ms(r))
    }
    let extractTotal = extractor.milliseconds - extractedBefore
    let extractRuns = 2000
    let html = WebPageFixtures.article
    let extract = clock.measure { for _ in 0..<extractRuns { _ = ReadablePageText().extract(html: html, baseURL: base) } }
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    return [
        "benchmark": "fetch_pages", "fetches": .int(fetches), "pages": .array(paths.map { .string($0) }),
        "pages_per_second": rounded(Double(fetches) / seconds(toolTotal), 10),
        "fetch_ms_p50": rounded(percentile(toolMs, 0.5)), "fetch_ms_p95": rounded(percentile(toolMs, 0.95)),
        "raw_get_pages_per_second": rounded(Double(fetches) / seconds(rawTotal), 10),
        "raw_get_ms_p50": rounded(percentile(rawMs, 0.5)), "raw_get_ms_p95": rounded(percentile(rawMs, 0.95)),
        "ratio_p50": rounded(percentile(toolMs, 0.5) / max(0.001, percentile(rawMs, 0.5)), 10),
        "share_in_extractor": rounded(extractTotal / (seconds(toolTotal) * 1000)),
        "extract_article_us": rounded(seconds(extract) / Double(extractRuns) * 1e6, 10),
        "extractor": "ReadablePageText", "peak_rss_kib": .int(memoryKiB("VmHWM")),
    ]
}

func benchBig(port: Int, runs: Int) async throws -> JSONValue {
    let base = "http://127.0.0.1:\(port)"
    let extractor = TimedPageText()
    let fetchTool = tool(port: port, extractor: extractor)
    let client = HTTPClient(userAgent: "bench-fetch/1.0")
    _ = try await call(fetchTool, base + "/article")  // robots.txt and libcurl warmed up on a small page
    let before = memoryKiB("VmRSS")
    let clock = ContinuousClock()
    var firstOutputBytes = 0
    var extractedBefore = extractor.milliseconds
    let first = try await clock.measure { firstOutputBytes = try await call(fetchTool, base + "/big").text.utf8.count }
    let firstExtract = extractor.milliseconds - extractedBefore
    let peak = memoryKiB("VmHWM")
    var times: [Double] = [], extracts: [Double] = [], downloads: [Double] = []
    for i in 1..<max(2, runs) {
        extractedBefore = extractor.milliseconds
        let d = try await clock.measure { _ = try await call(fetchTool, base + "/big?run=\(i)") }
        times.append(ms(d))
        extracts.append(extractor.milliseconds - extractedBefore)
        downloads.append(ms(try await clock.measure { _ = try await client.send(HTTPRequest(url: base + "/big?raw=\(i)")) }))
    }
    let context = ToolContext(runID: "b", step: 1, sources: SourceCatalog(), limits: FetchURLTool.manifest.limits)
    let next = try await clock.measure { _ = try await fetchTool.run(["url": .string(base + "/big"), "offset": 8000], context: context) }
    let total = percentile(times, 0.5), extract = percentile(extracts, 0.5), download = percentile(downloads, 0.5)
    return [
        "benchmark": "fetch_5mb_page", "page_bytes": .int(WebPageFixtures.fiveMegabytePage.count), "runs": .int(times.count + 1),
        "first_fetch_ms": rounded(ms(first)), "first_extract_ms": rounded(firstExtract),
        "fetch_ms_p50": rounded(total), "extract_ms_p50": rounded(extract), "raw_get_ms_p50": rounded(download),
        "rest_ms_p50": rounded(total - extract - download),
        "next_part_from_memory_ms": rounded(ms(next)), "output_bytes": .int(firstOutputBytes),
        "rss_kib_before": .int(before), "peak_rss_kib": .int(peak), "peak_growth_kib": .int(peak - before),
        "extractor": "ReadablePageText",
    ]
}

switch mode {
case "serve":
    let site = try FakeWebSite(fixtures())
    // Written straight to the pipe: print() would sit in stdout's buffer.
    FileHandle.standardOutput.write(Data("\(site.port)\n".utf8))
    _ = FileHandle.standardInput.readDataToEndOfFile()  // serve until the parent closes stdin
    site.stop()
case "pages", "big":
    let (server, port) = try startServer()
    defer { server.terminate() }
    let result =
        mode == "pages" ? try await benchPages(port: port, fetches: count ?? 800) : try await benchBig(port: port, runs: count ?? 5)
    print(result.prettyText)
default:
    FileHandle.standardError.write(Data("usage: bench-fetch pages [fetches] | big [runs]\n".utf8))
    exit(2)
}
