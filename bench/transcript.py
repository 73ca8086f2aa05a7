"""Reads a research-agent transcript (docs/TRANSCRIPT.md) for the bench scripts: every
event as a dict, with each llm.request's whole body rebuilt when it was written as a
delta of the request before it (format versions 2 to 4, docs/TRANSCRIPT.md)."""
import json


def events(path):
    """The transcript's events in order; llm.request events always carry "body"."""
    out, last, texts = [], {}, {}  # by run: the last body; the texts written since it
    for line in open(path):
        if not line.strip():
            continue
        event = json.loads(line)
        run, kind = event.get("run"), event.get("type")
        recent = texts.setdefault(run, {"response": None, "results": {}})
        if kind == "llm.response":
            recent["response"] = event["text"]
        elif kind == "tool.result":
            recent["results"][event["id"]] = event["output"]
        elif kind == "llm.request":
            if "delta" in event:
                delta, previous = event.pop("delta"), last[run]
                for ref in delta.pop("refs", []):
                    *to, key = ref["path"]
                    node = delta
                    for step in to:
                        node = node[step]
                    text = recent["results"][ref["result"]] if "result" in ref else recent["response"]
                    text = text[:ref.get("length", len(text))]
                    node[key] = node[key][:ref["offset"]] + text + node[key][ref["offset"]:]
                body = {k: v for k, v in previous.items() if k not in delta.get("unset", [])}
                body["messages"] = previous["messages"][:delta["keep"]] + delta["messages"]
                if "resume" in delta:
                    run_of = delta["resume"]
                    body["messages"] += previous["messages"][run_of["from"]:run_of["from"] + run_of["count"]] + run_of["then"]
                body.update(delta.get("set", {}))
                event["body"] = body
            last[run] = event["body"]
            recent["results"] = {}
        out.append(event)
    return out
