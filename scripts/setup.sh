#!/usr/bin/env bash
# Sets research-agent up on Debian 12: system packages, then a release build.
# The Swift 6 toolchain is a prerequisite (Debian does not package it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift 6 toolchain is not on PATH; install it from https://www.swift.org/install/linux/ and re-run" >&2
  exit 1
fi
scripts/install-packages.sh
echo "building research-agent (release; a few minutes the first time)..." >&2
swift build -c release --product research-agent >&2
echo "ready: .build/release/research-agent" >&2
