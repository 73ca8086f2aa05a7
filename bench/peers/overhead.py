"""Runtime overhead per ReAct step: LangGraph and CrewAI beside research-agent.

Every framework runs its own idiomatic ReAct agent against a scripted model that never
touches a network: turn i < STEPS returns one call of a no-op tool (`noop(n=i)`, which
returns "ok"), turn STEPS returns the final answer "done". So a run of STEPS steps is
STEPS model turns with a tool call, STEPS tool executions and one final model turn.

  langgraph       langgraph.prebuilt.create_react_agent with a BaseChatModel subclass
                  (bind_tools returns the model itself) and a @tool no-op;
                  recursion_limit = 2 * STEPS + 10 (a step is two graph super-steps).
  crewai          Agent + one Task + Crew.kickoff(), with a crewai BaseLLM subclass that
                  answers with OpenAI-style native tool calls (supports_function_calling);
                  max_iter = STEPS + 1 so the model's own final turn ends the run.
                  It declares a 10^8-token context window so CrewAI's compaction, which
                  would ask the model for a summary, never fires.
  reference       a plain Python loop: the same scripted-model function and the same
                  no-op function called directly, appending to a list of dict messages.
  research-agent  .build/release/bench-loop STEPS 8192 <temporary file> (already built;
                  this script does not build it). Its own per-step p50 is kept, and
                  total_s / STEPS gives the like-for-like mean.

Each (framework, steps) case runs in a fresh subprocess (`overhead.py --case NAME STEPS`)
that times the agent's run only (imports and construction excluded) and reports peak RSS
(getrusage ru_maxrss, KiB). Sizes 200, 2,000 and 10,000 steps; cases are interleaved
(for each size and repetition, every framework once) so load hits all alike; 3
repetitions, medians reported; a case whose first repetition took over 120 s runs once.
Results go to bench/results/peers-overhead.json.

Usage (after bench/peers/setup.sh):
  ${RESEARCH_AGENT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/research-agent}/peers/venv/bin/python bench/peers/overhead.py
Options: --steps 200,2000,10000  --reps 3  --only langgraph,crewai,reference,research-agent
         --out PATH (default bench/results/peers-overhead.json)  --timeout SECONDS (per case)
Run by hand; no test runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from common import CACHE, QUIET_ENV, REPO

VENV = os.path.join(CACHE, "venv")
VENV_PY = os.path.join(VENV, "bin", "python")
BENCH_LOOP = os.path.join(REPO, ".build", "release", "bench-loop")
BENCH_LOOP_OUT = os.path.join(tempfile.gettempdir(), "peers-bl.jsonl")
FRAMEWORKS = ("research-agent", "reference", "langgraph", "crewai")
ONE_REP_ABOVE_S = 120.0
NOTES = [
    "langgraph.prebuilt.create_react_agent warns that it is deprecated since LangGraph 1.0 in favour of "
    "langchain.agents.create_agent (the langchain package, not installed here); the brief asks for it.",
    "LangGraph and CrewAI keep and re-process the whole message history every turn, so their cost per "
    "step grows with the step count; research-agent's bench-loop keeps an 8,192-token window.",
    "crewai's ScriptedLLM declares a 10^8-token context window so its compaction (a model call for a "
    "summary) never fires; crewai's logger is set to ERROR to drop its per-call token-estimate warning.",
]

# --- the scripted model and the no-op tool, shared by every Python case -------------------

def scripted_turn(turn: int, steps: int) -> tuple[str, str]:
    """Turn `turn` of a run of `steps` steps: ("tool", call id) or ("final", answer)."""
    if turn < steps:
        return "tool", f"call_{turn}"
    return "final", "done"


TOOL_RUNS = [0]


def noop(n: int) -> str:
    """No-op tool: returns "ok"."""
    TOOL_RUNS[0] += 1
    return "ok"


def max_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- one case, in a child process ---------------------------------------------------------

def case_reference(steps: int) -> dict:
    t0 = time.perf_counter()
    messages = [{"role": "user", "content": "run"}]
    turn = 0
    while True:
        kind, value = scripted_turn(turn, steps)
        turn += 1
        if kind == "final":
            messages.append({"role": "assistant", "content": value})
            break
        messages.append({"role": "assistant", "tool_calls": [{"id": value, "name": "noop", "args": {"n": turn - 1}}]})
        messages.append({"role": "tool", "tool_call_id": value, "content": noop(turn - 1)})
    run_s = time.perf_counter() - t0
    return {"run_s": run_s, "model_turns": turn, "answer": messages[-1]["content"]}


def case_langgraph(steps: int) -> dict:
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.messages import AIMessage
    from langchain_core.outputs import ChatGeneration, ChatResult
    from langchain_core.tools import tool
    from langgraph.prebuilt import create_react_agent
    from pydantic import PrivateAttr

    class ScriptedChatModel(BaseChatModel):
        """Chat model that follows scripted_turn; never calls a network."""

        steps: int
        _turn: int = PrivateAttr(default=0)

        @property
        def _llm_type(self) -> str:
            return "scripted"

        def bind_tools(self, tools, **kwargs):
            return self

        def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
            kind, value = scripted_turn(self._turn, self.steps)
            self._turn += 1
            if kind == "tool":
                msg = AIMessage(content="", tool_calls=[
                    {"name": "noop", "args": {"n": self._turn - 1}, "id": value, "type": "tool_call"}])
            else:
                msg = AIMessage(content=value)
            return ChatResult(generations=[ChatGeneration(message=msg)])

    @tool("noop")
    def noop_tool(n: int) -> str:
        """No-op tool: returns "ok"."""
        return noop(n)

    model = ScriptedChatModel(steps=steps)
    agent = create_react_agent(model, [noop_tool])
    config = {"recursion_limit": 2 * steps + 10}
    t0 = time.perf_counter()
    out = agent.invoke({"messages": [("user", "run")]}, config)
    run_s = time.perf_counter() - t0
    return {"run_s": run_s, "model_turns": model._turn, "answer": out["messages"][-1].content,
            "messages": len(out["messages"]), "recursion_limit": config["recursion_limit"]}


def case_crewai(steps: int) -> dict:
    import logging

    from crewai import Agent, Crew, Task
    from crewai.llms.base_llm import BaseLLM
    from crewai.tools import tool
    from pydantic import PrivateAttr

    class ScriptedLLM(BaseLLM):
        """CrewAI custom LLM that follows scripted_turn with native tool calls; no network."""

        steps: int = 0
        _turn: int = PrivateAttr(default=0)

        def call(self, messages, tools=None, callbacks=None, available_functions=None,
                 from_task=None, from_agent=None, response_model=None):
            kind, value = scripted_turn(self._turn, self.steps)
            self._turn += 1
            if kind == "tool":
                return [{"id": value, "type": "function",
                         "function": {"name": "noop", "arguments": json.dumps({"n": self._turn - 1})}}]
            return value

        def supports_function_calling(self) -> bool:
            return True

        def get_context_window_size(self) -> int:
            return 100_000_000

    @tool("noop")
    def noop_tool(n: int) -> str:
        """No-op tool: returns "ok"."""
        return noop(n)

    # BaseLLM's default token estimate logs a warning on every call; silence only that.
    logging.getLogger("crewai").setLevel(logging.ERROR)
    llm = ScriptedLLM(model="scripted", steps=steps)
    agent = Agent(role="runner", goal="call noop until told to stop", backstory="benchmark",
                  llm=llm, tools=[noop_tool], max_iter=steps + 1, verbose=False,
                  allow_delegation=False)
    task = Task(description="Call the noop tool repeatedly, then answer.", expected_output="done",
                agent=agent)
    crew = Crew(agents=[agent], tasks=[task], verbose=False)
    t0 = time.perf_counter()
    out = crew.kickoff()
    run_s = time.perf_counter() - t0
    return {"run_s": run_s, "model_turns": llm._turn, "answer": str(out.raw), "max_iter": steps + 1}


def run_case_in_child(name: str, steps: int) -> None:
    """Child entry: run one case and print one line `RESULT {json}`."""
    fn = {"reference": case_reference, "langgraph": case_langgraph, "crewai": case_crewai}[name]
    rss_start = max_rss_kib()
    try:
        res = fn(steps)
        problems = []
        if TOOL_RUNS[0] != steps:
            problems.append(f"tool ran {TOOL_RUNS[0]} times, expected {steps}")
        if res.get("model_turns") != steps + 1:
            problems.append(f"model called {res.get('model_turns')} times, expected {steps + 1}")
        if res.get("answer") != "done":
            problems.append(f"final answer {res.get('answer')!r:.200}, expected 'done'")
        res.update(ok=not problems, error="; ".join(problems) or None)
    except BaseException as e:  # report anything, including RecursionError
        res = {"ok": False, "error": f"{type(e).__name__}: {e}"[:2000], "model_turns": None}
    res.update(tool_runs=TOOL_RUNS[0], peak_rss_kib=max_rss_kib(), rss_kib_before_imports=rss_start)
    sys.stdout.flush()
    print("RESULT " + json.dumps(res), flush=True)


# --- the parent: interleave cases, aggregate, write JSON ----------------------------------

def child_env() -> dict:
    env = dict(os.environ)
    env.update(QUIET_ENV)
    env["CREWAI_STORAGE_DIR"] = os.path.join(CACHE, "crewai-storage")
    return env


def tail(text: str, n: int = 8) -> str:
    lines = [ln for ln in (text or "").splitlines() if ln.strip()]
    return "\n".join(lines[-n:])


def run_python_case(name: str, steps: int, timeout: float) -> dict:
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--case", name, str(steps)],
                           capture_output=True, text=True, timeout=timeout, env=child_env(),
                           stdin=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired as e:
        return {"ok": False, "error": f"timed out after {timeout:.0f} s", "process_s": time.perf_counter() - t0}
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")]
    if not lines:
        return {"ok": False, "error": f"exit {p.returncode}, no result: {tail(p.stderr) or tail(p.stdout)}",
                "process_s": time.perf_counter() - t0}
    res = json.loads(lines[-1][len("RESULT "):])
    res["process_s"] = time.perf_counter() - t0
    if not res["ok"] and p.stderr.strip():
        res["stderr_tail"] = tail(p.stderr)
    return res


def run_bench_loop(steps: int, timeout: float) -> dict:
    t0 = time.perf_counter()
    try:
        p = subprocess.run([BENCH_LOOP, str(steps), "8192", BENCH_LOOP_OUT], capture_output=True,
                           text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        d = json.loads(p.stdout)
        res = {"ok": p.returncode == 0 and d.get("status") == "budget",
               "error": None if p.returncode == 0 else f"exit {p.returncode}: {tail(p.stderr)}",
               "run_s": d["total_s"], "peak_rss_kib": d["peak_rss_kib"],
               "runtime_us_per_step_p50": d["runtime_us_per_step_p50"],
               "runtime_us_per_step_p95": d.get("runtime_us_per_step_p95"),
               "reported_steps": d.get("steps"), "status": d.get("status")}
    except Exception as e:
        res = {"ok": False, "error": f"{type(e).__name__}: {e}"[:2000]}
    finally:
        if os.path.exists(BENCH_LOOP_OUT):
            os.remove(BENCH_LOOP_OUT)
    res["process_s"] = time.perf_counter() - t0
    return res


def versions() -> dict:
    from importlib import metadata
    out = {"python": platform.python_version()}
    for pkg in ("langgraph", "langgraph-prebuilt", "langgraph-checkpoint", "langchain-core", "crewai",
                "pydantic"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def crewai_install_state() -> dict:
    from importlib.util import find_spec
    if find_spec("crewai") is not None:
        return {"installed": True}
    status_path, log_path = os.path.join(CACHE, "crewai-install.status"), os.path.join(CACHE, "crewai-install.log")
    status = open(status_path).read().strip() if os.path.exists(status_path) else "setup.sh did not record a status"
    log = open(log_path, errors="replace").read() if os.path.exists(log_path) else ""
    key = [ln for ln in log.splitlines() if "error" in ln.lower()][-10:] or log.splitlines()[-10:]
    return {"installed": False, "error": (status + ("\n" + "\n".join(key) if key else ""))[:4000]}


def cpu_model() -> str | None:
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def aggregate(name: str, steps: int, reps: list[dict]) -> dict:
    good = [r for r in reps if r.get("ok")]
    row = {"framework": name, "steps": steps, "repetitions": len(reps), "ok": len(good) == len(reps) and bool(reps),
           "error": "; ".join(sorted({r["error"] for r in reps if r.get("error")})) or None}
    timed = [r for r in reps if r.get("run_s") is not None]
    if timed:
        per_step = [r["run_s"] / steps * 1e6 for r in timed]
        row["us_per_step_median"] = round(statistics.median(per_step), 2)
        row["us_per_step_each"] = [round(x, 2) for x in per_step]
        row["run_s_median"] = round(statistics.median(r["run_s"] for r in timed), 4)
    rss = [r["peak_rss_kib"] for r in reps if r.get("peak_rss_kib")]
    if rss:
        row["peak_rss_mib_median"] = round(statistics.median(rss) / 1024, 1)
    if name == "research-agent":
        p50 = [r["runtime_us_per_step_p50"] for r in reps if r.get("runtime_us_per_step_p50") is not None]
        if p50:
            row["runtime_us_per_step_p50_median"] = statistics.median(p50)
    if len(reps) == 1 and timed and timed[0]["run_s"] > ONE_REP_ABOVE_S:
        row["note"] = f"1 repetition: the first took {timed[0]['run_s']:.0f} s (> {ONE_REP_ABOVE_S:.0f} s)"
    for key in ("recursion_limit", "max_iter", "messages"):
        if reps and key in reps[0]:
            row[key] = reps[0][key]
    row["per_repetition"] = reps
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--case", nargs=2, metavar=("NAME", "STEPS"), help=argparse.SUPPRESS)
    ap.add_argument("--steps", default="200,2000,10000")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default=",".join(FRAMEWORKS))
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results", "peers-overhead.json"))
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per case")
    args = ap.parse_args()
    if args.case:
        run_case_in_child(args.case[0], int(args.case[1]))
        return

    sizes = [int(s) for s in args.steps.split(",")]
    names = [n for n in args.only.split(",") if n]
    crewai_state = crewai_install_state()
    if not crewai_state["installed"] and "crewai" in names:
        names.remove("crewai")
    if "research-agent" in names and not os.access(BENCH_LOOP, os.X_OK):
        sys.exit(f"overhead.py: {BENCH_LOOP} is missing; build it first (swift build -c release --product bench-loop)")

    started = time.time()
    load_start = os.getloadavg()
    results: dict[tuple[str, int], list[dict]] = {(n, s): [] for n in names for s in sizes}
    for steps in sizes:
        for rep in range(args.reps):
            for name in names:
                done = results[(name, steps)]
                if rep > 0 and (not done or done[0].get("run_s") is None or done[0]["run_s"] > ONE_REP_ABOVE_S
                                or not done[0].get("ok")):
                    continue  # one repetition for long or failed cases
                r = run_bench_loop(steps, args.timeout) if name == "research-agent" else \
                    run_python_case(name, steps, args.timeout)
                done.append(r)
                us = f"{r['run_s'] / steps * 1e6:10.1f} us/step" if r.get("run_s") is not None else "      (no time)"
                rss = f"{r['peak_rss_kib'] / 1024:7.1f} MiB" if r.get("peak_rss_kib") else ""
                print(f"{name:15s} {steps:6d} rep {rep + 1}: {us} {rss} {'ok' if r.get('ok') else r.get('error')}",
                      file=sys.stderr, flush=True)

    cases = [aggregate(n, s, results[(n, s)]) for s in sizes for n in names]
    ref = {c["steps"]: c.get("us_per_step_median") for c in cases if c["framework"] == "reference"}
    for c in cases:
        if c.get("us_per_step_median") and ref.get(c["steps"]):
            c["ratio_to_reference"] = round(c["us_per_step_median"] / ref[c["steps"]], 1)

    doc = {
        "what": "runtime overhead per ReAct step, scripted model + no-op tool; see bench/peers/overhead.py",
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "wall_s": round(time.time() - started, 1),
        "versions": versions(),
        "crewai": crewai_state,
        "machine": {"cores": os.cpu_count(), "cpu": cpu_model(), "platform": platform.platform(),
                    "load_average_start": [round(x, 2) for x in load_start],
                    "load_average_end": [round(x, 2) for x in os.getloadavg()]},
        "method": {
            "sizes": sizes, "repetitions": args.reps,
            "one_repetition_above_s": ONE_REP_ABOVE_S,
            "us_per_step": "wall time of the agent run only (no imports or construction) / steps, "
                           "median over repetitions; research-agent: bench-loop total_s / steps",
            "peak_rss": "ru_maxrss of the case's own process (fresh subprocess per case), median",
            "research_agent_command": ".build/release/bench-loop STEPS 8192 <temporary transcript>",
            "interleaving": "for each size, for each repetition: " + ", ".join(names),
        },
        "notes": NOTES,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)
    for c in cases:
        print(f"{c['framework']:15s} {c['steps']:6d}  {c.get('us_per_step_median', '-'):>10} us/step  "
              f"{c.get('peak_rss_mib_median', '-'):>7} MiB  x{c.get('ratio_to_reference', '-')}  "
              f"{'ok' if c['ok'] else c['error']}")


def ensure_venv() -> None:
    """Exit with one clear line if the venv is missing; re-run under its python if needed."""
    if not os.path.exists(VENV_PY):
        sys.exit(f"overhead.py: no virtual environment at {VENV}; run bench/peers/setup.sh first")
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__), *sys.argv[1:]])


if __name__ == "__main__":
    ensure_venv()
    main()
