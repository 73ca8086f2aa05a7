#!/usr/bin/env bash
# Installs the Debian packages research-agent builds and tests with, if any is missing
# (procps: the test runner lists and stops what a test left behind; chromium: a test opens
# eval's HTML report in it, headless).
# Needs root or sudo only when something is missing.
set -euo pipefail
packages=(pkg-config libcurl4-openssl-dev libssl-dev libsqlite3-dev libseccomp-dev libxml2-dev libedit-dev poppler-utils curl procps chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
