"""A small MCP server over stdio for the tests, and its misbehaving variants.

Usage: fake-mcp-server.py MODE [STATE_DIR]
  normal      tools echo, slow, crash and add over two tools/list pages; answers ping
  silent      reads initialize and never answers
  junk        writes lines that are not JSON-RPC to stdout between its answers
  dies        serves normally, but exits in the middle of every tools/call
  long-name   one tool whose name is 100 characters
  change      after its first call, its tool list changes and it says so
  old         answers initialize with protocol 2024-11-05, whatever was asked
  future      answers initialize with a protocol version no client knows
  deaf        stops reading its input at the first tools/call (and never answers it)
  helper      starts a helper (sleep) that outlives it, its output sent elsewhere
STATE_DIR, when given, gets a file per event (pid, started-ID, cancelled-ID) for the tests to check.
"""

import json
import os
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "normal"
state = sys.argv[2] if len(sys.argv) > 2 else None


def mark(name, text=""):
    # Written whole, then renamed: a test that sees the file reads all of it.
    if state:
        path = os.path.join(state, name)
        with open(path + ".part", "w") as f:
            f.write(text)
        os.replace(path + ".part", path)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def tool(name, description, properties=None, required=None):
    schema = {"type": "object", "properties": properties or {}}
    if required:
        schema["required"] = required
    return {"name": name, "description": description, "inputSchema": schema}


PAGE_ONE = [
    tool("echo", "Repeats the text it is given.", {"text": {"type": "string"}}, ["text"]),
    tool("slow", "Waits the given seconds, then answers.", {"seconds": {"type": "number"}}, ["seconds"]),
]
PAGE_TWO = [
    tool("crash", "Ends the server.", {}),
    tool("add", "Adds two numbers.", {"a": {"type": "number"}, "b": {"type": "number"}}, ["a", "b"]),
]
changed = False

mark("pid", str(os.getpid()))
if mode == "helper":
    import subprocess
    helper = subprocess.Popen(["sleep", "600"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mark("helper", str(helper.pid))
sys.stderr.write("fake-mcp-server: started in mode %s\n" % mode)
sys.stderr.flush()

for line in sys.stdin:
    received = time.perf_counter()
    line = line.strip()
    if not line:
        continue
    message = json.loads(line)
    method = message.get("method")
    ident = message.get("id")
    params = message.get("params") or {}
    if method == "initialize":
        if mode == "silent":
            sys.stderr.write("fake-mcp-server: not answering initialize\n")
            sys.stderr.flush()
            continue
        if mode == "junk":
            sys.stdout.write("Starting server... this line is not JSON\n")
            sys.stdout.write("{\"half\": \n")
            sys.stdout.flush()
        version = {"old": "2024-11-05", "future": "2099-01-01"}.get(mode, params.get("protocolVersion"))
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "protocolVersion": version,
            "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "fake-mcp", "version": "1.2.3"}}})
    elif method == "notifications/initialized":
        mark("initialized")
    elif method == "notifications/cancelled":
        mark("cancelled-%s" % params.get("requestId"), params.get("reason", ""))
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": ident, "result": {}})
    elif method == "tools/list":
        if mode == "long-name":
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": [tool("x" * 100, "A tool with a long name.")]}})
        elif changed:
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": [tool("fresh", "Appeared after a change.")]}})
        elif params.get("cursor") == "page-2":
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": PAGE_TWO}})
        else:
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": PAGE_ONE, "nextCursor": "page-2"}})
        if mode == "junk":
            print("debug: listed the tools")
            sys.stdout.flush()
    elif method == "tools/call":
        name = params.get("name")
        args = params.get("arguments") or {}
        if mode == "deaf":
            time.sleep(600)
        if mode == "dies":
            sys.stderr.write("fake-mcp-server: dying in the middle of %s\n" % name)
            sys.stderr.flush()
            os._exit(3)
        if name == "echo" or name.startswith("x"):
            result = {"content": [{"type": "text", "text": "echo: %s" % args.get("text", "")}]}
        elif name == "slow":
            mark("started-%s" % ident)
            time.sleep(float(args.get("seconds", 0)))
            result = {"content": [{"type": "text", "text": "slept"}]}
        elif name == "crash":
            sys.stderr.write("fake-mcp-server: crash asked for\n")
            sys.stderr.flush()
            os._exit(4)
        elif name == "add":
            total = args["a"] + args["b"]
            result = {"content": [{"type": "text", "text": str(total)},
                                  {"type": "image", "mimeType": "image/png", "data": "iVBORw0KGgo="}],
                      "structuredContent": {"sum": total}}
        else:
            result = {"content": [{"type": "text", "text": "no tool %s" % name}], "isError": True}
        # The server's own time, from reading the request to writing the answer, for bench/mcp.
        result["_meta"] = {"handled_us": 0}
        encoded = json.dumps({"jsonrpc": "2.0", "id": ident, "result": result})
        result["_meta"]["handled_us"] = round((time.perf_counter() - received) * 1e6, 1)
        send({"jsonrpc": "2.0", "id": ident, "result": result})
        if mode == "change" and not changed:
            changed = True
            send({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
    elif ident is not None:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "unknown method %s" % method}})
