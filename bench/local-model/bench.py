#!/usr/bin/env python3
"""The local provider's figures: server start, prompt and generation speed, seconds per
ReAct step with and without prefix reuse, embeddings per second, peak memory.

    bench/local-model/bench.py [--cache DIR] [--out FILE] [--question Q] [--binary PATH]

Servers are started exactly as research-agent starts them (same flags). The ReAct steps
are real: `research-agent investigate` runs the question on the default model and its
transcript's requests are then sent again, one by one, to a fresh server, first with
llama.cpp's prompt cache (what a run gets) and then without it (`cache_prompt: false`).
Results go to bench/results/local-model.json; see docs/BENCHMARKS.md.
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import transcript  # noqa: E402  (bench/transcript.py: bodies written as deltas rebuilt)


def installed_paths(binary, cache):
    """The server and model paths `research-agent setup` prints (it installs what is missing)."""
    env = dict(os.environ, RESEARCH_AGENT_CACHE=cache)
    out = subprocess.run([binary, "setup", "--models", "default,test,embed"], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: research-agent setup failed: {out.stderr.strip()}")
    return dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, body, timeout=900):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


class Server:
    """llama-server with research-agent's flags (Sources/LLM/Local/LocalServer.swift)."""

    def __init__(self, binary, model, context, embedding=False):
        self.port = free_port()
        args = [binary, "-m", model, "--host", "127.0.0.1", "--port", str(self.port), "-c", str(context),
                "-t", str(os.cpu_count())]
        args += ["--embedding", "--pooling", "mean"] if embedding else ["--jinja"]
        started = time.monotonic()
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                    if json.loads(r.read()).get("status") == "ok":
                        break
            except Exception:
                pass
            if self.process.poll() is not None:
                sys.exit(f"bench: llama-server exited while starting {model}")
            time.sleep(0.05)
        self.start_seconds = time.monotonic() - started

    def stop(self):
        rss = peak_rss_mib(self.process.pid)
        self.process.terminate()
        self.process.wait()
        return rss


def generation(server, runs=3):
    """Prompt and generation tokens per second on a fixed prompt, cache off."""
    prompt = "Explain, in about one hundred words, why write-ahead logging helps a database. " * 4
    results = []
    for _ in range(runs):
        reply = post(server.port, "/completion", {"prompt": prompt, "n_predict": 64, "cache_prompt": False,
                                                  "temperature": 0})
        t = reply["timings"]
        results.append((t["prompt_per_second"], t["predicted_per_second"], t["prompt_n"], t["predicted_n"]))
    return {"prompt_tokens": results[0][2], "prompt_tok_s_p50": statistics.median(r[0] for r in results),
            "generated_tokens": results[0][3], "generate_tok_s_p50": statistics.median(r[1] for r in results)}


def transcript_requests(path):
    return [e["body"] for e in transcript.events(path) if e.get("type") == "llm.request"]


def replay_steps(server, bodies, cache):
    steps = []
    for body in bodies:
        body = dict(body, stream=False, cache_prompt=cache)
        body.pop("stream_options", None)
        started = time.monotonic()
        reply = post(server.port, "/v1/chat/completions", body)
        seconds = time.monotonic() - started
        t = reply.get("timings", {})
        steps.append({"seconds": round(seconds, 2), "prompt_n": t.get("prompt_n"), "cache_n": t.get("cache_n"),
                      "predicted_n": t.get("predicted_n")})
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", default=os.environ.get("RESEARCH_AGENT_CACHE",
                        os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "research-agent")))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results/local-model.json"))
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/research-agent"))
    parser.add_argument("--question", default="Who wrote the novel Frankenstein, and in which year was it first published?")
    parser.add_argument("--max-steps", default="4")
    args = parser.parse_args()
    paths = installed_paths(args.binary, args.cache)
    server_binary = paths["LLAMA_SERVER"]
    models = {name: paths[f"MODEL_{name.upper()}"] for name in ("default", "test", "embed")}
    result = {"machine": {"cores": os.cpu_count(), "loadavg_start": os.getloadavg()[0]}}

    for name in ("test", "default"):
        print(f"bench: {name} model: start and speed...", file=sys.stderr)
        server = Server(server_binary, models[name], 8192)
        figures = {"start_seconds": round(server.start_seconds, 2)}
        figures.update(generation(server))
        figures["peak_rss_mib"] = round(server.stop(), 1)
        result[name] = figures

    print("bench: a real run on the default model...", file=sys.stderr)
    home = tempfile.mkdtemp(prefix="bench-local-")
    os.makedirs(os.path.join(home, "memory"))
    os.makedirs(os.path.join(home, "transcripts"))
    transcript_path = os.path.join(home, "run.jsonl")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY") and k != "OPENAI_BASE_URL"}
    started = time.monotonic()
    run = subprocess.run([args.binary, "investigate", args.question, "--max-steps", args.max_steps, "--home", home,
                          "--transcript", transcript_path, "--embedder", "none"], env=env, capture_output=True, text=True)
    run_seconds = time.monotonic() - started
    bodies = transcript_requests(transcript_path)
    events = [json.loads(line) for line in open(transcript_path)]
    end = next((e for e in events if e["type"] == "run.end"), {})
    result["run"] = {"question": args.question, "exit": run.returncode, "seconds": round(run_seconds, 1), "steps": len(bodies),
                     "status": end.get("status"), "answer": run.stdout.strip()[:600]}

    print(f"bench: replaying its {len(bodies)} requests with and without prefix reuse...", file=sys.stderr)
    for label, cache in (("with_reuse", True), ("without_reuse", False)):
        server = Server(server_binary, models["default"], 8192)
        steps = replay_steps(server, bodies, cache)
        result[f"steps_{label}"] = {"per_step": steps, "seconds_p50": statistics.median(s["seconds"] for s in steps),
                                    "peak_rss_mib": round(server.stop(), 1)}

    print("bench: embeddings...", file=sys.stderr)
    server = Server(server_binary, models["embed"], 512, embedding=True)
    sentences = [f"Sentence number {i} about databases, logging and the history of computing." for i in range(200)]
    started = time.monotonic()
    for s in sentences:
        post(server.port, "/v1/embeddings", {"input": [s]})
    one_by_one = len(sentences) / (time.monotonic() - started)
    started = time.monotonic()
    for i in range(0, len(sentences), 16):
        post(server.port, "/v1/embeddings", {"input": sentences[i:i + 16]})
    batched = len(sentences) / (time.monotonic() - started)
    result["embed"] = {"start_seconds": round(server.start_seconds, 2), "per_second_one_by_one": round(one_by_one, 1),
                       "per_second_batches_of_16": round(batched, 1), "peak_rss_mib": round(server.stop(), 1)}
    result["machine"]["loadavg_end"] = os.getloadavg()[0]
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    with open(args.out, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
