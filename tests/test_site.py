"""The course site that `make run` writes, opened as a learner on a train would:
build/index.html and two lessons in headless Chromium with the network off.

MathJax must have rendered every formula (no raw `$$` left on the page), the
"next" link must lead to the next lesson, and no page may fetch anything from
outside build/. Run by `make test-site` after `make run` (it needs build/, so
plain `make test` skips it); skipped where Debian's `chromium` is absent.

    python tests/test_site.py [build]   # formulas rendered on every page

The browser is driven through the DevTools protocol with websocket-client,
which Jupyter installs: no browser download, no extra package.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `make test-site` sets COURSE_SITE=build; without it the site may be missing or
# stale, so the test is skipped rather than run against whatever lies there.
SITE = os.environ.get("COURSE_SITE")
LESSONS = ("02_neuron_predictions", "09_backpropagation")  # both full of formulas
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_browser():
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Headless Chromium, offline, and one page driven over the DevTools protocol.
    Every request the page makes is kept in .requests (URL, and why it failed)."""

    def __init__(self, executable, timeout=60):
        import websocket  # websocket-client, a dependency of jupyter_server

        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="course-site-chromium-")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--disable-default-apps",
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
                                                  timeout=timeout, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.requests = {}  # requestId -> {"url": ..., "failed": reason or None}
        for method in ("Page.enable", "Network.enable", "Runtime.enable"):
            self.send(method)
        # The network is off: only file:// (and data:) can load.
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


# Once MathJax has typeset the page ("End" fires after the first typesetting,
# and replays to a late listener): what it rendered, and what is left raw.
MATH_STATE = """
new Promise((resolve) => {
  const state = () => ({
    mathjax: Boolean(window.MathJax && window.MathJax.Hub),
    rendered: document.querySelectorAll('.MathJax_CHTML, .MathJax, .MathJax_SVG').length,
    sources: document.querySelectorAll('script[type^="math/tex"]').length,
    errors: document.querySelectorAll('.MathJax_Error, .mjx-merror, merror').length,
    rawDisplayMath: (document.body.innerText.match(/\\$\\$/g) || []).length,
    title: document.title,
  });
  if (!window.MathJax || !window.MathJax.Hub) { resolve(state()); return; }
  window.MathJax.Hub.Register.StartupHook("End", () => resolve(state()));
})
"""


def math_state(browser, url):
    browser.open(url)
    return browser.evaluate(MATH_STATE)


@pytest.fixture(scope="module")
def site():
    if not SITE:
        pytest.skip("the site test runs under `make test-site` (after `make run`), "
                    "which sets COURSE_SITE=build")
    build = (ROOT / SITE).resolve()
    if not (build / "index.html").is_file():
        pytest.fail(f"{build / 'index.html'} is missing: run `make run` first")
    return build


@pytest.fixture(scope="module")
def browser(site):
    executable = find_browser()
    if executable is None:
        pytest.skip("no headless Chromium here (Debian: apt-get install chromium); "
                    "the offline site is not checked")
    browser = Browser(executable)
    yield browser
    browser.close()


def lesson_pages(build):
    return sorted(p for p in build.glob("[0-9][0-9]_*.html"))


def local_to(build, url):
    """True when the request stays inside build/ (or is inline data)."""
    if url.startswith(("data:", "about:", "blob:")):
        return True
    return url.startswith(build.as_uri() + "/")


def test_index_lists_every_lesson_and_loads_nothing_from_outside(site, browser):
    state = math_state(browser, (site / "index.html").as_uri())
    assert state["mathjax"], "MathJax did not load on index.html"
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('ul.lessons a')).map(a => a.getAttribute('href'))")
    assert links == [p.name for p in lesson_pages(site)]
    goals = browser.evaluate("document.querySelectorAll('ul.lessons .goal').length")
    assert goals == len(links), "every lesson has its one-line goal"
    outside = [r["url"] for r in browser.requests.values() if not local_to(site, r["url"])]
    assert outside == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_renders_its_formulas_offline_and_links_the_next(site, browser, lesson):
    page = site / f"{lesson}.html"
    assert page.is_file(), f"{page.name} is missing from build/"
    browser.requests.clear()

    state = math_state(browser, page.as_uri())

    assert state["mathjax"], f"MathJax did not load on {page.name}"
    assert state["sources"] > 0, f"no formula found on {page.name}"
    assert state["rendered"] >= state["sources"], state
    assert state["errors"] == 0, state
    assert state["rawDisplayMath"] == 0, f"raw $$ left in the text of {page.name}"
    requests = list(browser.requests.values())
    assert [r["url"] for r in requests if not local_to(site, r["url"])] == []
    assert [r for r in requests if r["failed"] and r["url"].startswith("file:")] == [], (
        "a file of build/ failed to load")
    assert any(r["url"].startswith((site / "mathjax").as_uri()) for r in requests)

    sections = browser.evaluate("document.querySelectorAll('nav.course-toc li a').length")
    assert sections > 0, "the table of sections is empty"

    pages = [p.name for p in lesson_pages(site)]
    expected = pages[pages.index(page.name) + 1]
    browser.events.clear()
    browser.evaluate("document.querySelector('a[rel=next]').click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname").endswith("/" + expected)


def formulas_per_page(build):
    """{page: (rendered, formulas)} for index.html and every lesson."""
    browser = Browser(find_browser())
    try:
        counts = {}
        for page in [build / "index.html", *lesson_pages(build)]:
            state = math_state(browser, page.as_uri())
            counts[page.name] = (state["rendered"], state["sources"])
        return counts
    finally:
        browser.close()


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build").resolve()
    for name, (rendered, sources) in formulas_per_page(folder).items():
        print(f"{rendered:5d} of {sources:4d} formulas rendered  {name}")
