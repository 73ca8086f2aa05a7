"""What LangGraph, CrewAI and research-agent do when things go wrong, side by side.

Each framework runs its own ReAct agent with its own OpenAI client against one fake
OpenAI-compatible server on 127.0.0.1 (real HTTP; streamed or not, as the client asks), in
three scenarios:

  model-dies  turn 1 answers with a call of the `lookup` tool; at turn 2 the server drops
              the connection and stops listening. What does the run do, how long does it
              take to give up, and what is left to look at afterwards?
  tool-hangs  turn 1 calls the `slow` tool, which never returns (it sleeps 10 minutes);
              turn 2 would answer. Does the run end, and when?
  budget      every turn reports 100,000 prompt tokens at $1 per million ($0.10 a call);
              turns 1-5 call `lookup`, turn 6 answers; the run is given $0.25. Does the
              framework stop before the call that would cross it?

The tools: `lookup` returns "ok" at once, `slow` sleeps 600 s. LangGraph:
langgraph.prebuilt.create_react_agent with langchain_openai.ChatOpenAI and @tool functions,
every setting at its default. CrewAI: Agent + Task + Crew with crewai.LLM("openai/...")
and @tool functions, defaults. research-agent: `investigate` (release build) with the
tools served by the test MCP server (Sources/AgentTesting/fake-mcp-server.py: `echo` as
lookup, `slow`) at its default timeout_s of 30 s, the price set in config.toml and
--max-cost 0.25. In tool-hangs CrewAI also runs with Agent.max_execution_time = 30, its
one time limit (unset by default). A case still running after 90 s is killed and
reported so.

Usage (after bench/peers/setup.sh and `swift build -c release --product research-agent`):
  ${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/peers/venv/bin/python bench/peers/failures.py
Options: --only langgraph,crewai,research-agent  --scenarios model-dies,tool-hangs,budget
         --out PATH (default bench/results/peers-failures.json)
Run by hand; no test runs it.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time

from common import CACHE, QUIET_ENV, REPO

AGENT = os.path.join(REPO, ".build", "release", "research-agent")
FAKE_MCP = os.path.join(REPO, "Sources", "AgentTesting", "fake-mcp-server.py")
KILL_AFTER_S = 90
BUDGET_USD = 0.25
PROMPT_TOKENS = 100_000
# --- the fake model server ------------------------------------------------------------------

def turn_reply(scenario: str, turn: int, names: dict) -> dict | None:
    """The scripted reply for `turn` (1-based): {"tool": (name, arguments)} or {"text": answer};
    None drops the connection."""
    if scenario == "model-dies":
        return {"tool": names["lookup"]} if turn == 1 else None
    if scenario == "tool-hangs":
        return {"tool": names["slow"]} if turn == 1 else {"text": "done"}
    return {"tool": names["lookup"]} if turn <= 5 else {"text": "done"}


def serve(scenario: str, names: dict):
    """Starts the fake model server; returns it and its log of requests."""
    log = {"requests": 0}
    state = {"server": None}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            log["requests"] += 1
            reply = turn_reply(scenario, log["requests"], names)
            if reply is None:
                # The model server dies: this connection drops, and nothing listens any more.
                self.close_connection = True
                self.connection.shutdown(2)
                threading.Thread(target=state["server"].shutdown, daemon=True).start()
                state["server"].socket.close()
                return
            usage = {"prompt_tokens": PROMPT_TOKENS if scenario == "budget" else 10, "completion_tokens": 5,
                     "total_tokens": (PROMPT_TOKENS if scenario == "budget" else 10) + 5}
            if "tool" in reply:
                call = {"id": f"call_{log['requests']}", "type": "function",
                        "function": {"name": reply["tool"][0], "arguments": json.dumps(reply["tool"][1])}}
                message = {"role": "assistant", "content": None, "tool_calls": [call]}
                finish = "tool_calls"
            else:
                message = {"role": "assistant", "content": reply["text"]}
                finish = "stop"
            if body.get("stream"):
                delta = dict(message)
                if "tool_calls" in delta:
                    delta["tool_calls"] = [dict(delta["tool_calls"][0], index=0)]
                chunks = [{"id": "c", "object": "chat.completion.chunk", "model": "fake-model",
                           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]},
                          {"id": "c", "object": "chat.completion.chunk", "model": "fake-model", "choices": [],
                           "usage": usage}]
                data = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks).encode() + b"data: [DONE]\n\n"
                kind = "text/event-stream"
            else:
                data = json.dumps({"id": "c", "object": "chat.completion", "model": "fake-model",
                                   "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                                   "usage": usage}).encode()
                kind = "application/json"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["server"] = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, log


# --- one case in a child process: the Python frameworks --------------------------------------

def lookup_fn(query: str) -> str:
    """Looks something up (returns "ok")."""
    return "ok"


def slow_fn(query: str) -> str:
    """Looks something up slowly (never returns in practice)."""
    time.sleep(600)
    return "late"


def child_langgraph(url: str) -> str:
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI
    from langgraph.prebuilt import create_react_agent
    model = ChatOpenAI(model="fake-model", base_url=url, api_key="sk-fake")
    agent = create_react_agent(model, [tool("lookup")(lookup_fn), tool("slow")(slow_fn)])
    out = agent.invoke({"messages": [("user", "Look it up.")]})
    return out["messages"][-1].content


def child_crewai(url: str, max_execution_time: int | None = None) -> str:
    import logging
    from crewai import LLM, Agent, Crew, Task
    from crewai.tools import tool
    logging.getLogger("crewai").setLevel(logging.ERROR)
    llm = LLM(model="openai/fake-model", base_url=url, api_key="sk-fake")
    agent = Agent(role="researcher", goal="answer the question", backstory="benchmark", llm=llm,
                  tools=[tool("lookup")(lookup_fn), tool("slow")(slow_fn)], verbose=False,
                  max_execution_time=max_execution_time)
    task = Task(description="Look it up.", expected_output="the answer", agent=agent)
    return str(Crew(agents=[agent], tasks=[task], verbose=False).kickoff())


def child(name: str, url: str) -> None:
    fn = {"langgraph": child_langgraph, "crewai": child_crewai,
          "crewai-max-execution-time": lambda u: child_crewai(u, max_execution_time=30)}[name]
    try:
        answer = fn(url)
        print(json.dumps({"outcome": "answered", "answer": answer}))
    except BaseException as error:  # noqa: BLE001 - the point is to see what surfaces
        print(json.dumps({"outcome": "raised", "error": f"{type(error).__module__}.{type(error).__name__}: "
                          + str(error).splitlines()[0][:300] if str(error) else type(error).__name__}))
        sys.exit(1)


# --- running the cases -------------------------------------------------------------------

def run(command: list[str], env: dict) -> dict:
    t0 = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=KILL_AFTER_S,
                              stdin=subprocess.DEVNULL)
        result = {"exit": done.returncode, "wall_s": round(time.perf_counter() - t0, 2), "stdout": done.stdout,
                  "stderr": done.stderr}
    except subprocess.TimeoutExpired as timeout:
        out = timeout.stdout.decode() if isinstance(timeout.stdout, bytes) else (timeout.stdout or "")
        result = {"exit": None, "wall_s": KILL_AFTER_S, "killed_after_s": KILL_AFTER_S, "stdout": out, "stderr": ""}
    return result


def case_python(name: str, scenario: str) -> dict:
    server, log = serve(scenario, {"lookup": ("lookup", {"query": "x"}), "slow": ("slow", {"query": "x"})})
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    env = dict(os.environ, **QUIET_ENV, CREWAI_STORAGE_DIR=os.path.join(CACHE, "crewai-storage"))
    result = run([sys.executable, __file__, "--child", name, url], env)
    line = next((x for x in reversed(result["stdout"].splitlines()) if x.startswith("{")), None)
    outcome = json.loads(line) if line else {"outcome": "killed" if result["exit"] is None else "no output",
                                             "stderr_tail": result["stderr"].strip().splitlines()[-3:]}
    outcome.update(exit=result["exit"], wall_s=result["wall_s"], model_requests=log["requests"],
                   record_left="none by default (no transcript or checkpoint is written unless configured)")
    if scenario == "budget":
        outcome["spent_usd"] = round(log["requests"] * (PROMPT_TOKENS + 5) / 1e6, 3)
        outcome["budget_usd"] = BUDGET_USD
        outcome["budget_setting"] = "none: no dollar limit exists to set"
    server.server_close()
    return outcome


def case_research_agent(scenario: str) -> dict:
    server, log = serve(scenario, {"lookup": ("fake__echo", {"text": "x"}), "slow": ("fake__slow", {"seconds": 600})})
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    home = tempfile.mkdtemp(prefix="peers-failures-")
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write(f'[mcp.servers.fake]\ncommand = "/usr/bin/python3"\nargs = ["{FAKE_MCP}", "normal"]\n\n'
                '[prices."fake-model"]\ninput = 1\noutput = 1\n')
    env = dict(os.environ, OPENAI_BASE_URL=url, OPENAI_MODEL="fake-model", OPENAI_API_KEY="sk-fake")
    command = [AGENT, "investigate", "Look it up.", "--home", home, "--no-web", "--no-memory", "--json"]
    if scenario == "budget":
        command += ["--max-cost", str(BUDGET_USD)]
    result = run(command, env)
    outcome: dict = {"exit": result["exit"], "wall_s": result["wall_s"], "model_requests": log["requests"]}
    # --json prints the run's events, one per line; run.end says how it ended.
    events = []
    for line in result["stdout"].splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    end = next((e for e in reversed(events) if e.get("type") == "run.end"), None)
    if end:
        outcome.update(outcome="ended", status=end.get("status"), reason=end.get("reason"), answer=end.get("answer"))
    else:
        outcome.update(outcome="no run.end", stderr_tail=result["stderr"].strip().splitlines()[-3:])
    transcripts = [n for n in os.listdir(os.path.join(home, "transcripts")) if n.endswith(".jsonl")] \
        if os.path.isdir(os.path.join(home, "transcripts")) else []
    if transcripts:
        path = os.path.join(home, "transcripts", transcripts[0])
        events = [json.loads(x) for x in open(path) if x.strip()]
        ends = [e for e in events if e["type"] == "run.end"]
        errors = [e["message"] for e in events if e["type"] == "error"]
        tool_errors = [e["output"][:200] for e in events if e["type"] == "tool.result" and e.get("is_error")]
        outcome["record_left"] = f"transcript of {len(events)} events, run.end status {ends[0]['status'] if ends else None}"
        if errors:
            outcome["last_error_event"] = errors[-1][:300]
        if tool_errors:
            outcome["tool_error"] = tool_errors[0]
    if scenario == "budget":
        outcome["spent_usd"] = round(log["requests"] * (PROMPT_TOKENS + 5) / 1e6, 3)
        outcome["budget_usd"] = BUDGET_USD
        outcome["budget_setting"] = f"--max-cost {BUDGET_USD} (checked before every model call)"
    server.server_close()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=2, metavar=("NAME", "URL"))
    parser.add_argument("--only", default="research-agent,langgraph,crewai")
    parser.add_argument("--scenarios", default="model-dies,tool-hangs,budget")
    parser.add_argument("--out", default=os.path.join(REPO, "bench", "results", "peers-failures.json"))
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    results: dict = {}
    for scenario in args.scenarios.split(","):
        # CrewAI's one time knob, Agent.max_execution_time (unset by default), set to the 30 s
        # research-agent's MCP tools have by default.
        extra = ["crewai-max-execution-time"] if scenario == "tool-hangs" and "crewai" in args.only else []
        for name in args.only.split(",") + extra:
            print(f"{scenario} / {name} ...", file=sys.stderr, flush=True)
            results.setdefault(scenario, {})[name] = (
                case_research_agent(scenario) if name == "research-agent" else case_python(name, scenario))
            print("   " + json.dumps(results[scenario][name])[:400], file=sys.stderr, flush=True)
    import importlib.metadata as md
    versions = {p: md.version(p) for p in ("langgraph", "langgraph-prebuilt", "langchain-core", "langchain-openai", "crewai")}
    doc = {"date": time.strftime("%Y-%m-%d"), "machine": platform.platform(), "python": platform.python_version(),
           "versions": versions, "kill_after_s": KILL_AFTER_S,
           "command": "bench/peers/failures.py (with the peers venv's python)", "results": results}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
