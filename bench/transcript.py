"""Reads a research-agent transcript (docs/TRANSCRIPT.md) for the bench scripts: every
event as a dict, with each llm.request's whole body rebuilt when it was written as a
delta of the request before it (format versions 2 and 3)."""
import json


def events(path):
    """The transcript's events in order; llm.request events always carry "body"."""
    out, last = [], {}  # the last body of each run
    for line in open(path):
        if not line.strip():
            continue
        event = json.loads(line)
        if event.get("type") == "llm.request":
            if "delta" in event:
                delta, previous = event.pop("delta"), last[event["run"]]
                body = {k: v for k, v in previous.items() if k not in delta.get("unset", [])}
                body["messages"] = previous["messages"][:delta["keep"]] + delta["messages"]
                if "resume" in delta:
                    run = delta["resume"]
                    body["messages"] += previous["messages"][run["from"]:run["from"] + run["count"]] + run["then"]
                body.update(delta.get("set", {}))
                event["body"] = body
            last[event["run"]] = event["body"]
        out.append(event)
    return out
