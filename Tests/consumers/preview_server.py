"""sopc preview, from outside: what it serves, what it refuses, and how it survives.

Usage: preview_server.py SOPC DEFINITIONS

Copies DEFINITIONS to a temporary folder, builds it with `sopc build` for reference, starts
`sopc preview COPY --port 0` and checks, over raw sockets (so that no client library tidies the paths):
  * every built file is served with the bytes `sopc build` wrote (HTML pages: plus the injected script only);
  * paths outside the build get 404: `..`, `%2e%2e`, encoded slashes, absolute paths, a symbolic link in the
    definitions folder, the definitions' own files;
  * 50 server-sent-event clients at once all hear of a new build after an edit;
  * a file saved half-written, then whole: the server keeps answering and ends on the clean build;
  * the folder deleted (the pages show the problem over the last good build) and made again (clean again).
Prints one JSON object with what it measured; exits non-zero on the first failure.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SOPC, DEFINITIONS = sys.argv[1], sys.argv[2]
measured = {}


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def request(port, target, method="GET"):
    """A raw HTTP/1.1 request; returns (status, body bytes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    if b"transfer-encoding: chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            out += rest[:size]
            rest = rest[size + 2:]
        body = out
    return status, body


SCRIPT = re.compile(rb'(<div id="sopc-preview-problems".*?</style>)?<script>\(function\(\)\{var g=\d+;.*?</script>', re.S)


def strip_injected(body):
    return SCRIPT.sub(b"", body, count=1)


def overlay(port, path="/"):
    status, body = request(port, path)
    if status != 200:
        fail(f"{path}: status {status} while waiting for the overlay")
    return b'id="sopc-preview-problems"' in body, body


def wait_for(predicate, what, timeout=10.0):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        value = predicate()
        if value:
            return time.monotonic() - start
        time.sleep(0.05)
    fail(f"timed out after {timeout} s waiting for {what}")


class SSEClient(threading.Thread):
    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.generations = []
        self.error = None
        self.ready = threading.Event()

    def run(self):
        try:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
            s.sendall(b"GET /.sopc-preview/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            buffer = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    return
                buffer += chunk
                for m in re.finditer(rb"event: build\r?\ndata: (\d+)", buffer):
                    g = int(m.group(1))
                    if g not in self.generations:
                        self.generations.append(g)
                        self.ready.set()
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            self.error = repr(e)
            self.ready.set()


def main():
    work = tempfile.mkdtemp(prefix="sopc-preview-test-")
    defs = os.path.join(work, "definitions")
    shutil.copytree(DEFINITIONS, defs)
    out = os.path.join(work, "built")
    built = subprocess.run([SOPC, "build", defs, "--out", out], capture_output=True)
    if built.returncode != 0:
        fail("sopc build failed: " + built.stderr.decode())
    os.symlink("/etc/passwd", os.path.join(defs, "passwd-link"))
    os.symlink(os.path.join(defs, "sopc.yaml"), os.path.join(out, "..", "sopc-link.yaml"))

    proc = subprocess.Popen(
        [SOPC, "preview", defs, "--port", "0", "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, NO_COLOR="1"))
    try:
        line = proc.stdout.readline().decode()
        # As docs/PREVIEW.md shows it.
        m = re.fullmatch(
            r"sopc: previewing '" + re.escape(defs) + r"' at http://127\.0\.0\.1:(\d+)/ \(open it in a browser; Ctrl-C stops\)\n",
            line)
        if not m:
            fail("no URL printed: " + repr(line) + proc.stderr.read().decode())
        port = int(m.group(1))

        # Listening on 127.0.0.1 only: another address of this machine is refused.
        try:
            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.connect(("10.255.255.255", 1))
            other = probe.getsockname()[0]
            probe.close()
        except OSError:
            other = None
        if other and not other.startswith("127."):
            try:
                socket.create_connection((other, port), timeout=3).close()
                fail(f"the preview answers on {other}, not only on 127.0.0.1")
            except (ConnectionRefusedError, socket.timeout):
                measured["refused_on_other_address"] = other

        # Exactly what `sopc build` wrote.
        files = []
        for root, _, names in os.walk(out):
            for name in names:
                # The build state describes the folder, not the output: the preview does not serve it.
                if name != ".sopc-state":
                    files.append(os.path.relpath(os.path.join(root, name), out))
        for rel in files:
            with open(os.path.join(out, rel), "rb") as f:
                expected = f.read()
            status, body = request(port, "/" + rel)
            if status != 200:
                fail(f"/{rel}: status {status}")
            if rel.endswith(".html"):
                if b"<script>(function(){var g=" not in body:
                    fail(f"/{rel}: no reload script injected")
                body = strip_injected(body)
            if body != expected:
                fail(f"/{rel}: served bytes differ from what sopc build wrote")
        status, body = request(port, "/")
        if status != 200 or strip_injected(body) != open(os.path.join(out, "index.html"), "rb").read():
            fail("/ is not the index")
        measured["files_compared"] = len(files)

        # Only paths of the build.
        refused = [
            "/../sopc.yaml", "/%2e%2e/sopc.yaml", "/%2E%2E/%2E%2E/etc/passwd", "/lakip/../../sopc.yaml",
            "/lakip/%2e%2e/%2e%2e/sopc.yaml", "/lakip%2flakip.html", "/lakip%2Flakip.html", "/lakip/..%2f..%2fsopc.yaml",
            "/lakip%5clakip.html", "/lakip\\lakip.html", "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd",
            defs + "/sopc.yaml", "/sopc.yaml", "/lakip.sop.yaml", "/passwd-link", "/sopc-link.yaml",
            "/lakip/./lakip.html", "/./index.html", "/lakip//lakip.html", "/lakip/", "/lakip", "/%00",
            "/index.html%00", "/%zz", "http://127.0.0.1/../sopc.yaml", "*",
        ]
        for target in refused:
            status, _ = request(port, target)
            if status != 404:
                fail(f"{target!r}: status {status}, expected 404")
        # A page not in the build: 404, but it reloads itself when a build has it.
        status, body = request(port, "/baru/baru.html")
        if status != 404 or b"<script>(function(){var g=" not in body:
            fail(f"/baru/baru.html: status {status}, or no reload script")
        status, _ = request(port, "/index.html", method="POST")
        if status == 200:
            fail("POST was answered")
        measured["refused"] = len(refused)

        # 50 event-stream clients at once.
        clients = [SSEClient(port) for _ in range(50)]
        for c in clients:
            c.start()
        for c in clients:
            if not c.ready.wait(15):
                fail("an event client heard nothing")
            if c.error:
                fail("event client: " + c.error)
        first = {c.generations[0] for c in clients}
        if len(first) != 1:
            fail(f"clients disagree on the generation: {first}")
        lakip = os.path.join(defs, "lakip.sop.yaml")
        text = open(lakip, encoding="utf-8").read()
        edited = text.replace("Membuat format pengumpulan data", "Membuat format UJI-SSE pengumpulan data", 1)
        if edited == text:
            fail("the activity to edit is not in lakip.sop.yaml")
        start = time.monotonic()
        with open(lakip, "w", encoding="utf-8") as f:
            f.write(edited)
        wait_for(lambda: all(len(c.generations) >= 2 for c in clients), "all 50 clients to hear of the new build")
        measured["sse_50_clients_notified_s"] = round(time.monotonic() - start, 3)
        if measured["sse_50_clients_notified_s"] > 2.0:
            fail(f"the clients heard of the build only after {measured['sse_50_clients_notified_s']} s")
        _, body = request(port, "/lakip/lakip.html")
        if b"UJI-SSE" not in body:
            fail("the edit is not in the served form")

        # A half-written file, then the whole one.
        encoded = edited.encode("utf-8")
        with open(lakip, "wb") as f:
            f.write(encoded[: len(encoded) // 2 - 7])
        time.sleep(0.8)
        status, _ = request(port, "/lakip/lakip.html")
        if status != 200:
            fail(f"while half-written: status {status}")
        final = edited.replace("UJI-SSE", "UJI-WHOLE", 1)
        with open(lakip, "w", encoding="utf-8") as f:
            f.write(final)
        wait_for(lambda: b"UJI-WHOLE" in request(port, "/lakip/lakip.html")[1], "the whole file's build")
        if overlay(port)[0]:
            fail("problems still shown after the whole file was saved")

        # The folder deleted, then made again.
        moved = os.path.join(work, "moved-away")
        os.rename(defs, moved)
        wait_for(lambda: overlay(port)[0], "the overlay after the folder was deleted")
        shown, body = overlay(port, "/lakip/lakip.html")
        if not shown or b"UJI-WHOLE" not in body:
            fail("the last good build is not shown under the problems")
        status, _ = request(port, "/lakip/lakip.csv")
        if status != 200:
            fail("the last good build's files are not served while the folder is missing")
        shutil.copytree(moved, defs, symlinks=True)
        measured["recreated_folder_recovered_s"] = round(
            wait_for(lambda: not overlay(port)[0], "the overlay to clear after the folder came back"), 3)

        # An error in a file: the report, as `sopc check` prints it, HTML-escaped.
        broken = final.replace("actor: ", "actor: nobody-<here> #", 1)
        with open(lakip, "w", encoding="utf-8") as f:
            f.write(broken)
        wait_for(lambda: overlay(port)[0], "the overlay for an error")
        check = subprocess.run([SOPC, "check", defs, "--lang", "en"], capture_output=True, env=dict(os.environ, NO_COLOR="1"))
        _, body = overlay(port)
        shown = re.search(rb"<pre[^>]*>(.*?)</pre>", body, re.S).group(1).decode()
        unescaped = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
        if "<here>" in shown or unescaped.strip() != check.stdout.decode().strip():
            fail("the overlay is not the check report, escaped:\n" + shown + "\n---\n" + check.stdout.decode())
        if proc.poll() is not None:
            fail("the server exited")
        measured["ok"] = True
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(measured))


main()
