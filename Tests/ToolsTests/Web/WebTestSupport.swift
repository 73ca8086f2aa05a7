import AgentCore
import AgentTesting
import Foundation
import Synchronization
@testable import Tools

/// A fetch_url tool that may reach `sites`, with no pause between requests unless asked.
func fetchTool(
    allowing sites: [FakeWebSite], robots: Bool = true, delay: Duration = .zero, pageText: any PageText = ReadablePageText()
) -> FetchURLTool {
    FetchURLTool(
        settings: FetchSettings(
            allowedHosts: Set(sites.map { HostPort(host: "127.0.0.1", port: $0.port) }), respectRobotsTxt: robots,
            minimumDelayPerHost: delay, pageText: pageText))
}

/// Runs one fetch_url call under the tool's default limits, changed by `limits`.
func fetch(
    _ tool: FetchURLTool, _ url: String, offset: Int? = nil, maxChars: Int? = nil, sources: SourceCatalog = SourceCatalog(),
    limits: (inout ToolLimits) -> Void = { _ in }
) async throws -> ToolOutput {
    var arguments: JSONObject = ["url": .string(url)]
    if let offset { arguments["offset"] = .int(offset) }
    if let maxChars { arguments["max_chars"] = .int(maxChars) }
    var toolLimits = FetchURLTool.manifest.limits
    limits(&toolLimits)
    let context = ToolContext(runID: "r", step: 1, sources: sources, limits: toolLimits)
    return try await tool.run(.object(arguments), context: context)
}

/// gzip-compresses `bytes` with the gzip program, as a server would with Content-Encoding: gzip.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", "-9"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    Thread {
        try? input.fileHandleForWriting.write(contentsOf: Data(bytes))
        try? input.fileHandleForWriting.close()
    }.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

/// A PageText that records what it was given and returns it as the text.
final class RecordingPageText: PageText {
    private let calls = Mutex<[(html: String, baseURL: String)]>([])

    func extract(html: String, baseURL: String) -> (title: String?, text: String) {
        calls.withLock { $0.append((html, baseURL)) }
        return ("Recorded", html)
    }

    var received: [(html: String, baseURL: String)] { calls.withLock { $0 } }
}
