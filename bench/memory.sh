#!/usr/bin/env bash
# Memory benchmarks: recall latency at 10k and 100k memories, graph neighbourhood on a
# graph of 10,000 runs x 100 steps, rebuild speed and database growth. Release build.
# Results are recorded by hand in docs/BENCHMARKS.md ("Memory").
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-memory --product research-agent >&2
# The offline corpus's summaries, which `research-agent setup --models corpus` installs.
data="${DATA:-${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/corpora/wikipedia/summaries_en-us.json}"
[[ -f $data ]] || .build/release/research-agent setup --models corpus >&2
for what in ${BENCHES:-recall graph rebuild}; do
  .build/release/bench-memory "$what" "$data"
done
