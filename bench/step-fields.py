#!/usr/bin/env python3
"""What a step's lines weigh in a transcript: bytes a step by line type, and how many of
them are the common fields every line carries (v, run, seq, ts, type, step), as canonical
JSON with the comma that joins them to the rest. Reads a transcript bench-loop wrote.

Usage: bench/step-fields.py TRANSCRIPT [--from-step N]   (steps before N are left out)
"""
import argparse, collections, json

COMMON = ("v", "run", "seq", "ts", "type", "step")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("transcript")
    parser.add_argument("--from-step", type=int, default=1)
    args = parser.parse_args()
    by_type, common, steps = collections.defaultdict(int), 0, set()
    for line in open(args.transcript, "rb"):
        event = json.loads(line)
        step = event.get("step")
        if step is None or step < args.from_step:
            continue
        steps.add(step)
        by_type[event["type"]] += len(line)
        fields = {k: event[k] for k in COMMON if k in event}
        common += len(json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()) + 1
    n = len(steps)
    print(json.dumps({
        "steps": n,
        "bytes_per_step_by_type": {t: round(b / n) for t, b in sorted(by_type.items())},
        "bytes_per_step": round(sum(by_type.values()) / n),
        "common_field_bytes_per_step": round(common / n),
    }, indent=2))


if __name__ == "__main__":
    main()
