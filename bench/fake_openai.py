"""A fake OpenAI-compatible server for the bench scripts: every chat completion request is
answered at once with a fixed streamed answer, and the time it arrived is kept."""
import http.server
import json
import threading
import time


def start(answer="ok", usage=None):
    """Starts the server on 127.0.0.1; returns it and the list of request arrival times
    (time.perf_counter). `usage` adds a final chunk with those token counts."""
    arrivals = []
    chunks = [{"id": "b", "object": "chat.completion.chunk", "model": "m",
               "choices": [{"index": 0, "delta": {"content": answer}, "finish_reason": "stop"}]}]
    if usage:
        chunks.append({"id": "b", "object": "chat.completion.chunk", "model": "m", "choices": [], "usage": usage})
    body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks).encode() + b"data: [DONE]\n\n"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            arrivals.append(time.perf_counter())
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, arrivals
