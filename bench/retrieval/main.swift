// Retrieval benchmarks; see docs/BENCHMARKS.md.
print("bench-retrieval: no benchmark yet")
