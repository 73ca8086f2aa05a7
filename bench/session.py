#!/usr/bin/env python3
"""The interactive session's figures, with references measured in the same run.

1. Enter to the first model request of each question in a session of QUESTIONS questions
   (default 50): research-agent runs on a pseudo-terminal, as a person would use it,
   against a local OpenAI-compatible fake server that answers every question at once
   with a 600-character answer citing nothing (so each question is one model call). Memory is
   on (recall runs before every question), the embedder is off. Reported: the median over
   the first five questions (the reference: a session with nothing in it yet) and over the
   last five, and their ratio.
2. (with --local) Prompt tokens the local llama.cpp server processes for a follow-up, with
   and without prefix reuse: a real two-question session on the local model, whose
   requests are then sent again to a fresh server in order (its prompt cache on, as a
   session gets) and once more with `cache_prompt: false`.

Usage: bench/session.py [--binary PATH] [--questions N] [--local] [--out FILE]
"""
import argparse, json, os, pty, select, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench", "local-model"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import fake_openai  # noqa: E402  (bench/fake_openai.py)
PROMPT = b"research-agent> "
ANSWER = ("The answer, at some length so that the session's history grows as a real one does: " * 8)[:600]
class Terminal:
    """research-agent on a pseudo-terminal; a thread drains what it prints."""

    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(argv[0], argv, env)
        self.output = bytearray()
        self.lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 1)
                if ready:
                    data = os.read(self.fd, 65536)
                    if not data:
                        return
                    with self.lock:
                        self.output += data
            except OSError:
                return

    def count(self, needle):
        with self.lock:
            return self.output.count(needle)

    def wait(self, needle, count, seconds=600):
        deadline = time.monotonic() + seconds
        while self.count(needle) < count:
            if time.monotonic() > deadline:
                with self.lock:
                    tail = self.output[-2000:].decode(errors="replace")
                sys.exit(f"bench: timed out waiting for {needle!r}; the terminal shows:\n{tail}")
            time.sleep(0.002)

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        self.send(b"\x04")
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def enter_to_request(binary, questions):
    server, arrivals = fake_openai.start(ANSWER, usage={"prompt_tokens": 100, "completion_tokens": 120, "total_tokens": 220})
    home = tempfile.mkdtemp(prefix="bench-session-")
    env = {"PATH": os.environ["PATH"], "HOME": home, "NO_COLOR": "1", "TERM": "xterm",
           "OPENAI_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "OPENAI_MODEL": "m"}
    term = Terminal([binary, "investigate", "--home", home, "--no-web", "--embedder", "none"], env)
    term.wait(PROMPT, 1)
    latencies = []
    for i in range(questions):
        count = len(arrivals)
        # A question of its own each time, so recall has something to rank.
        term.send(f"Question {i + 1}: how does design choice number {i + 1} affect query latency?".encode())
        time.sleep(0.05)  # typed, then Enter: the measurement starts at the Enter
        started = time.perf_counter()
        term.send(b"\r")
        while len(arrivals) <= count:
            time.sleep(0.0005)
        latencies.append(arrivals[count] - started)
        term.wait(PROMPT, i + 2)
    status = term.close()
    server.shutdown()
    first = statistics.median(latencies[:5])
    last = statistics.median(latencies[-5:])
    run_start = json.loads(open(newest_transcript(home)).readline())
    return {"questions": questions, "exit": status, "all_ms": [round(x * 1000, 2) for x in latencies],
            "first_five_ms_p50": round(first * 1000, 2), "last_five_ms_p50": round(last * 1000, 2),
            "ratio_last_to_first": round(last / first, 2),
            "turns_in_last_run_start": len(run_start["session"]["turns"]),
            "condensed_in_last_run_start": len(run_start["session"]["condensed"]),
            "last_run_start_bytes": len(json.dumps(run_start))}


def newest_transcript(home):
    folder = os.path.join(home, "transcripts")
    names = [n for n in os.listdir(folder) if n.endswith(".jsonl") and n != "memory-ops.jsonl"]
    return max((os.path.join(folder, n) for n in names), key=os.path.getmtime)


def prefix_reuse(binary):
    import bench as local  # bench/local-model/bench.py: the server as research-agent starts it
    cache = os.environ.get("RESEARCH_AGENT_CACHE",
                           os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "research-agent"))
    paths = local.installed_paths(binary, cache)
    home = tempfile.mkdtemp(prefix="bench-session-local-")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "OPENAI_BASE_URL"}
    env.update({"NO_COLOR": "1", "TERM": "xterm"})
    term = Terminal([binary, "investigate", "--home", home, "--provider", "local", "--embedder", "none", "--no-memory",
                     "--max-steps", "4"], env)
    term.wait(PROMPT, 1)
    for i, question in enumerate(["Which database engine does Android ship with?", "And who created it?"]):
        term.send(question.encode())
        time.sleep(0.05)
        term.send(b"\r")
        term.wait(PROMPT, i + 2, seconds=900)
    term.close()
    runs = sorted((os.path.join(home, "transcripts", n) for n in os.listdir(os.path.join(home, "transcripts"))
                   if n.endswith(".jsonl")), key=lambda p: json.loads(open(p).readline())["ts"])
    first, follow_up = (local.transcript_requests(p) for p in runs)
    result = {"first_question_requests": len(first), "follow_up_requests": len(follow_up)}
    server = local.Server(paths["LLAMA_SERVER"], paths["MODEL_DEFAULT"], 8192)
    # The session's order: every request of the first question, then the follow-up's first.
    steps = local.replay_steps(server, first + follow_up[:1], cache=True)
    result["follow_up_with_reuse"] = steps[-1]
    result["follow_up_without_reuse"] = local.replay_steps(server, follow_up[:1], cache=False)[0]
    server.stop()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/research-agent"))
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--local", action="store_true", help="also measure prefix reuse on the local model (minutes)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results/session.json"))
    args = parser.parse_args()
    result = {"machine": {"cores": os.cpu_count(), "loadavg_start": os.getloadavg()[0]}}
    print(f"bench: a session of {args.questions} questions against a fake server...", file=sys.stderr)
    result["enter_to_first_request"] = enter_to_request(args.binary, args.questions)
    if args.local:
        print("bench: a two-question session on the local model, then its requests replayed...", file=sys.stderr)
        result["prefix_reuse"] = prefix_reuse(args.binary)
    result["machine"]["loadavg_end"] = os.getloadavg()[0]
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    with open(args.out, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
