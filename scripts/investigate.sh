#!/usr/bin/env bash
# Sets up (once) and runs one investigation: scripts/investigate.sh "your question"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .build/release/research-agent investigate "$@"
