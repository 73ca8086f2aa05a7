"""What the peer scripts (overhead.py, failures.py, questions.py) share: where things are, and
the environment that keeps every framework off the network and quiet."""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
# research-agent's cache, as the program resolves it; the peers' venv lives in peers/.
CACHE_ROOT = os.environ.get("RESEARCH_AGENT_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "research-agent")
CACHE = os.path.join(CACHE_ROOT, "peers")

# No telemetry, tracing or version checks from either framework.
QUIET_ENV = {
    "CREWAI_DISABLE_TELEMETRY": "true",
    "CREWAI_DISABLE_TRACKING": "true",
    "OTEL_SDK_DISABLED": "true",
    "CREWAI_TRACING_ENABLED": "false",
    "CREWAI_DISABLE_VERSION_CHECK": "true",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
}
