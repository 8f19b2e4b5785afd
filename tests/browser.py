"""Headless Chromium driven over the DevTools protocol, for the tests that need a real browser
(tests/test_site.py: the course site offline; tests/test_lab.py: notebook 14 in JupyterLab).

websocket-client, which Jupyter installs, talks to the browser: no browser
download, no extra package. Debian's `chromium` package works; where no
Chromium is found, find_browser() returns None and the tests skip.
"""

import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Headless Chromium and one page driven over the DevTools protocol.
    Every request the page makes is kept in .requests (URL, and why it failed).
    offline: the network is off, only file:// and data: load (the site test);
    window: the window's size in pixels; network: keep .requests (False: no Network
    events at all, for a page that loads many data: images per second)."""

    def __init__(self, executable, timeout=60, offline=True, window=(1280, 900), network=True):
        import websocket  # websocket-client, a dependency of jupyter_server

        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="course-site-chromium-")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--disable-default-apps",
             f"--window-size={window[0]},{window[1]}",
             f"--user-data-dir={self.profile}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._devtools_port()
        deadline = time.monotonic() + timeout
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
                pages = [t for t in json.load(answer) if t["type"] == "page"]
            if pages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"],
                                                  timeout=timeout, suppress_origin=True,
                                                  # pure-Python UTF-8 checks crawl on big messages
                                                  skip_utf8_validation=True)
        self.next_id = 0
        self.events = []
        self.requests = {}  # requestId -> {"url": ..., "failed": reason or None}
        for method in ("Page.enable", "Network.enable", "Runtime.enable"):
            if method != "Network.enable" or network or offline:
                self.send(method)
        if offline:  # only file:// (and data:) can load
            self.send("Network.emulateNetworkConditions", offline=True, latency=0,
                      downloadThroughput=-1, uploadThroughput=-1)

    def _devtools_port(self):
        active = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if active.is_file() and active.read_text().strip():
                return int(active.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode} at start")
            time.sleep(0.05)
        raise TimeoutError("chromium did not open its DevTools port")

    def _receive(self):
        message = json.loads(self.socket.recv())
        method = message.get("method")
        if method == "Network.requestWillBeSent":
            params = message["params"]
            self.requests[params["requestId"]] = {"url": params["request"]["url"], "failed": None}
        elif method == "Network.loadingFailed":
            params = message["params"]
            entry = self.requests.setdefault(params["requestId"], {"url": "?", "failed": None})
            entry["failed"] = params.get("blockedReason") or params.get("errorText") or "failed"
        elif method:
            self.events.append(message)
        return message

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, method):
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for number, event in enumerate(self.events):
                if event["method"] == method:
                    del self.events[: number + 1]
                    return event
            self._receive()
        raise TimeoutError(f"no {method} within {self.timeout} s")

    def open(self, url):
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)
