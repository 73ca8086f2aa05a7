// Retrieval benchmarks; see docs/BENCHMARKS.md.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "corpus": try await CorpusBench.run(Array(arguments.dropFirst()))
case "vectors": try VectorBench.run(Array(arguments.dropFirst()))
case "quality": try await QualityBench.run(Array(arguments.dropFirst()))
case "latency": try await FusionLatencyBench.run(Array(arguments.dropFirst()))
default:
    print(
        """
        usage: bench-retrieval corpus [--documents N] [--data FILE] [--out FILE] [--binary PATH]
               bench-retrieval vectors [--count N] [--queries Q] [--out FILE]
               bench-retrieval quality [--dir DIR] [--questions A,B] [--tech DIR] [--data FILE] [--out FILE] [--misses] [--sweep] [--rank-fusion]
               bench-retrieval latency [--dir DIR] [--rounds N] [--out FILE]
        """)
}
