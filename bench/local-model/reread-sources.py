"""Writes, from batch directories of the local model's runs that re-read their answer
(run.start `reread`), each question as a task that carries the re-read's evidence: every
source the run's tools found (the newest ten, in number order), each as its part of the
tool result, then the question. Run as a one-step batch, it re-reads the same runs
another way, so its answers pair with those the runs gave before their re-read
(bench/turn-stats.py prints how the re-read changed them).

    python3 bench/local-model/reread-sources.py BATCH_DIR... > reread.jsonl
    research-agent batch reread.jsonl -j 1 --max-steps 1 --no-memory --provider local --out DIR
    research-agent eval DIR
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import transcript  # noqa: E402  (bench/transcript.py: bodies written as deltas rebuilt)

REREAD = "Answer the question from these sources"
# The loop's SourceExcerpts.maxCharacters and ReActLoop.maxListedSources.
MAX_CHARACTERS, MAX_SOURCES = 2000, 10


def excerpts(text, numbers):
    """Each of numbers with its part of text, as SourceExcerpts.split cuts it."""
    parts, current = {}, None
    for line in text.split("\n"):
        match = re.match(r"\[(\d+)\] ", line)
        if match and int(match.group(1)) in numbers:
            current = int(match.group(1))
        if current is not None:
            parts.setdefault(current, []).append(line)
    if not parts and len(numbers) == 1:
        only = next(iter(numbers))
        parts[only] = [f"[{only}]", text]
    return {n: "\n".join(lines).strip()[:MAX_CHARACTERS] for n, lines in parts.items()}


def main(directories):
    for directory in directories:
        for line in open(os.path.join(directory, "results.jsonl")):
            result = json.loads(line)
            events = transcript.events(os.path.join(directory, result["transcript"]))
            start = events[0]
            reread = any(
                e["type"] == "llm.request" and str(e["body"]["messages"][-1].get("content", "")).startswith(REREAD)
                for e in events)
            if not reread:
                continue
            limit = start["config"].get("max_observation_chars", 12000)
            found, order = {}, []
            for e in events:
                if e["type"] == "tool.result" and e.get("sources") and not e.get("is_error"):
                    numbers = {s["n"] for s in e["sources"]}
                    order += [s["n"] for s in e["sources"] if s["n"] not in order]
                    found.update(excerpts(e["output"][:limit], numbers))
            shown = sorted([n for n in order if n in found][-MAX_SOURCES:])
            data = "<data source=\"sources\">\n" + "\n\n".join(found[n] for n in shown) + "\n</data>"
            question = (REREAD + ", with the number of its source after each fact, like [1]. "
                        + "Reply with 'Thought:' and 'Final Answer:'.\n\n" + data + "\n\nQuestion: " + start["task"])
            print(json.dumps({"id": result["id"], "question": question, "answers": tasks(directory)[result["id"]]}))


_tasks = {}


def tasks(directory):
    """The accepted answers of the batch's tasks, by id."""
    if directory not in _tasks:
        _tasks[directory] = {}
        for line in open(os.path.join(directory, "tasks.jsonl")):
            if line.strip():
                t = json.loads(line)
                _tasks[directory][t["id"]] = t.get("answers")
    return _tasks[directory]


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: bench/local-model/reread-sources.py BATCH_DIR...")
    main(sys.argv[1:])
