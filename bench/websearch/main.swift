import AgentCore
import Foundation
import HTTP
import LLM
import Logging
import Retrieval
import Tools

// bench-websearch [--index FILE] [--rounds N] [--out FILE] [--synthetic-vectors]
// Latency of web_search on the offline corpus in a warm process, BM25 and hybrid, with
// query embeddings computed beforehand and timed apart; see docs/BENCHMARKS.md.
let environment = ProcessInfo.processInfo.environment
let cache = environment["RESEARCH_AGENT_CACHE"] ?? (environment["XDG_CACHE_HOME"] ?? NSHomeDirectory() + "/.cache") + "/research-agent"
var indexPath = cache + "/corpora/wikipedia/index.sqlite"
var rounds = 5
var out = "bench/results/websearch.json"
var synthetic = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--index": indexPath = arguments.next() ?? indexPath
    case "--rounds": rounds = Int(arguments.next() ?? "") ?? rounds
    case "--out": out = arguments.next() ?? out
    case "--synthetic-vectors": synthetic = true
    default:
        FileHandle.standardError.write(
            Data(
                "bench-websearch: unknown argument \(a); usage: bench-websearch [--index FILE] [--rounds N] [--out FILE] [--synthetic-vectors]\n"
                    .utf8))
        exit(2)
    }
}

do {
    let result = try await WebSearchBench.run(index: indexPath, rounds: rounds, synthetic: synthetic, environment: environment)
    let json = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
    try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try json.write(to: URL(fileURLWithPath: out))
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("bench-websearch: \(error)\n".utf8))
    exit(1)
}
