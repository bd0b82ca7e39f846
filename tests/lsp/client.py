"""A small Language Server Protocol client for the tests of `polrun lsp`.

It starts the server, frames JSON-RPC messages with Content-Length, reads
the server's messages on a thread (so that a server that stops answering
fails a test by a time-out, never hangs it) and keeps the notifications
(publishDiagnostics) apart from the responses.
"""
import json
import os
import queue
import subprocess
import threading
import time


class ServerError(Exception):
    """A JSON-RPC error response."""

    def __init__(self, error):
        super().__init__("%s: %s" % (error.get("code"), error.get("message")))
        self.code = error.get("code")
        self.message = error.get("message")


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


class Client:
    def __init__(self, polrun, env=None, args=("lsp",)):
        e = dict(os.environ)
        if env:
            e.update(env)
        self.proc = subprocess.Popen([polrun] + list(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=e)
        self.next_id = 0
        self.responses = {}
        self.anonymous = []
        self.notifications = queue.Queue()
        self.lock = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.versions = {}
        self.encoding = "utf-16"

    # ---- wire ----

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.lock:
                        self.closed = True
                        self.lock.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            body = out.read(length)
            msg = json.loads(body.decode("utf-8"))
            if "id" in msg and "method" not in msg:
                with self.lock:
                    if msg["id"] is None:   # an error about a message without an id
                        self.anonymous.append(msg)
                    else:
                        self.responses[msg["id"]] = msg
                    self.lock.notify_all()
            elif "id" in msg:
                # a request of the server (none expected): answer null
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            else:
                self.notifications.put(msg)

    def request_async(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def wait(self, rid, timeout=10):
        deadline = time.time() + timeout
        with self.lock:
            while rid not in self.responses:
                left = deadline - time.time()
                if left <= 0 or self.closed:
                    raise TimeoutError("no response to request %s" % rid)
                self.lock.wait(left)
            msg = self.responses.pop(rid)
        if "error" in msg:
            raise ServerError(msg["error"])
        return msg.get("result")

    def request(self, method, params=None, timeout=10):
        return self.wait(self.request_async(method, params), timeout)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def diagnostics(self, uri, timeout=10, version=None):
        """The next publishDiagnostics for uri (of version, if given)."""
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no diagnostics for %s" % uri)
            try:
                msg = self.notifications.get(timeout=left)
            except queue.Empty:
                continue
            if msg.get("method") != "textDocument/publishDiagnostics":
                continue
            p = msg["params"]
            if p["uri"] == uri and (version is None or p.get("version") == version):
                return p["diagnostics"]

    def drain(self):
        while not self.notifications.empty():
            self.notifications.get_nowait()

    # ---- the protocol ----

    def initialize(self, encodings=("utf-16",), locale=None, options=None, root=None):
        params = {"processId": os.getpid(), "capabilities": {"general": {"positionEncodings": list(encodings)}},
                  "rootUri": uri_of(root) if root else None}
        if locale:
            params["locale"] = locale
        if options is not None:
            params["initializationOptions"] = options
        result = self.request("initialize", params)
        self.encoding = result["capabilities"].get("positionEncoding", "utf-16")
        self.notify("initialized", {})
        return result

    def open(self, path, text=None, language="pol"):
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        uri = uri_of(path)
        self.versions[uri] = 1
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})
        return uri

    def change(self, uri, changes):
        """changes: a list of (range or None, text)."""
        self.versions[uri] += 1
        content = []
        for rng, text in changes:
            c = {"text": text}
            if rng is not None:
                c["range"] = rng
            content.append(c)
        self.notify("textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": self.versions[uri]}, "contentChanges": content})
        return self.versions[uri]

    def shutdown(self, timeout=10):
        self.request("shutdown")
        self.notify("exit")
        return self.proc.wait(timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def position(text, line, col_chars, encoding):
    """The protocol position of character col_chars (0-based code points)
    of line in text, in encoding."""
    s = text.split("\n")[line][:col_chars]
    if encoding == "utf-8":
        return {"line": line, "character": len(s.encode("utf-8"))}
    return {"line": line, "character": len(s.encode("utf-16-le")) // 2}


def find(text, needle, nth=0, offset=0):
    """(line, column in code points) of the nth occurrence of needle, plus
    offset characters."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    return line, col
