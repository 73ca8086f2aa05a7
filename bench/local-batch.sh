#!/usr/bin/env bash
# The local model on the project's question set (bench/questions/offline-corpus.jsonl)
# through `research-agent batch`, offline corpus, no memory. First tasks per minute at
# -j 1, 2 and 4 on the first LIMIT questions (default 6), then the whole set at -j
# JOBS (default 1), its eval and what its turns did (bench/turn-stats.py); every run
# has at most MAX_STEPS steps (default 6). Batch directories go under OUT (default a
# temporary directory); see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product research-agent >&2
agent=.build/release/research-agent
"$agent" setup --models default,embed,corpus >/dev/null
out=${OUT:-$(mktemp -d)}
home=$out/home
mkdir -p "$home"
set=bench/questions/offline-corpus.jsonl
for j in 1 2 4; do
  start=$(date +%s.%N)
  "$agent" batch "$set" --limit "${LIMIT:-6}" -j "$j" --max-steps "${MAX_STEPS:-6}" --no-memory --provider local --home "$home" --out "$out/j$j" >/dev/null || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v j="$j" -v n="${LIMIT:-6}" \
    'BEGIN { printf "{\"concurrency\":%d,\"tasks\":%d,\"seconds\":%.1f,\"tasks_per_minute\":%.2f}\n", j, n, e - s, n / (e - s) * 60 }'
  "$agent" eval "$out/j$j" --scorer contains,cited --format json --home "$home" | tr -d '\n ' | sed 's/$/\n/'
done
"$agent" batch "$set" -j "${JOBS:-1}" --max-steps "${MAX_STEPS:-6}" --no-memory --provider local --home "$home" --out "$out/all" >/dev/null || true
"$agent" eval "$out/all" --format md --home "$home"
bench/turn-stats.py "$out/all"
echo "batch directories: $out" >&2
