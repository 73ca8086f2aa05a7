import AgentCore
import AgentTesting
import Foundation
import Tools

// MCP client costs against the test server (Python), in one process:
//   start: spawn to tool list (initialize, initialized, two tools/list pages), median of N,
//          and the same for mcp-server-time from PyPI when it is installed;
//   call: tools/call round trip minus the server's own time (from reading the request to
//         writing the answer, which it reports), median of N calls; this still counts the
//         pipe and the server's JSON reading, so it bounds the client's overhead from above;
//   raw: the same request bytes over plain blocking pipes to the same server, no client:
//        the reference; the client adds the difference;
//   memory: this process's RSS growth per connected server, and the servers' own RSS.
// Usage: bench-mcp [starts] [calls] [servers]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let starts = arguments.first ?? 20
let calls = arguments.dropFirst().first ?? 2000
let serverCount = arguments.dropFirst(2).first ?? 8

func settings(_ name: String) -> MCPServerSettings {
    MCPServerSettings(name: name, command: FakeMCPServer.command, arguments: FakeMCPServer.arguments(.normal))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func rssKB(_ pid: pid_t = getpid()) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
}

let environment = ProcessInfo.processInfo.environment
var startTimes: [Double] = []
for i in 0..<starts {
    let server = MCPServer(settings: settings("s\(i)"), environment: environment, clientVersion: "bench")
    let t0 = ContinuousClock.now
    _ = try await server.tools()
    let elapsed = ContinuousClock.now - t0
    startTimes.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    await server.stop()
}

// The same for a real server from PyPI, when scripts/install-mcp-servers.sh has installed it.
let realTime = RealLocalModel.cache + "/mcp-servers/venv/bin/mcp-server-time"
var realStartTimes: [Double] = []
if FileManager.default.isExecutableFile(atPath: realTime) {
    for i in 0..<max(1, starts / 2) {
        let real = MCPServer(
            settings: MCPServerSettings(name: "time\(i)", command: realTime, arguments: ["--local-timezone", "UTC"]),
            environment: environment, clientVersion: "bench")
        let t0 = ContinuousClock.now
        _ = try await real.tools()
        let elapsed = ContinuousClock.now - t0
        realStartTimes.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        await real.stop()
    }
}

let server = MCPServer(settings: settings("echo"), environment: environment, clientVersion: "bench")
_ = try await server.tools()
var roundTrips: [Double] = []
var overheads: [Double] = []
for i in 0..<calls {
    let t0 = ContinuousClock.now
    let (_, result) = try await server.call("echo", arguments: ["text": .string("call \(i)")], timeout: 10)
    let elapsed = ContinuousClock.now - t0
    let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
    let handled = result["_meta"]?["handled_us"]?.doubleValue ?? 0
    roundTrips.append(micros)
    overheads.append(micros - handled)
}
await server.stop()

// Reference: the same server and request bytes over plain blocking pipes, no client at all.
func rawRoundTrips(_ count: Int) throws -> [Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FakeMCPServer.command)
    process.arguments = FakeMCPServer.arguments(.normal)
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let write = input.fileHandleForWriting.fileDescriptor
    let read = output.fileHandleForReading.fileDescriptor
    var pending: [UInt8] = []
    func send(_ text: String) { _ = Array((text + "\n").utf8).withUnsafeBytes { Glibc.write(write, $0.baseAddress, $0.count) } }
    func line() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let end = pending.firstIndex(of: 10) {
                defer { pending.removeSubrange(...end) }
                return Array(pending[..<end])
            }
            let n = Glibc.read(read, &buffer, buffer.count)
            if n <= 0 { return [] }
            pending += buffer[..<n]
        }
    }
    send(
        #"{"id":1,"jsonrpc":"2.0","method":"initialize","params":{"capabilities":{},"clientInfo":{"name":"raw","version":"0"},"protocolVersion":"2025-11-25"}}"#
    )
    _ = line()
    send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
    var times: [Double] = []
    for i in 0..<count {
        let request = #"{"id":\#(i + 2),"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"text":"call \#(i)"},"name":"echo"}}"#
        let t0 = ContinuousClock.now
        send(request)
        let answer = line()
        let elapsed = ContinuousClock.now - t0
        let handled = (try? JSONValue.parse(Data(answer)))?["result"]?["_meta"]?["handled_us"]?.doubleValue ?? 0
        times.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6 - handled)
    }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return times
}
let raw = try rawRoundTrips(calls)

/// The RSS of this process's children (the servers), in KB.
func childrenRSSKB() -> [Double] {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.compactMap { pid -> Double? in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            let parent = stat[stat.index(close, offsetBy: 2)...].split(separator: " ").dropFirst().first.flatMap({ pid_t($0) }),
            parent == me
        else { return nil }
        return rssKB(pid)
    }
}

let before = rssKB()
var connected: [MCPServer] = []
for i in 0..<serverCount {
    let s = MCPServer(settings: settings("m\(i)"), environment: environment, clientVersion: "bench")
    _ = try await s.tools()
    connected.append(s)
}
let after = rssKB()
let serverRSS = median(childrenRSSKB())
let state = await connected[0].state
for s in connected { await s.stop() }

let report: JSONValue = [
    "start_to_tool_list_ms_median": .number((median(startTimes) * 100).rounded() / 100), "starts": .int(starts),
    "mcp_server_time_start_to_tool_list_ms_median": realStartTimes.isEmpty
        ? .null : .number((median(realStartTimes) * 100).rounded() / 100),
    "call_round_trip_us_median": .number(median(roundTrips).rounded()),
    "call_overhead_us_median": .number(median(overheads).rounded()), "calls": .int(calls),
    "raw_pipe_overhead_us_median": .number(median(raw).rounded()),
    "client_added_us_median": .number((median(overheads) - median(raw)).rounded()),
    "server_rss_kb_median": .number(serverRSS.rounded()),
    "client_rss_kb_per_server": .number(((after - before) / Double(serverCount)).rounded()), "servers": .int(serverCount),
    "server": .string(state),
]
print(report.prettyText)
