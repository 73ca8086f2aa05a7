#!/usr/bin/env bash
# Batch benchmarks (release build): the runtime's overhead per task with a scripted model
# and one tool call per task, 10,000 tasks at -j 1, 4 and 16, with the same calls made
# bare as the reference; finding what --resume must run in a 10,000-task batch; scoring
# 10,000 results with every model-free scorer. Prints one JSON object per measurement
# and writes them to bench/results/batch.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-batch >&2
tasks=${TASKS:-10000}
{
  for j in 1 4 16; do .build/release/bench-batch overhead "$tasks" "$j"; done
  .build/release/bench-batch resume "$tasks"
  .build/release/bench-batch eval "$tasks"
} | tee bench/results/batch.json
