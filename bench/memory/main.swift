// Memory benchmarks; see docs/BENCHMARKS.md.
let arguments = Array(CommandLine.arguments.dropFirst())
let data = arguments.first { $0.hasSuffix(".json") } ?? "../shared/data/wikipedia-vital-summaries-en.json"
switch arguments.first {
case "recall": try await RecallBench.run(sizes: [10_000, 100_000], data: data)
case "graph": try GraphBench.run(runs: 10_000, stepsPerRun: 100)
case "rebuild": try await RebuildBench.run(runs: 500, stepsPerRun: 20)
default: print("usage: bench-memory recall|graph|rebuild [wikipedia-vital-summaries-en.json]")
}
