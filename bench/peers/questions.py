"""The project's questions, answered by LangGraph, CrewAI and research-agent on one local model.

Every framework gets the same question, the same model and the same search:

  model   qwen2.5-coder-1.5b-instruct (q4_k_m), the model `research-agent setup` installs,
          served by the llama.cpp server it installs, with the flags research-agent's local
          provider starts it with (-c 8192, one thread per core, --jinja). This script starts
          one such server for LangGraph and CrewAI; research-agent (`--provider local`)
          starts its own from the same binary, model and flags.
  search  `web_search` over the offline corpus (Wikipedia lead summaries), as
          `research-agent tools run web_search` prints it: numbered results that an answer
          cites as [n]. LangGraph and CrewAI call it as a tool (a subprocess per search).
  budget  at most MAX_STEPS model turns (default 6): research-agent --max-steps, LangGraph's
          recursion_limit = 2 * MAX_STEPS, CrewAI's max_iter.

LangGraph: langgraph.prebuilt.create_react_agent with langchain_openai.ChatOpenAI (native
tool calls through llama.cpp's chat template). CrewAI: Agent + Task + Crew with
crewai.LLM("openai/..."). research-agent: `investigate --provider local --search offline
--no-memory --max-steps 6 --json`. Each gets the same instruction: answer briefly, using
the search tool, and cite the results used as [n].

Scores, as `research-agent eval` computes them: contains (the normalised accepted answer
appears in the normalised answer; SQuAD's normalisation) and cited (the answer cites [n],
and a search was made: like eval's, which needs a source behind the number). Searched:
the share of questions where the agent called the search tool at all.
Also: model turns, prompt tokens as the framework reports them, wall time per question.
Questions and frameworks are interleaved, so load hits all alike.

Usage (after bench/peers/setup.sh, `swift build -c release --product research-agent` and
`research-agent setup --models default,corpus`):
  ${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/peers/venv/bin/python bench/peers/questions.py
Options: --split heldout (every question of that half) or --ids oc-02,oc-04,...
         (default: the held-out half's first 10)  --max-steps 6
         --only research-agent,langgraph,crewai  --out PATH (default bench/results/peers-questions.json)
Run by hand; no test runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from common import CACHE, CACHE_ROOT, QUIET_ENV, REPO

AGENT = os.path.join(REPO, ".build", "release", "research-agent")
QUESTIONS = os.path.join(REPO, "bench", "questions", "offline-corpus.jsonl")
MODEL = os.path.join(CACHE_ROOT, "models", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
INSTRUCTION = ("Answer the question briefly. Use the web_search tool to find the facts, and cite the "
               "results you used as [n], with the numbers the search gave them.")
KILL_AFTER_S = 300


# --- scoring, as research-agent's Evaluation module does it -----------------------------------

def tokens(text: str) -> list[str]:
    words, current = [], ""
    for ch in text.lower():
        if ch.isalnum():
            current += ch
        elif ch.isspace() or ch in "-/":
            if current:
                words.append(current)
            current = ""
    if current:
        words.append(current)
    return [w for w in words if w not in ("a", "an", "the")]


def contains(answer: str, accepted: list[str]) -> bool:
    hay = tokens(answer)
    for option in accepted:
        needle = tokens(option)
        if needle and any(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1)):
            return True
    return False


def cited(answer: str) -> bool:
    return re.search(r"\[\d+\]", answer) is not None


# --- the search tool the Python frameworks call ---------------------------------------------

SEARCHES = [0]


def web_search(query: str) -> str:
    """Search the offline Wikipedia corpus; numbered results to cite as [n]."""
    SEARCHES[0] += 1
    done = subprocess.run([AGENT, "tools", "run", "web_search", json.dumps({"query": query}), "--search", "offline",
                           "--home", os.environ["PEERS_HOME"]], capture_output=True, text=True, timeout=60)
    return done.stdout if done.returncode == 0 else "search failed: " + done.stderr.strip()


# --- one question in a child process ---------------------------------------------------------

def child_langgraph(url: str, question: str, max_steps: int) -> dict:
    from langchain_core.tools import tool
    from langchain_openai import ChatOpenAI
    from langgraph.errors import GraphRecursionError
    from langgraph.prebuilt import create_react_agent
    model = ChatOpenAI(model="local", base_url=url, api_key="sk-local", max_tokens=512)
    agent = create_react_agent(model, [tool("web_search")(web_search)], prompt=INSTRUCTION)
    try:
        out = agent.invoke({"messages": [("user", question)]}, {"recursion_limit": 2 * max_steps})
        messages, status = out["messages"], "answered"
    except GraphRecursionError:
        return {"status": "step limit", "answer": "", "turns": max_steps, "prompt_tokens": None}
    turns = [m for m in messages if m.type == "ai"]
    prompt = sum((m.usage_metadata or {}).get("input_tokens", 0) for m in turns)
    return {"status": status, "answer": str(messages[-1].content), "turns": len(turns), "prompt_tokens": prompt}


def child_crewai(url: str, question: str, max_steps: int) -> dict:
    import logging
    from crewai import LLM, Agent, Crew, Task
    from crewai.tools import tool
    logging.getLogger("crewai").setLevel(logging.ERROR)
    llm = LLM(model="openai/local", base_url=url, api_key="sk-local", max_tokens=512)
    agent = Agent(role="researcher", goal=INSTRUCTION, backstory="You answer from search results.", llm=llm,
                  tools=[tool("web_search")(web_search)], max_iter=max_steps, verbose=False)
    task = Task(description=question, expected_output="A short answer that cites the search results used as [n].",
                agent=agent)
    crew = Crew(agents=[agent], tasks=[task], verbose=False)
    answer = str(crew.kickoff())
    usage = crew.usage_metrics
    return {"status": "answered", "answer": answer, "turns": getattr(usage, "successful_requests", None),
            "prompt_tokens": getattr(usage, "prompt_tokens", None)}


def child(name: str, url: str, question: str, max_steps: int) -> None:
    fn = {"langgraph": child_langgraph, "crewai": child_crewai}[name]
    try:
        result = fn(url, question, max_steps)
        result["searches"] = SEARCHES[0]
        print(json.dumps(result))
    except BaseException as error:  # noqa: BLE001 - a framework's failure is a result here
        print(json.dumps({"status": "error", "answer": "",
                          "searches": SEARCHES[0],
                          "error": f"{type(error).__name__}: {str(error).splitlines()[0][:300] if str(error) else ''}"}))


# --- the run ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    server = os.path.join(CACHE_ROOT, "llama.cpp")
    binary = next(os.path.join(root, "llama-server") for root, _, files in os.walk(server) if "llama-server" in files)
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), "peers-llama-server.log"), "w")
    process = subprocess.Popen([binary, "-m", MODEL, "--host", "127.0.0.1", "--port", str(port), "-c", "8192",
                                "-t", str(os.cpu_count() or 1), "--jinja"], stdout=log, stderr=log)
    for _ in range(120):
        try:
            if b"ok" in urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read():
                return process, f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the llama.cpp server did not start; see " + log.name)


def run_python(name: str, url: str, question: str, max_steps: int, home: str) -> dict:
    env = dict(os.environ, **QUIET_ENV, PEERS_HOME=home, CREWAI_STORAGE_DIR=os.path.join(CACHE, "crewai-storage"))
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, __file__, "--child", name, url, question, str(max_steps)], env=env,
                              capture_output=True, text=True, timeout=KILL_AFTER_S, stdin=subprocess.DEVNULL)
        line = next((x for x in reversed(done.stdout.splitlines()) if x.startswith("{")), None)
        result = json.loads(line) if line else {"status": "error", "answer": "", "error": done.stderr.strip()[-300:]}
    except subprocess.TimeoutExpired:
        result = {"status": "killed", "answer": ""}
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    return result


def run_agent(question: str, max_steps: int, home: str) -> dict:
    t0 = time.perf_counter()
    # Its own system prompt already asks for search and citations: the question goes as it is.
    done = subprocess.run([AGENT, "investigate", question, "--provider", "local",
                           "--search", "offline", "--no-memory", "--max-steps", str(max_steps), "--json", "--home", home],
                          capture_output=True, text=True, timeout=KILL_AFTER_S, stdin=subprocess.DEVNULL)
    wall = round(time.perf_counter() - t0, 1)
    end = None
    for line in done.stdout.splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if event.get("type") == "run.end":
            end = event
    if not end:
        return {"status": "error", "answer": "", "error": done.stderr.strip()[-300:], "wall_s": wall}
    totals = end.get("totals") or {}
    return {"status": end["status"], "answer": end.get("answer") or "", "turns": totals.get("steps"),
            "prompt_tokens": totals.get("input_tokens"), "searches": totals.get("tool_calls"), "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=4, metavar=("NAME", "URL", "QUESTION", "MAX_STEPS"))
    parser.add_argument("--ids", default="")
    parser.add_argument("--split", default="", help="every question of this split (heldout or tune)")
    parser.add_argument("--max-steps", type=int, default=6)
    parser.add_argument("--only", default="research-agent,langgraph,crewai")
    parser.add_argument("--out", default=os.path.join(REPO, "bench", "results", "peers-questions.json"))
    args = parser.parse_args()
    if args.child:
        name, url, question, steps = args.child
        return child(name, url, question, int(steps))
    items = [json.loads(x) for x in open(QUESTIONS) if x.strip()]
    if args.split:
        wanted = [q["id"] for q in items if q["metadata"]["split"] == args.split]
    else:
        wanted = args.ids.split(",") if args.ids else [q["id"] for q in items if q["metadata"]["split"] == "heldout"][:10]
    items = [q for q in items if q["id"] in wanted]
    home = tempfile.mkdtemp(prefix="peers-questions-")
    server, url = start_server()
    rows: dict = {name: [] for name in args.only.split(",")}
    try:
        for q in items:
            for name in rows:
                r = run_agent(q["question"], args.max_steps, home) if name == "research-agent" else \
                    run_python(name, url, q["question"], args.max_steps, home)
                # Cited counts only when a search was made: a number with nothing behind it cites nothing.
                r.update(id=q["id"], contains=contains(r.get("answer", ""), q["answers"]),
                         cited=cited(r.get("answer", "")) and (r.get("searches") or 0) > 0)
                rows[name].append(r)
                print(f"{q['id']} {name}: {r['status']} contains={r['contains']} cited={r['cited']} "
                      f"{r['wall_s']} s  {r.get('answer', '')[:80]!r}", file=sys.stderr, flush=True)
    finally:
        server.kill()

    def summary(rs: list[dict]) -> dict:
        def median(key):
            values = [r[key] for r in rs if isinstance(r.get(key), (int, float))]
            return statistics.median(values) if values else None
        return {"questions": len(rs), "contains": sum(r["contains"] for r in rs) / len(rs),
                "cited": sum(r["cited"] for r in rs) / len(rs),
                "answered": sum(r["status"] == "answered" for r in rs) / len(rs),
                "searched": sum((r.get("searches") or 0) > 0 for r in rs) / len(rs),
                "turns_median": median("turns"), "prompt_tokens_median": median("prompt_tokens"),
                "wall_s_median": median("wall_s")}

    import importlib.metadata as md
    doc = {"date": time.strftime("%Y-%m-%d"), "machine": platform.platform(), "model": os.path.basename(MODEL),
           "max_steps": args.max_steps, "ids": wanted,
           "versions": {p: md.version(p) for p in ("langgraph", "langgraph-prebuilt", "langchain-core",
                                                   "langchain-openai", "crewai")},
           "summary": {name: summary(rs) for name, rs in rows.items()}, "runs": rows}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(json.dumps(doc["summary"], indent=2))


if __name__ == "__main__":
    main()
