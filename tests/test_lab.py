"""Notebook 14 in JupyterLab, in headless Chromium, as a learner uses it: Run All, then
Play, watch the picture change, Pause, and it stands still.

JupyterLab runs on 127.0.0.1 with a token, its own settings and workspace
folders and a temporary copy of the notebook (autosave writes to it), and the
test stops it, its kernel and the browser at the end. Slow (a minute), so it
runs under `make test-lab` (which sets COURSE_LAB=1) and CI, not `make test`;
skipped where no Chromium is found (Debian: apt-get install chromium).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from browser import Browser, find_browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "14_playground.ipynb"
TIMEOUT = 240  # seconds for Run All on a busy machine

# JupyterLab's app (window.jupyterapp, with --LabApp.expose_app_in_browser) and the notebook
NOTEBOOK_PANEL = ("Array.from(window.jupyterapp.shell.widgets('main'))"
                  ".find(w => w.sessionContext && w.content && w.content.model)")
STATE = f"""
(() => {{
  const panel = {NOTEBOOK_PANEL};
  if (!panel || !panel.content || !panel.content.model || !panel.sessionContext.session) {{
    return {{ready: false}};
  }}
  const cells = panel.content.model.cells;
  let code = 0, run = 0, errors = [];
  for (let i = 0; i < cells.length; i++) {{
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    code += 1;
    if (cell.executionCount) run += 1;
    for (const output of cell.outputs.toJSON()) {{
      if (output.output_type === 'error') errors.push(output.ename + ': ' + output.evalue);
    }}
  }}
  const kernel = panel.sessionContext.session.kernel;
  return {{ready: true, code: code, run: run, errors: errors,
           kernel: kernel ? kernel.status : 'none',
           pending: document.querySelectorAll('.jp-InputPrompt').length
             ? Array.from(document.querySelectorAll('.jp-InputPrompt'))
                 .filter(p => p.textContent.includes('*')).length : 0}};
}})()
"""
# The playground's picture: its headline and a hash of all of it (a short answer, not 50 KB)
PICTURE = """
(() => {
  const view = document.querySelector('.pg-view');
  if (!view) return null;
  const html = view.outerHTML;
  let hash = 0;
  for (let i = 0; i < html.length; i++) hash = (hash * 31 + html.charCodeAt(i)) | 0;
  const title = Array.from(view.querySelectorAll('text'))
    .map(t => t.textContent).find(t => t.startsWith('output:'));
  return title + ' #' + hash;
})()
"""
CLICK = """
(() => {{
  const buttons = Array.from(document.querySelectorAll('.pg-view')).length
    ? Array.from(document.querySelectorAll('button.jupyter-button'))
        .filter(b => b.textContent.trim() === {label!r}) : [];
  if (buttons.length !== 1) return buttons.length;
  buttons[0].scrollIntoView();
  buttons[0].click();
  return 1;
}})()
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab():
    if not os.environ.get("COURSE_LAB"):
        pytest.skip("the JupyterLab test runs under `make test-lab` (slow), which sets "
                    "COURSE_LAB=1")
    executable = find_browser()
    if executable is None:
        pytest.skip("no headless Chromium here (Debian: apt-get install chromium); "
                    "notebook 14 is not checked in JupyterLab")
    home = Path(tempfile.mkdtemp(prefix="course-lab-"))
    root = home / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    token, port = os.urandom(16).hex(), free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
           "TF_CPP_MIN_LOG_LEVEL": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    env.pop("MPLBACKEND", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={home / 'settings'}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}", "--LabApp.expose_app_in_browser=True",
         *(["--allow-root"] if os.geteuid() == 0 else [])],  # CI containers run as root
        env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=(home / "lab.log").open("w"),
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    browser = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (home / "lab.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        browser = Browser(executable, timeout=TIMEOUT, offline=False, window=(1400, 1000),
                          network=False)
        browser.open(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
        yield browser
    finally:
        if browser is not None:
            browser.close()
        # the server and the kernel it started are one process group: stop them together
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        except ProcessLookupError:
            pass
        shutil.rmtree(home, ignore_errors=True)


def wait_until(browser, expression, what, timeout=TIMEOUT, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.evaluate(expression)
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what} within {timeout} s")


def test_run_all_then_play_and_pause_the_playground(lab):
    browser = lab
    start0 = time.monotonic()
    wait_until(browser, f"""(() => {{
                 if (!window.jupyterapp) return false;
                 const panel = {NOTEBOOK_PANEL};
                 const session = panel && panel.sessionContext.session;
                 return Boolean(session && session.kernel && session.kernel.status === 'idle');
               }})()""", "the notebook open with an idle kernel")
    # headless, the window has no focus: make the notebook the current one, then Run All
    print(f"JupyterLab open, kernel idle: {time.monotonic() - start0:.1f} s")
    browser.evaluate(f"window.jupyterapp.shell.activateById({NOTEBOOK_PANEL}.id)")
    # the saved outputs first, so that Run All's own execution counts say when it is done
    browser.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    assert browser.evaluate(STATE)["run"] == 0
    start = time.monotonic()
    # (the command's promise resolves when every cell has run; evaluate waits for it)
    browser.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    state = wait_until(
        browser, f"(() => {{ const s = {STATE}; return s.ready && s.code > 0 && s.run === s.code "
                 f"&& s.pending === 0 && s.kernel === 'idle' ? s : null; }})()",
        "Run All to finish")
    print(f"Run All: {state['code']} code cells in {time.monotonic() - start:.1f} s")
    assert state["errors"] == []

    before = wait_until(browser, PICTURE, "the playground's picture")
    assert "output: epoch 0" in before
    assert browser.evaluate(CLICK.format(label="Play")) == 1
    time.sleep(1.5)
    playing = browser.evaluate(PICTURE)
    assert playing != before, "Play did not change the picture"
    assert "output: epoch 0" not in playing
    time.sleep(0.5)
    assert browser.evaluate(PICTURE) != playing, "the picture stopped changing while playing"

    assert browser.evaluate(CLICK.format(label="Pause")) == 1
    time.sleep(0.5)  # a frame in flight may still land
    paused = browser.evaluate(PICTURE)
    time.sleep(1.0)
    assert browser.evaluate(PICTURE) == paused, "the picture still changes after Pause"
    state = browser.evaluate(STATE)
    assert state["errors"] == [] and state["kernel"] == "idle"
