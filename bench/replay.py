#!/usr/bin/env python3
"""Replay on long runs: `replay --step N` and `replay A --diff B` on two 1,000-step
transcripts written by bench-loop (the real loop and transcript writer, a scripted model
and a no-op tool), and `replay --verify` of one, each the median of RUNS, with the
start-up of `research-agent --help` as the reference measured in the same run.

Usage: bench/replay.py [--binary PATH] [--loop PATH] [--steps N] [--runs N] [--out FILE]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(argv, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"bench: {' '.join(argv)} failed: {done.stderr.strip()}")
    return round(statistics.median(times) * 1000, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/research-agent"))
    parser.add_argument("--loop", default=os.path.join(ROOT, ".build/release/bench-loop"))
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench/results/replay.json"))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-replay-")
    home = os.path.join(folder, "home")
    os.makedirs(home)
    a, b = os.path.join(folder, "a.jsonl"), os.path.join(folder, "b.jsonl")
    # Two runs of the same loop at different windows: their requests differ once the
    # smaller window starts condensing.
    for path, window in ((a, 32768), (b, 8192)):
        subprocess.run([args.loop, str(args.steps), str(window), path], check=True, stdout=subprocess.DEVNULL)
    middle = str(args.steps // 2)
    result = {
        "steps": args.steps, "runs": args.runs,
        "transcript_bytes": {"a": os.path.getsize(a), "b": os.path.getsize(b)},
        "reference_help_ms_p50": timed([args.binary, "--help"], args.runs),
        "step_ms_p50": timed([args.binary, "replay", a, "--step", middle, "--home", home], args.runs),
        "step_json_ms_p50": timed([args.binary, "replay", a, "--step", middle, "--json", "--home", home], args.runs),
        "diff_ms_p50": timed([args.binary, "replay", a, "--diff", b, "--home", home], args.runs),
        "show_ms_p50": timed([args.binary, "replay", a, "--home", home], args.runs),
        "machine": {"cores": os.cpu_count(), "loadavg": os.getloadavg()[0]},
    }
    text = json.dumps(result, indent=2, sort_keys=True)
    print(text)
    with open(args.out, "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
