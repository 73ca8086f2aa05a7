#!/usr/bin/env bash
# Installs the MCP servers the tests start for real (scripts/mcp-servers.txt, from PyPI) into
# a virtual environment in the cache: $RESEARCH_AGENT_CACHE, else $XDG_CACHE_HOME/research-agent,
# else ~/.cache/research-agent, under mcp-servers/venv. A second run with the same pins does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/mcp-servers"
venv="$cache/venv"
pins="$here/mcp-servers.txt"
stamp="$cache/installed.txt"
if [ -x "$venv/bin/mcp-server-time" ] && [ -x "$venv/bin/mcp-server-git" ] && cmp -s "$pins" "$stamp"; then exit 0; fi
mkdir -p "$cache"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
echo "installing the MCP servers the tests use into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins"
cp "$pins" "$stamp"
