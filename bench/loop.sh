#!/usr/bin/env bash
# Runtime overhead per step: 10,000 steps with a scripted model and a no-op tool, at
# three context windows (the prompt, and so the request each step serialises, grows
# with the window). Prints one JSON object per window and writes them to
# bench/results/loop.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-loop >&2
for window in 2048 8192 32768; do
  .build/release/bench-loop "${STEPS:-10000}" "$window" "${TMPDIR:-/tmp}/bench-loop-$window.jsonl"
  rm -f "${TMPDIR:-/tmp}/bench-loop-$window.jsonl"
done | tee bench/results/loop.json
