// Retrieval benchmarks; see docs/BENCHMARKS.md.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "corpus": try await CorpusBench.run(Array(arguments.dropFirst()))
case "vectors": try VectorBench.run(Array(arguments.dropFirst()))
default:
    print(
        """
        usage: bench-retrieval corpus [--documents N] [--data FILE] [--out FILE] [--binary PATH]
               bench-retrieval vectors [--count N] [--queries Q] [--out FILE]
        """)
}
