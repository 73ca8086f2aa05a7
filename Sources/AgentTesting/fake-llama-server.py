#!/usr/bin/env python3
"""Stands in for llama.cpp's llama-server in lifecycle tests: same flags, /health,
streaming /v1/chat/completions and /v1/embeddings. Exits when asked via /exit, which
tests use to simulate a crash; with FAKE_LLAMA_STALL set, chat requests hang. Like the
real server it follows a request's grammar as far as tests need: when the grammar asks
for a source, the answer cites the first one it allows."""
import http.server, json, os, re, sys, time

args = sys.argv[1:]
port = int(args[args.index("--port") + 1])
embedding = "--embedding" in args

class Handler(http.server.BaseHTTPRequestHandler):
    def send(self, status, body, kind="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            self.send(200, json.dumps({"status": "ok"}))
        elif self.path == "/exit":
            self.send(200, "{}")
            os._exit(3)
        else:
            self.send(404, "{}")

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path == "/v1/embeddings":
            inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [{"index": i, "embedding": [float(len(t)), 3.0, 4.0]} for i, t in enumerate(inputs)]
            self.send(200, json.dumps({"data": data, "model": body.get("model")}))
            return
        if os.environ.get("FAKE_LLAMA_STALL"):
            time.sleep(60)
        answer = "Final Answer: pid %d" % os.getpid()
        source = re.search(r'^source ::= "(\[\d+\])"', body.get("grammar", ""), re.M)
        if source:
            answer += " " + source.group(1)
        chunk = {"id": "x", "object": "chat.completion.chunk", "model": "fake",
                 "choices": [{"index": 0, "delta": {"content": answer}, "finish_reason": "stop"}]}
        usage = {"id": "x", "object": "chat.completion.chunk", "choices": [],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 3}}
        self.send(200, "data: %s\n\ndata: %s\n\ndata: [DONE]\n\n" % (json.dumps(chunk), json.dumps(usage)), "text/event-stream")

    def log_message(self, *a):
        pass

http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
