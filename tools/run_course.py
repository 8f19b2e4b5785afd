"""Execute the course's notebooks headless: `make run` and `make notebooks`.

    python tools/run_course.py run [--jobs N] [NOTEBOOK ...]      # the course site in build/
    python tools/run_course.py refresh [--jobs N] [NOTEBOOK ...]  # re-execute, save outputs in place
    python tools/run_course.py order [NOTEBOOK ...]               # longest first, for `make test`

Without NOTEBOOK arguments, every notebooks/NN_*.ipynb runs. Each notebook gets
a fresh kernel (the `python3` kernel of the environment running this script,
as nbclient finds it) with notebooks/ as working directory. Up to --jobs
kernels run at once (default 2), the longest notebooks first (their times in
the last run, else in benchmarks/RESULTS.md); the report is printed in course
order all the same. The notebooks' environment variables (MPLBACKEND unset,
TensorFlow quiet) are set once, by the Makefile's NOTEBOOK_ENV.

`run` writes the course as a site that works offline: build/NN_x.html with
previous/next links and a table of sections, MathJax copied into
build/mathjax/ (no page loads anything from the network), the practice
notebooks copied into build/practice/, and build/index.html listing the
lessons with their goals. It never writes into notebooks/ and fails if a
notebook did. Any file that a notebook writes under a folder of build/
(build/animations/, ...) is linked from build/index.html under "Extras".

Exit status: 0 when every cell ran; 1 when a cell failed (the message names the
notebook and the cell); 2 for bad arguments. Ctrl-C (or a SIGTERM) stops the
whole run: every kernel is shut down, no notebook is half-saved, and the exit
status is 130 (143).
"""

import argparse
import asyncio
import html
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import course_utils.fast_start  # noqa: F401  (first: nbformat starts 2.5 s sooner)
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PRACTICE = ROOT / "practice"
BUILD = ROOT / "build"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
COURSE_NOTEBOOK = re.compile(r"^\d\d_\w+\.ipynb$")
CELL_TIMEOUT = 600  # seconds; generous, because a slow laptop is not a failure
JOBS = 2  # kernels at once: the course's target machine has 2 cores
TIMINGS = "timings.json"  # in build/: each notebook's seconds in the last run, for the order
IGNORE_OUTPUT_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
IGNORE_OUTPUT_TAGS = ("nbval-ignore-output", "nbval-skip")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# build/ folders the site itself writes: not "Extras" a notebook made.
SITE_FOLDERS = ("mathjax", "practice")
# jupyter-server-mathjax ships this configuration (not nbconvert's CDN default,
# TeX-AMS_CHTML-full) and the STIX-Web fonts for the HTML-CSS output.
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
MATHJAX_FONTS = """<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web",
                                 imageFont: null}});
</script>"""


def kernel_config():
    """nbclient passes this Config to the kernel manager it creates.

    Newer jupyter_client can encrypt the kernel's sockets; without it,
    ipykernel >= 7.4 warns about plain TCP on every start.
    """
    config = Config()
    if "transport_encryption" in KernelManager.class_trait_names():
        config.KernelManager.transport_encryption = "auto"
    return config


class NotebookFailed(Exception):
    """A cell failed; str() names the notebook and the cell."""


def course_notebooks(folder=NOTEBOOKS):
    """notebooks/NN_*.ipynb in course order (the number first)."""
    return sorted(path for path in folder.glob("*.ipynb") if COURSE_NOTEBOOK.match(path.name))


def notebook_title(nb, fallback):
    """The text of the first Markdown heading, else fallback."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return fallback


async def execute_async(path, timeout=CELL_TIMEOUT):
    """Execute a notebook in a fresh kernel; return the executed copy.

    Raises NotebookFailed naming the notebook and cell; the partly executed
    notebook is on the exception as .nb (its outputs show the error).
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        config=kernel_config(),
        resources={"metadata": {"path": str(Path(path).parent)}},
        record_timing=False,  # timestamps in cell metadata would change on every refresh
        # Once the last cell has run, the outputs are in: stop the kernel at once. Asked
        # politely, a kernel that imported TensorFlow takes about 3 s to exit.
        shutdown_kernel="immediate",
    )
    failed_at = {}

    def remember(cell, cell_index, **_):
        failed_at["index"] = cell_index

    client.on_cell_execute = remember
    try:
        await client.async_execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = failed_at.get("index")
        exc = NotebookFailed(describe_failure(path, nb, index, error))
        exc.nb = nb
        raise exc from None
    return nb


def execute(path, timeout=CELL_TIMEOUT):
    """execute_async for one notebook, from code that is not async."""
    return run_stoppably(execute_async(path, timeout))


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the run; every kernel was shut down. .signum: which."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def run_stoppably(coroutine):
    """asyncio.run(coroutine), stopped whole, kernels and all, by Ctrl-C or SIGTERM.

    Left to itself, nbclient answers a signal by shutting down the kernel it
    started last and carries on with the others. Here the event loop runs in
    a thread of its own, where nbclient installs no signal handler; the main
    thread catches SIGINT and SIGTERM and cancels the coroutine, so that every
    kernel is shut down on the way out. Raises Stopped after that.
    """
    state = {}
    started = threading.Event()

    async def main():
        state["loop"], state["task"] = asyncio.get_running_loop(), asyncio.current_task()
        started.set()
        return await coroutine

    def loop_thread():
        try:
            state["result"] = asyncio.run(main())
        except BaseException as error:  # noqa: B036 - handed to the main thread as it is
            state["error"] = error
        finally:
            started.set()

    def stop(signum, frame):
        if "signum" not in state:  # the first signal names the stop
            state["signum"] = signum
        started.wait()
        if "task" in state:
            state["loop"].call_soon_threadsafe(state["task"].cancel)

    if threading.current_thread() is not threading.main_thread():
        return asyncio.run(coroutine)  # signals reach only the main thread anyway
    thread = threading.Thread(target=loop_thread, name="notebooks")
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        thread.start()
        while thread.is_alive():
            thread.join(0.2)  # wakes up so that the main thread can run `stop`
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if "signum" in state:
        raise Stopped(state["signum"])
    if "error" in state:
        raise state["error"]
    return state["result"]


def expected_seconds(paths, build=BUILD, results=RESULTS):
    """{notebook name: seconds} to order the work: the last run's times in
    build/timings.json, else the table of benchmarks/RESULTS.md. A notebook
    in neither counts as the longest known one (a new notebook may be long)."""
    known = {}
    try:
        for line in results.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\|\s*(\d\d_\w+\.ipynb)\s*\|\s*([\d.]+)\s*\|", line)
            if match:
                known[match.group(1)] = float(match.group(2))
    except OSError:
        pass
    try:
        known.update(json.loads((build / TIMINGS).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    longest = max(known.values(), default=0.0)
    return {Path(p).name: float(known.get(Path(p).name, longest)) for p in paths}


def longest_first(paths, build=BUILD, results=RESULTS):
    """paths sorted by expected time, longest first; ties in course order."""
    expected = expected_seconds(paths, build, results)
    position = {p: i for i, p in enumerate(paths)}
    return sorted(paths, key=lambda p: (-expected[Path(p).name], position[p]))


def execute_all(paths, jobs=JOBS, timeout=CELL_TIMEOUT, on_done=None, build=BUILD):
    """Execute every notebook, up to `jobs` kernels at once, longest first.

    on_done(path, nb, error, seconds) is called once per notebook, in the
    order of `paths` (so what it prints is the same on every run), as soon
    as that notebook and every one before it are done; error is None or the
    NotebookFailed. Returns {path: seconds}.
    """
    paths = list(paths)
    if len(set(paths)) != len(paths):
        raise ValueError("a notebook is given twice")
    queue = longest_first(paths, build)
    finished = {}  # path -> (nb, error, seconds), until reported
    seconds_of = {}

    async def report_in_course_order(lock, reported):
        async with lock:  # one reporter at a time: on_done runs in a thread
            while len(reported) < len(paths) and paths[len(reported)] in finished:
                path = paths[len(reported)]
                reported.append(path)
                if on_done is not None:
                    # Writing a page takes a moment; the other kernels'
                    # messages keep flowing meanwhile.
                    await asyncio.to_thread(on_done, path, *finished.pop(path))

    async def worker(lock, reported):
        while queue:
            path = queue.pop(0)
            start = time.perf_counter()
            try:
                nb, error = await execute_async(path, timeout), None
            except NotebookFailed as failure:
                nb, error = failure.nb, failure
            seconds_of[path] = time.perf_counter() - start
            finished[path] = (nb, error, seconds_of[path])
            await report_in_course_order(lock, reported)

    async def main():
        lock, reported = asyncio.Lock(), []
        workers = max(1, min(jobs, len(paths)))
        await asyncio.gather(*(worker(lock, reported) for _ in range(workers)))

    run_stoppably(main())
    return seconds_of


def describe_failure(path, nb, index, error):
    """'notebooks/05_x.ipynb, cell 7 (In [4], "model.fit(X, y)"): ValueError: ...'"""
    name = _display_path(path)
    if isinstance(error, CellExecutionError):
        what = f"{error.ename}: {error.evalue}"
    else:
        what = f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error) else ''}"
    if index is None:
        return f"{name}: {what}"
    cell = nb.cells[index]
    first_line = next((line for line in cell.source.splitlines() if line.strip()), "")
    count = cell.get("execution_count")
    prompt = f"In [{count}], " if count else ""
    return f'{name}, cell {index + 1} ({prompt}"{first_line[:60]}"): {what}'


def _display_path(path):
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def snapshot(folder):
    """{relative path: (size, mtime)} of the files under folder that a notebook
    could write. Notebooks themselves and Jupyter's checkpoints are left out:
    an editor open beside `make run` saves those, and it is not a notebook."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts
    }


def lint_committed_outputs(path, nb):
    """Warnings about outputs that strict nbval will not reproduce.

    - stderr in a cell that nbval compares: a warning to fix, or C-level log
      lines that ipykernel captures here but not under pytest;
    - a trailing `;`: it hides the output here, but nbval runs cells without
      history and shows it.
    """
    warnings = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        ignored = any(marker in cell.source for marker in IGNORE_OUTPUT_MARKERS) or any(
            tag in tags for tag in (*IGNORE_OUTPUT_TAGS, "raises-exception")
        )
        stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        if stderr and not ignored:
            text = stderr[0].text.strip().splitlines()[0][:100]
            warnings.append(f"{_display_path(path)}, cell {number} writes to stderr: {text}")
        code_lines = [line for line in cell.source.rstrip().splitlines() if line.strip()]
        last = code_lines[-1].rstrip() if code_lines else ""
        assignment = re.match(r"^[\w\s,.\[\]]+=(?!=)", last)  # `x = f();` shows nothing anyway
        if last.endswith(";") and not assignment:
            warnings.append(
                f"{_display_path(path)}, cell {number} ends with ';': nbval still shows "
                "its value; end with plt.show() or assign it to _"
            )
    return warnings


def refresh(paths, timeout=CELL_TIMEOUT, jobs=JOBS):
    """Execute each notebook and save it in place, only if every cell ran."""
    failures = []
    started = time.perf_counter()

    def save(path, nb, error, seconds):
        if error is not None:
            failures.append(str(error))
            print(f"FAILED  {_display_path(path)} (left unchanged): {error}", flush=True)
            return
        nbformat.write(nb, path)
        print(f"{seconds:7.1f} s  {_display_path(path)}", flush=True)
        for warning in lint_committed_outputs(path, nb):
            print(f"         warning: {warning}", flush=True)

    seconds = execute_all(paths, jobs, timeout, on_done=save)
    _print_total(seconds, time.perf_counter() - started, jobs)
    return _report(failures)


def _print_total(seconds, wall, jobs):
    jobs = max(1, min(jobs, len(seconds)))
    kernels = "one kernel" if jobs == 1 else f"{jobs} kernels at once"
    print(f"{wall:7.1f} s  for {len(seconds)} notebook(s), {kernels} "
          f"(their times add up to {sum(seconds.values()):.1f} s)", flush=True)


# --- the course site ----------------------------------------------------------

# The page template: nbconvert's "lab" page, with nothing loaded from the
# network (no require.js, no widget scripts; MathJax comes from build/mathjax/),
# and previous/next links and the table of sections around the notebook.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
{{ resources.mathjax_fonts }}
<style type="text/css">
nav.course-nav { display: flex; gap: 1.5em; flex-wrap: wrap; padding: 0.6em 1em;
  border-bottom: 1px solid #ddd; font-family: sans-serif; }
nav.course-nav:last-of-type { border-top: 1px solid #ddd; border-bottom: none; }
nav.course-nav a[rel=next] { margin-left: auto; }
nav.course-toc { font-family: sans-serif;
  padding: 0.5em 1em 0 calc(var(--jp-cell-prompt-width, 64px) + 1em); }
nav.course-toc ul { margin: 0.3em 0 1em; padding-left: 1.2em; }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.course_nav }}
<!--course-toc-->
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.course_nav }}
{{ super() }}
{%- endblock body_footer -%}
"""


def mathjax_source():
    """The MathJax 2.7 folder that jupyter-server-mathjax ships (fonts and configs)."""
    import jupyter_server_mathjax

    return Path(jupyter_server_mathjax.__file__).parent / "static"


def copy_mathjax(build):
    """build/mathjax/: MathJax, so that the formulas render without a network.
    Copied again only when the installed MathJax differs from the copy."""
    source, target = mathjax_source(), build / "mathjax"
    if not (source / "MathJax.js").is_file():
        raise FileNotFoundError(f"no MathJax.js in {source}: reinstall jupyter-server-mathjax")
    if (target / "MathJax.js").is_file() and (target / "MathJax.js").read_bytes() == (
            source / "MathJax.js").read_bytes():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def page_exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"course_page.html.j2": PAGE_TEMPLATE})],
        template_file="course_page.html.j2",
        mathjax_url=f"mathjax/MathJax.js?config={MATHJAX_CONFIG}",
    )


def without_widgets(nb):
    """A copy whose widget outputs show their static fallback (the picture or
    text saved beside the live widget), with no widget state: a page without
    a kernel cannot run widgets, and their scripts would come from the network."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return nb


def nav_html(course, stem):
    """Links to the index and to the previous and next lessons of the course.
    course: [(stem, title)] in course order."""
    stems = [s for s, _ in course]
    titles = dict(course)
    links = ['<a href="index.html">Course index</a>']
    at = stems.index(stem) if stem in stems else None
    if at is not None and at > 0:
        before = stems[at - 1]
        links.append(f'<a rel="prev" href="{before}.html">&larr; {html.escape(titles[before])}</a>')
    if at is not None and at + 1 < len(stems):
        after = stems[at + 1]
        links.append(f'<a rel="next" href="{after}.html">{html.escape(titles[after])} &rarr;</a>')
    return '<nav class="course-nav" aria-label="Course">\n' + "\n".join(links) + "\n</nav>"


def sections_toc(page):
    """The table of the page's sections: its level-2 headings, linked by the
    ids nbconvert gave them."""
    items = []
    for anchor, inner in re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', page, flags=re.S):
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
        text = re.sub(r"<[^>]+>", "", inner).strip()
        if text:
            items.append(f'<li><a href="#{anchor}">{text}</a></li>')
    if not items:
        return ""
    return ('<nav class="course-toc" aria-label="Sections">\n<strong>In this notebook</strong>\n'
            "<ul>\n" + "\n".join(items) + "\n</ul>\n</nav>")


def page_html(nb, stem, course, exporter=None):
    """One lesson as a page of the site."""
    exporter = exporter or page_exporter()
    titles = dict(course)
    resources = {"metadata": {"name": titles.get(stem, stem)},
                 "course_nav": nav_html(course, stem), "mathjax_fonts": MATHJAX_FONTS}
    body, _ = exporter.from_notebook_node(without_widgets(nb), resources=resources)
    return body.replace("<!--course-toc-->", sections_toc(body), 1)


def notebook_goal(nb):
    """One line of what the learner will be able to do, from the notebook's
    first Markdown cell: its first bullet point, else its first sentence."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return ""
    lines = first.source.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^\s*[-*]\s+(.+)", line)
        if match:
            text = match.group(1)
            for more in lines[number + 1:]:  # a bullet's continuation lines
                if not more.strip() or re.match(r"^\s*[-*]\s", more) or not more.startswith(" "):
                    break
                text += " " + more.strip()
            break
    else:
        prose = " ".join(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
        text = re.split(r"(?<=[.!?])\s", prose, maxsplit=1)[0] if prose else ""
    text = text.strip().rstrip(";,.:")
    return text[:1].upper() + text[1:]


def _inline_markdown(text):
    """Markdown of one line (code, emphasis, $math$) as HTML without a <p>."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


def copy_practice(build, practice_dir=PRACTICE):
    """build/practice/: the practice notebooks, when practice/ exists, so that
    build/ is the whole course to hand to someone. Returns the copies."""
    target = build / "practice"
    shutil.rmtree(target, ignore_errors=True)
    sources = sorted(practice_dir.glob("*.ipynb")) if practice_dir.is_dir() else []
    if not sources:
        return []
    target.mkdir(parents=True)
    return [Path(shutil.copy2(source, target / source.name)) for source in sources]


def run(paths, build=BUILD, timeout=CELL_TIMEOUT, notebooks_dir=NOTEBOOKS, jobs=JOBS,
        practice_dir=PRACTICE, also=()):
    """Execute each notebook and write the course site into build/.

    also: commands (argument lists) that write into build/ too, such as
    tools/make_animations.py: they run beside the notebooks, and finish
    before build/index.html lists what build/ holds. What they print is
    shown after the notebooks, so the report keeps its order.
    """
    build.mkdir(parents=True, exist_ok=True)
    before = snapshot(notebooks_dir)
    helpers = [(command, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True))
               for command in also]
    copy_mathjax(build)
    course = [(p.stem, notebook_title(nbformat.read(p, as_version=4), p.stem))
              for p in course_notebooks(notebooks_dir)]
    exporter = page_exporter()
    failures = []
    results = {}  # notebook stem -> (seconds, ok)
    started = time.perf_counter()

    def write_page(path, nb, error, seconds):
        if error is not None:
            failures.append(str(error))  # the page is still written: it shows the traceback
        results[path.stem] = (seconds, error is None)
        target = build / f"{path.stem}.html"
        target.write_text(page_html(nb, path.stem, course, exporter), encoding="utf-8")
        status = "" if error is None else f"   FAILED: {error}"
        print(f"{seconds:7.1f} s  {_display_path(path)} -> {_display_path(target)}{status}",
              flush=True)

    try:
        seconds = execute_all(paths, jobs, timeout, on_done=write_page, build=build)
    except Stopped:
        for _, process in helpers:
            process.terminate()
            process.wait()
        raise
    _print_total(seconds, time.perf_counter() - started, jobs)
    for command, process in helpers:
        output, _ = process.communicate()
        print(output, end="", flush=True)
        if process.returncode:
            failures.append(f"{' '.join(command)} exited with {process.returncode}")
    timings = build / TIMINGS
    try:
        known = json.loads(timings.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    known.update({Path(p).name: round(s, 1) for p, s in seconds.items()})
    timings.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    practice = copy_practice(build, practice_dir)
    index = build / "index.html"
    index.write_text(index_html(course_notebooks(notebooks_dir), build, results, practice),
                     encoding="utf-8")
    print(f"Open {_display_path(index)}")

    changed = sorted(set(snapshot(notebooks_dir).items()) ^ set(before.items()))
    if changed:
        names = sorted({name for name, _ in changed})
        failures.append(
            "running the notebooks changed files in notebooks/ (a notebook must write only "
            "to build/ or a temporary folder): " + ", ".join(names)
        )
    return _report(failures)


def index_html(notebooks, build, results, practice=()):
    """The course in order with each lesson's goal, linking each notebook's
    page; then the practice notebooks, the progress page and the extras.

    notebooks: paths in course order; results: stem -> (seconds, ok) of this
    run. Notebooks not run this time link their page if an earlier run left it.
    """
    rows = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        title = html.escape(notebook_title(nb, path.stem))
        goal = notebook_goal(nb)
        goal_html = f'<br><span class="goal">{_inline_markdown(goal)}</span>' if goal else ""
        page = build / f"{path.stem}.html"
        seconds, ok = results.get(path.stem, (None, None))
        note = "" if seconds is None else f" <small>({seconds:.1f} s)</small>"
        if ok is False:
            note += ' <strong class="failed">failed</strong>'
        if page.exists():
            rows.append(f'<li><a href="{page.name}">{title}</a>{note}{goal_html}</li>')
        else:
            rows.append(f"<li>{title} <small>(not run yet)</small>{goal_html}</li>")

    sections = []
    if practice:
        items = "\n".join(
            f'<li><a href="{html.escape(p.relative_to(build).as_posix())}" download>'
            f"{html.escape(p.name)}</a></li>" for p in practice)
        sections.append(
            "<h2>Practice</h2>\n<p>The exercises without their solutions: open one in "
            "JupyterLab, write the code where it says <code>YOUR CODE HERE</code>, and run "
            "the checker cell below it.</p>\n<ul>\n" + items + "\n</ul>")
    if (build / "progress.html").exists():
        sections.append('<h2>Your progress</h2>\n<p><a href="progress.html">Which exercises you '
                        "have done</a> (written by <code>make progress</code>).</p>")
    elif practice:
        sections.append("<h2>Your progress</h2>\n<p><code>make progress</code> checks your copies "
                        "(<code>make practice</code>) and writes <code>progress.html</code> here; "
                        "the next <code>make run</code> links it.</p>")

    extras = []
    for folder in sorted(p for p in build.iterdir() if p.is_dir() and not _not_an_extra(p)):
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        if not files:
            continue
        items = []
        for file in files:
            href = html.escape(file.relative_to(build).as_posix())
            preview = ""
            if file.suffix.lower() in {".gif", ".png", ".jpg", ".jpeg", ".webp"}:
                preview = f'<br><img src="{href}" alt="" style="max-width: 320px">'
            items.append(f'<li><a href="{href}">{html.escape(file.name)}</a>{preview}</li>')
        items_html = "\n".join(items)
        extras.append(f"<h3>{html.escape(folder.name)}/</h3>\n<ul>\n{items_html}\n</ul>")
    if extras:
        sections.append("<h2>Extras</h2>\n" + "\n".join(extras))

    sections_html = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Deep Learning Fundamentals</title>
<style>
body {{ font-family: sans-serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; }}
ul.lessons {{ list-style: none; padding-left: 0; }}
ul.lessons li {{ margin-bottom: 0.6em; }}
.goal {{ color: #444; }}
.failed {{ color: #b00; }}
</style>
{MATHJAX_FONTS}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{tex2jax: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], processEscapes: true}},
                    messageStyle: "none"}});
</script>
<script src="mathjax/MathJax.js?config={MATHJAX_CONFIG}"></script>
</head>
<body>
<h1>Deep Learning Fundamentals</h1>
<p>The notebooks in course order, executed by <code>make run</code>, each with what you will
be able to do after it. The pages work offline: this folder is the whole course.</p>
<ul class="lessons">
{chr(10).join(rows)}
</ul>
{sections_html}
</body>
</html>
"""


def _not_an_extra(folder):
    """build/mathjax and build/practice are the site's own; build/lib,
    build/bdist.*: what `pip wheel .` leaves in build/, not the course's."""
    return (folder.name in SITE_FOLDERS or folder.name == "lib"
            or folder.name.startswith(("bdist.", "temp.")))


def _report(failures):
    if not failures:
        return 0
    print(f"\n{len(failures)} failure(s):", file=sys.stderr)
    for failure in failures:
        print(f"- {failure}", file=sys.stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["run", "refresh", "order"],
                        help="order: print the notebooks longest first (what `make test` runs)")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--also", action="append", default=[], metavar="SCRIPT",
                        help="run: a Python script that writes into build/, run beside the "
                             "notebooks (make run: tools/make_animations.py)")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    parser.add_argument("--jobs", "-j", type=int, default=JOBS,
                        help=f"notebooks executed at once (default {JOBS})")
    args = parser.parse_intermixed_args(argv)  # NB=... comes after --jobs in the Makefile
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    paths = args.notebooks or course_notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    if not paths:
        parser.error(f"no notebooks found in {_display_path(NOTEBOOKS)}")
    paths = list(dict.fromkeys(p.resolve() for p in paths))

    if args.command == "order":
        print(" ".join(_display_path(p) for p in longest_first(paths)))
        return 0
    try:
        if args.command == "run":
            also = [[sys.executable, str(script)] for script in args.also]
            return run(paths, timeout=args.timeout, jobs=args.jobs, also=also)
        return refresh(paths, timeout=args.timeout, jobs=args.jobs)
    except Stopped as stopped:
        print(f"Stopped by {stopped}: every kernel was shut down; the notebooks that had "
              "not been reported above were not written.", file=sys.stderr)
        return 128 + stopped.signum


if __name__ == "__main__":
    sys.exit(main())
