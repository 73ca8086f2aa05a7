#!/usr/bin/env bash
# Creates the Python virtual environment that bench/peers/overhead.py runs in, OUTSIDE the
# repository, at ${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/peers/venv,
# and installs the exact versions pinned in bench/peers/requirements.txt:
#   1. LangGraph (langgraph, langgraph-prebuilt, langchain-core): must succeed.
#   2. CrewAI, with the step-1 pins as constraints, bounded by CREWAI_TIMEOUT seconds
#      (default 600). If it fails or times out the script still exits 0; the pip output is
#      kept in peers/crewai-install.log beside the venv and overhead.py records its key
#      lines in the results JSON as "crewai": {"installed": false, "error": ...}.
# Run by hand; re-running reuses the venv. Needs python3 >= 3.10 (CrewAI needs < 3.14).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/peers"
venv="$cache/venv"
req="$here/requirements.txt"
mkdir -p "$cache"
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check)
"${pip[@]}" install --quiet --upgrade pip
echo "installing LangGraph into $venv" >&2
"${pip[@]}" install --quiet -r <(grep -vE '^\s*(#|$)|^crewai' "$req")
echo "installing CrewAI (timeout ${CREWAI_TIMEOUT:-600}s), log: $cache/crewai-install.log" >&2
rm -f "$cache/crewai-install.status"
if timeout "${CREWAI_TIMEOUT:-600}" "${pip[@]}" install -c <(grep -vE '^\s*(#|$)|^crewai' "$req") \
     "$(grep -E '^crewai==' "$req")" >"$cache/crewai-install.log" 2>&1; then
  echo ok >"$cache/crewai-install.status"
else
  rc=$?
  if [ "$rc" = 124 ]; then echo "timeout after ${CREWAI_TIMEOUT:-600}s" >"$cache/crewai-install.status"
  else echo "pip exited $rc" >"$cache/crewai-install.status"; fi
  echo "CrewAI install failed ($(cat "$cache/crewai-install.status")); see $cache/crewai-install.log" >&2
fi
"$venv/bin/python" -m pip freeze | grep -iE '^(langgraph|langchain-core|crewai|litellm|pydantic)[=-]' >&2 || true
echo "done: run $venv/bin/python $here/overhead.py" >&2
