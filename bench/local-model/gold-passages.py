"""Writes the offline-corpus question set as tasks that carry their own evidence: each
question preceded by the corpus summaries of the articles that answer it (the set's
metadata.articles). Run as a one-step batch with the local model, it measures how well
the model reads when it has exactly the right passages, with no search in the way.

    python3 bench/local-model/gold-passages.py > gold.jsonl
    research-agent batch gold.jsonl -j 1 --max-steps 1 --no-memory --provider local --out DIR
    research-agent eval DIR
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
questions = os.path.join(here, "..", "questions", "offline-corpus.jsonl")
cache = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
summaries = os.path.join(cache, "research-agent", "corpora", "wikipedia", "summaries_en-us.json")
if not os.path.exists(summaries):
    sys.exit(f"gold-passages: {summaries} is missing; run 'research-agent corpus install' first")
articles = json.load(open(summaries))
for line in open(questions):
    task = json.loads(line)
    missing = [a for a in task["metadata"]["articles"] if a not in articles]
    if missing:
        sys.exit(f"gold-passages: {task['id']}: no summary for {', '.join(missing)}")
    passages = [f"{a}: {articles[a]['extract']}" for a in task["metadata"]["articles"]]
    task["question"] = "Answer from these passages.\n\n" + "\n\n".join(passages) + "\n\nQuestion: " + task["question"]
    print(json.dumps(task))
