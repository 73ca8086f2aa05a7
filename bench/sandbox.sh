#!/usr/bin/env bash
# The sandbox's cost: `python3 -c pass` sandboxed against bare (interleaved, same run),
# and short snippets per second, 4 at a time. Prints two JSON objects and writes them to
# bench/results/sandbox.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-sandbox >&2
{
  .build/release/bench-sandbox startup "${RUNS:-100}"
  .build/release/bench-sandbox throughput "${SNIPPETS:-100}" "${PARALLEL:-4}"
} | tee bench/results/sandbox.json
