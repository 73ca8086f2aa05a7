#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite (no network, no API key needed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  echo "test: the Swift 6 toolchain is not on PATH; install it from https://www.swift.org/install/linux/" >&2
  exit 1
fi
scripts/install-packages.sh
# Keys in the caller's environment must not reach the tests' fake servers or transcripts.
unset ANTHROPIC_API_KEY OPENAI_API_KEY OPENAI_BASE_URL OPENAI_MODEL RESEARCH_AGENT_PROVIDER RESEARCH_AGENT_MODEL
swift build --build-tests
swift test --skip-build
