#!/usr/bin/env python3
"""Start-up time of the research-agent binary, with a reference measured in the same run.

Measures, as medians over N runs each:
  - `research-agent --help` from spawn to exit;
  - `research-agent investigate` from spawn to the arrival of its first model request
    at a local OpenAI-compatible server (no embedder, no memory recall);
  - `/bin/true` from spawn to exit, the reference: the cost of starting any process here.

Usage: bench/startup.py [path/to/research-agent] [runs]   (prints one JSON object)
"""
import json, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fake_openai  # noqa: E402  (bench/fake_openai.py)

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/release/research-agent"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
def timed(cmd, env=None):
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return start, time.perf_counter() - start

def main():
    server, arrivals = fake_openai.start("ok")
    home = tempfile.mkdtemp(prefix="bench-startup-")
    env = {"PATH": os.environ["PATH"], "HOME": home, "NO_COLOR": "1",
           "OPENAI_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "OPENAI_MODEL": "m"}
    ref, helps, firsts = [], [], []
    for _ in range(RUNS):  # interleaved, so load on the machine hits all three alike
        ref.append(timed(["/bin/true"])[1])
        helps.append(timed([BINARY, "--help"])[1])
        count = len(arrivals)
        start, _ = timed([BINARY, "investigate", "What is 2+2?", "--home", home], env)
        firsts.append(arrivals[count] - start)
    server.shutdown()
    ms = lambda xs: round(statistics.median(xs) * 1000, 2)
    print(json.dumps({
        "runs": RUNS, "reference_true_ms_p50": ms(ref), "help_ms_p50": ms(helps),
        "investigate_to_first_request_ms_p50": ms(firsts),
        "help_ratio_to_true": round(statistics.median(helps) / statistics.median(ref), 1),
        "first_request_ratio_to_true": round(statistics.median(firsts) / statistics.median(ref), 1),
    }, indent=2))

if __name__ == "__main__":
    main()
