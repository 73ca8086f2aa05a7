#!/usr/bin/env bash
# fetch_url throughput on local fixture pages and the cost of a 5 MB page, against a
# fixture server on 127.0.0.1 in a child process. Prints two JSON objects and writes them
# to bench/results/fetch.json; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-fetch >&2
{
  .build/release/bench-fetch pages "${FETCHES:-800}"
  .build/release/bench-fetch big "${RUNS:-5}"
} | tee bench/results/fetch.json
