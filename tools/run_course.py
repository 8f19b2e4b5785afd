"""Execute the course's notebooks headless: `make run` and `make notebooks`.

    python tools/run_course.py run [NOTEBOOK ...]      # HTML into build/, plus build/index.html
    python tools/run_course.py refresh [NOTEBOOK ...]  # re-execute and save outputs in place

Without NOTEBOOK arguments, every notebooks/NN_*.ipynb runs, in course order.
Each notebook gets a fresh kernel of the Python running this script (whatever
kernel its metadata names), with notebooks/ as working directory, as under
`pytest --nbval --nbval-current-env`.

`run` never writes into notebooks/ and fails if a notebook did. Any file that
a notebook writes under a folder of build/ (build/animations/, build/artefacts/,
...) is linked from build/index.html under "Extras".

Exit status: 0 when every cell ran; 1 when a cell failed (the message names the
notebook and the cell); 2 for bad arguments.
"""

import argparse
import html
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import zmq
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
COURSE_NOTEBOOK = re.compile(r"^\d\d_\w+\.ipynb$")
CELL_TIMEOUT = 600  # seconds; generous, because a slow laptop is not a failure
IGNORE_OUTPUT_MARKERS = ("# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
IGNORE_OUTPUT_TAGS = ("nbval-ignore-output", "nbval-skip")


class ThisPythonKernelSpecs(KernelSpecManager):
    """Every kernel name means "this Python": the notebooks run in the
    environment that runs this script, not in whatever a user-level
    `python3` kernelspec points to."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())


class ThisPythonKernelManager(AsyncKernelManager):
    @default("kernel_spec_manager")
    def _default_kernel_spec_manager(self):
        return ThisPythonKernelSpecs(data_dir=self.data_dir)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Newer jupyter_client can encrypt the kernel's sockets; without it,
        # ipykernel >= 7.4 warns about plain TCP on every start.
        if self.has_trait("transport_encryption") and zmq.has("curve"):
            self.transport_encryption = "auto"


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


def prepare_kernel_environment(environ=None):
    """What every executed notebook sees, as under `make test`.

    MPLBACKEND (often Agg on servers and CI) would stop inline figures;
    TF_CPP_MIN_LOG_LEVEL is a second line of defence behind
    course_utils.tensorflow_setup, which silences TensorFlow at the source.
    """
    environ = os.environ if environ is None else environ
    environ.pop("MPLBACKEND", None)
    environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # The debugger in ipykernel warns about frozen modules on every start.
    environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return environ


def execute(path, timeout=CELL_TIMEOUT):
    """Execute a notebook in a fresh kernel; return the executed copy.

    Raises NotebookFailed naming the notebook and cell; the partly executed
    notebook is on the exception as .nb (its outputs show the error).
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=ThisPythonKernelManager,
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,  # timestamps in cell metadata would change on every refresh
    )
    failed_at = {}

    def remember(cell, cell_index, **_):
        failed_at["index"] = cell_index

    client.on_cell_execute = remember
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = failed_at.get("index")
        exc = NotebookFailed(describe_failure(path, nb, index, error))
        exc.nb = nb
        raise exc from None
    return nb


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


def to_html(nb):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    return body


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


def refresh(paths, timeout=CELL_TIMEOUT):
    """Execute each notebook and save it in place, only if every cell ran."""
    failures = []
    total = 0.0
    for path in paths:
        start = time.perf_counter()
        try:
            nb = execute(path, timeout)
        except NotebookFailed as error:
            failures.append(str(error))
            print(f"FAILED  {_display_path(path)} (left unchanged): {error}", flush=True)
            continue
        finally:
            seconds = time.perf_counter() - start
            total += seconds
        nbformat.write(nb, path)
        print(f"{seconds:7.1f} s  {_display_path(path)}", flush=True)
        for warning in lint_committed_outputs(path, nb):
            print(f"         warning: {warning}", flush=True)
    print(f"{total:7.1f} s  total for {len(paths)} notebook(s)")
    return _report(failures)


def run(paths, build=BUILD, timeout=CELL_TIMEOUT, notebooks_dir=NOTEBOOKS):
    """Execute each notebook, write build/NN_x.html and build/index.html."""
    build.mkdir(parents=True, exist_ok=True)
    before = snapshot(notebooks_dir)
    failures = []
    results = {}  # notebook stem -> (seconds, ok)
    total = 0.0
    for path in paths:
        start = time.perf_counter()
        try:
            nb = execute(path, timeout)
            ok = True
        except NotebookFailed as error:
            nb, ok = error.nb, False  # still written: its HTML shows the traceback
            failures.append(str(error))
        seconds = time.perf_counter() - start
        total += seconds
        results[path.stem] = (seconds, ok)
        target = build / f"{path.stem}.html"
        target.write_text(to_html(nb), encoding="utf-8")
        status = "" if ok else "   FAILED: " + failures[-1]
        print(f"{seconds:7.1f} s  {_display_path(path)} -> {_display_path(target)}{status}",
              flush=True)
    print(f"{total:7.1f} s  total for {len(paths)} notebook(s)")

    index = build / "index.html"
    index.write_text(index_html(course_notebooks(notebooks_dir), build, results), encoding="utf-8")
    print(f"Open {_display_path(index)}")

    changed = sorted(set(snapshot(notebooks_dir).items()) ^ set(before.items()))
    if changed:
        names = sorted({name for name, _ in changed})
        failures.append(
            "running the notebooks changed files in notebooks/ (a notebook must write only "
            "to build/ or a temporary folder): " + ", ".join(names)
        )
    return _report(failures)


def index_html(notebooks, build, results):
    """The course in order, linking each notebook's HTML, then the extras.

    notebooks: paths in course order; results: stem -> (seconds, ok) of this
    run. Notebooks not run this time link their HTML if an earlier run left it.
    """
    rows = []
    for path in notebooks:
        title = html.escape(notebook_title(nbformat.read(path, as_version=4), path.stem))
        page = build / f"{path.stem}.html"
        seconds, ok = results.get(path.stem, (None, None))
        note = "" if seconds is None else f" <small>({seconds:.1f} s)</small>"
        if ok is False:
            note += ' <strong class="failed">failed</strong>'
        if page.exists():
            rows.append(f'<li><a href="{page.name}">{title}</a>{note}</li>')
        else:
            rows.append(f"<li>{title} <small>(not run yet)</small></li>")

    extras = []
    for folder in sorted(p for p in build.iterdir() if p.is_dir() and not _setuptools_dir(p)):
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

    extras_html = "<h2>Extras</h2>\n" + "\n".join(extras) if extras else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Deep Learning Fundamentals</title>
<style>
body {{ font-family: sans-serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; }}
.failed {{ color: #b00; }}
</style>
</head>
<body>
<h1>Deep Learning Fundamentals</h1>
<p>The notebooks in course order, executed by <code>make run</code>.</p>
<ul>
{chr(10).join(rows)}
</ul>
{extras_html}
</body>
</html>
"""


def _setuptools_dir(folder):
    """build/lib, build/bdist.*: what `pip wheel .` leaves in build/, not the course's."""
    return folder.name == "lib" or folder.name.startswith(("bdist.", "temp."))


def _report(failures):
    if not failures:
        return 0
    print(f"\n{len(failures)} failure(s):", file=sys.stderr)
    for failure in failures:
        print(f"- {failure}", file=sys.stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["run", "refresh"])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)

    paths = args.notebooks or course_notebooks()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    if not paths:
        parser.error(f"no notebooks found in {_display_path(NOTEBOOKS)}")
    paths = [p.resolve() for p in paths]

    prepare_kernel_environment()
    if args.command == "run":
        return run(paths, timeout=args.timeout)
    return refresh(paths, timeout=args.timeout)


if __name__ == "__main__":
    sys.exit(main())
