#!/usr/bin/env bash
# The MCP client's costs (bench/mcp/main.swift): server start to tool list, per-call overhead
# against a bare pipe round trip to the same server, memory per connected server. Writes
# bench/results/mcp.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-mcp-servers.sh
swift build -c release --product bench-mcp >&2
.build/release/bench-mcp "${STARTS:-20}" "${CALLS:-4000}" "${SERVERS:-8}" | tee bench/results/mcp.json
