#!/usr/bin/env bash
# web_search latency on the offline corpus (BM25 and hybrid, query embedding timed apart)
# in a warm process. Needs the corpus installed (research-agent setup, then
# research-agent corpus install; with the embedder set up for hybrid). Writes
# bench/results/websearch.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-websearch >&2
.build/release/bench-websearch --rounds "${ROUNDS:-5}" "$@"
