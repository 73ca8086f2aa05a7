import Foundation
import LLM
import Retrieval

// Memory benchmarks; see docs/BENCHMARKS.md.
let arguments = Array(CommandLine.arguments.dropFirst())
// By default the offline corpus's summaries, which `research-agent setup --models corpus` installs.
let data =
    arguments.first { $0.hasSuffix(".json") }
    ?? LocalInstall(environment: ProcessInfo.processInfo.environment).cache + "/corpora/wikipedia/" + WikipediaSummaries.fileName
switch arguments.first {
case "recall": try await RecallBench.run(sizes: [10_000, 100_000], data: data)
case "graph": try GraphBench.run(runs: 10_000, stepsPerRun: 100)
case "rebuild": try await RebuildBench.run(runs: 500, stepsPerRun: 20)
default: print("usage: bench-memory recall|graph|rebuild [summaries_en-us.json]")
}
