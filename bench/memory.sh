#!/usr/bin/env bash
# Memory benchmarks: recall latency at 10k and 100k memories, graph neighbourhood on a
# graph of 10,000 runs x 100 steps, rebuild speed and database growth. Release build.
# Results are recorded by hand in docs/BENCHMARKS.md ("Memory").
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-memory >&2
data="${DATA:-../shared/data/wikipedia-vital-summaries-en.json}"
for what in ${BENCHES:-recall graph rebuild}; do
  .build/release/bench-memory "$what" "$data"
done
