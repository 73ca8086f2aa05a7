#!/usr/bin/env python3
"""What the turns of a batch did, from its transcripts: how runs ended, steps and seconds
per run (p50, p95), unparseable turns, calls of unknown tools, repeated calls, and the
citation requests and re-reads with the seconds they added; then, once eval has scored the batch, the
share right by contains and cited in each split of the task file's metadata (tune and
heldout) and by the number of articles a question needs (hops). Usage: bench/turn-stats.py BATCH_DIR"""
import glob
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transcript  # noqa: E402  (bench/transcript.py: bodies written as deltas rebuilt)


SAME_RESULTS = "These are the same results an earlier"
REREAD = "Answer the question from these sources"


def percentile(values, p):
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(directory):
    runs = 0
    statuses = {}
    steps, seconds = [], []
    parse_errors = unknown_tools = repeats = citation_requests = citation_kept = same_results = 0
    citation_ms = []
    rereads = 0
    reread_ms = []
    # Each re-read's answer before and after it, by transcript, to score once the answers are known.
    reread_answers = {}
    for path in sorted(glob.glob(directory + "/transcripts/*.jsonl")):
        events = transcript.events(path)
        tools = {t["name"] for e in events if e["type"] == "run.start" for t in e["tools"]}
        asked_at = None
        reread_at = None
        answer_before = None
        noted_before = 0
        for e in events:
            if e["type"] == "llm.request" and str(e["body"].get("messages", [{}])[-1].get("content", "")).startswith(REREAD):
                rereads += 1
                reread_at = e["step"]
            if e["type"] == "llm.response" and reread_at is None:
                answer_before = e["text"]
            if e["type"] == "llm.response" and e["step"] == reread_at:
                reread_ms.append(e["latency_ms"])
            if e["type"] == "llm.request":
                # Each request holds the notes of the ones before: count the new ones.
                noted = sum(1 for m in e["body"].get("messages", []) if SAME_RESULTS in str(m.get("content", "")))
                same_results += max(0, noted - noted_before)
                noted_before = noted
            if e["type"] == "error" and e["kind"] == "parse":
                parse_errors += 1
            elif e["type"] == "error" and e["kind"] == "citation":
                citation_requests += 1
                asked_at = e["step"]
            elif e["type"] == "tool.call" and e["name"] not in tools:
                unknown_tools += 1
            elif e["type"] == "tool.result" and e["output"].startswith("you already called"):
                repeats += 1
            elif e["type"] == "llm.response" and asked_at is not None and e["step"] == asked_at + 1:
                citation_ms.append(e["latency_ms"])
            elif e["type"] == "run.end":
                runs += 1
                statuses[e["status"]] = statuses.get(e["status"], 0) + 1
                steps.append(e["totals"]["steps"])
                seconds.append(e["totals"]["elapsed_ms"] / 1000)
                if asked_at is not None and e["citations"]:
                    citation_kept += 1
                if reread_at is not None and answer_before is not None:
                    reread_answers[os.path.basename(path)] = (answer_before.split("Final Answer:")[-1], e["answer"])
    print(json.dumps({
        "runs": runs,
        "status": statuses,
        "steps_p50": percentile(steps, 50), "steps_p95": percentile(steps, 95),
        "seconds_p50": round(percentile(seconds, 50), 1), "seconds_p95": round(percentile(seconds, 95), 1),
        "unparseable_turns": parse_errors,
        "unknown_tool_calls": unknown_tools,
        "repeated_call_notices": repeats,
        "repeated_results_notes": same_results,
        "citation_requests": citation_requests,
        "citation_requests_that_cited": citation_kept,
        "citation_request_seconds_median": round(statistics.median(citation_ms) / 1000, 1) if citation_ms else 0,
        "rereads": rereads,
        "reread_seconds_median": round(statistics.median(reread_ms) / 1000, 1) if reread_ms else 0,
    }, indent=1))
    rereads_scored(directory, reread_answers)
    splits(directory)


def rereads_scored(directory, answers):
    """Re-reads that made a wrong answer right and a right one wrong (contains), when the
    task file has the accepted answers."""
    try:
        accepted = {}
        for line in open(directory + "/tasks.jsonl"):
            if line.strip():
                task = json.loads(line)
                wanted = task.get("answers")
                accepted[task["id"]] = [wanted] if isinstance(wanted, str) else (wanted or [])
        results = [json.loads(line) for line in open(directory + "/results.jsonl") if line.strip()]
    except FileNotFoundError:
        return
    fixed = broken = 0
    for result in results:
        pair = answers.get(os.path.basename(result.get("transcript") or ""))
        wanted = accepted.get(result["id"])
        if not pair or not wanted:
            continue
        before, after = (any(a.lower() in text.lower() for a in wanted) for text in pair)
        fixed += after and not before
        broken += before and not after
    print(json.dumps({"rereads_wrong_to_right": fixed, "rereads_right_to_wrong": broken}))


def splits(directory):
    try:
        tasks = {}
        for line in open(directory + "/tasks.jsonl"):
            if line.strip():
                task = json.loads(line)
                metadata = task.get("metadata") or {}
                tasks[task["id"]] = (metadata.get("split", "all"), metadata.get("hops"))
        scores = [json.loads(line) for line in open(directory + "/scores.jsonl") if line.strip()]
    except FileNotFoundError:
        return
    by_split = {}
    for score in scores:
        split, hops = tasks.get(score["id"], ("all", None))
        by_split.setdefault(split, []).append(score["scores"])
        if hops is not None:
            by_split.setdefault(f"{hops} article(s)", []).append(score["scores"])
    for split, rows in sorted(by_split.items()):
        shares = {name: round(100 * sum(1 for r in rows if r.get(name, 0) >= 0.5) / len(rows), 1) for name in ("contains", "cited")}
        print(json.dumps({"split": split, "runs": len(rows), **shares}))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/turn-stats.py BATCH_DIR")
    main(sys.argv[1])
