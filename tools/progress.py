"""Where you stand: runs your practice copies and lists every exercise (`make progress`).

    python tools/progress.py [FOLDER]     # FOLDER: your copies, default my-practice/

Each of your copies (FOLDER/NN_topic.ipynb) runs headless in a fresh kernel,
two at a time, on a temporary copy: your files are never changed. Cells run in
order and stop at the first that fails, as "Run All" does in JupyterLab. Each
exercise is then:

- done: its cell and its checker cell ran;
- wrong: the checker found a problem (its first hint is shown), or one of the
  two cells failed;
- not written yet: the cell still raises the stub's NotImplementedError;
- not reached: an earlier cell failed (which one, and its error in one line).

The exercises come from the practice notebooks in practice/ (each cell with a
`# YOUR CODE HERE` stub, and the code cell after it, its checker), found in
your copy by cell id, so the table is the same whatever you print. The
checkers report their verdicts to a file (course_utils.checkers.RESULTS_ENV),
read after each cell: nothing is scraped from printed text. The table ends
with "N of M exercises done" and is written as build/progress.html too.

A copy that is missing, renamed or not a valid notebook is named in the table,
never fatal. Exit status 0 whatever your progress; 2 for bad arguments.
"""

import argparse
import asyncio
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import course_utils.fast_start  # noqa: F401  (first: nbformat starts 2.5 s sooner)
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_course import _display_path as _display  # noqa: E402
from run_course import Stopped, course_notebooks, kernel_config, run_stoppably  # noqa: E402

from course_utils.checkers import RESULTS_ENV

ROOT = Path(__file__).resolve().parent.parent
PRACTICE = ROOT / "practice"
MY_PRACTICE = ROOT / "my-practice"
PAGE = ROOT / "build" / "progress.html"
CELL_TIMEOUT = 120  # seconds; a learner's endless loop must not hang the table
JOBS = 2
NOT_WRITTEN = ("NotImplementedError", "NotWrittenYet")
WIDTH = 100  # the terminal table shortens hints and errors to this many characters

STUB = re.compile(r"^(?P<indent>[ \t]*)# Exercise:\s*(?P<what>.*?)\s*\n"
                  r"(?P=indent)# YOUR CODE HERE\s*\n"
                  r"(?P=indent)raise NotImplementedError\(", re.MULTILINE)
DEF = re.compile(r"^(?P<indent>[ \t]*)(?:async\s+)?def\s+(?P<name>\w+)\s*\(")


# --- the exercises of a practice notebook ---------------------------------------------

@dataclass
class Exercise:
    """One exercise cell of a practice notebook and its checker cell (the code cell after it)."""
    notebook: str            # "02_neuron_predictions"
    label: str               # the functions to write, else what to write
    cell_id: str
    checker_id: str | None
    exercise_lines: tuple    # its "# Exercise:" lines: finds the cell if its id is gone


def exercises_of(nb, notebook):
    """The Exercises of a practice notebook, in order."""
    found = []
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for position, (_, cell) in enumerate(code):
        stubs = list(STUB.finditer(cell.source))
        if not stubs:
            continue
        labels = []
        for stub in stubs:
            label = _enclosing_def(cell.source[:stub.start()], stub["indent"]) or stub["what"]
            if label not in labels:
                labels.append(label)
        checker = code[position + 1][1] if position + 1 < len(code) else None
        if checker is not None and STUB.search(checker.source):
            checker = None  # the next cell is an exercise itself
        found.append(Exercise(
            notebook, _shorten(", ".join(labels), 40), cell.get("id"),
            checker.get("id") if checker is not None else None,
            tuple(f"# Exercise: {s['what']}" for s in stubs)))
    return found


def _enclosing_def(before, indent):
    """The name of the function whose body holds a line indented `indent`, if any."""
    for line in reversed(before.splitlines()):
        match = DEF.match(line)
        if match and len(match["indent"]) < len(indent):
            return match["name"]
        if line.strip() and len(line) - len(line.lstrip()) == 0:
            return None  # back at top level: not inside a def
    return None


# --- running a notebook cell by cell ---------------------------------------------------

@dataclass
class CellRun:
    index: int
    error: tuple | None = None   # (ename, evalue) when the cell failed
    reports: list = field(default_factory=list)  # the checkers' results during this cell


async def run_cells(path, stop_after=None, timeout=CELL_TIMEOUT):
    """Execute notebook `path` on a temporary copy in a fresh kernel, cell by cell.

    Stops after the first failing cell (one tagged raises-exception may fail),
    or after cell index stop_after. Returns [CellRun] of the code cells run.
    """
    with tempfile.TemporaryDirectory(prefix="progress-") as folder:
        copy = Path(folder) / Path(path).name
        shutil.copyfile(path, copy)
        results = Path(folder) / "results.jsonl"
        results.touch()
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                                config=kernel_config(),
                                resources={"metadata": {"path": folder}}, record_timing=False,
                                shutdown_kernel="immediate")  # as run_course: TensorFlow exits slowly
        env = dict(os.environ)  # the notebooks' environment: the Makefile's NOTEBOOK_ENV
        env[RESULTS_ENV] = str(results)
        runs = []
        client.reset_execution_trackers()
        async with client.async_setup_kernel(env=env):
            read = 0
            for index, cell in enumerate(nb.cells):
                if stop_after is not None and index > stop_after:
                    break
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                run = CellRun(index)
                runs.append(run)
                try:
                    await client.async_execute_cell(cell, index,
                                                    execution_count=client.code_cells_executed + 1)
                except CellTimeoutError:
                    run.error = ("Timeout", f"still running after {timeout} s (an endless loop?)")
                except DeadKernelError:
                    run.error = ("DeadKernel", "the kernel died (out of memory?)")
                else:
                    errors = [o for o in cell.outputs if o.output_type == "error"]
                    if errors and "raises-exception" not in cell.metadata.get("tags", []):
                        run.error = (errors[0].ename, errors[0].evalue)
                text = results.read_text(encoding="utf-8")
                run.reports = [json.loads(line) for line in text[read:].splitlines() if line]
                read = len(text)
                if run.error:
                    break
    return runs


async def run_all(jobs, parallel=JOBS):
    """Await each coroutine of jobs, `parallel` at a time; their results (or exceptions)."""
    gate = asyncio.Semaphore(parallel)

    async def one(job):
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs), return_exceptions=True)


# --- from the runs to the table ---------------------------------------------------------

@dataclass
class Row:
    notebook: str
    exercise: str
    status: str      # "done", "wrong", "not written yet" or "not reached"
    detail: str = ""  # the first hint, or which cell failed and how

    def text(self, width=None):
        detail = _shorten(self.detail, width) if width else self.detail
        return f"{self.status}: {detail}" if detail else self.status


def statuses(exercises, nb, runs):
    """A Row for each exercise, from the learner's notebook nb and its runs."""
    by_index = {run.index: run for run in runs}
    failed = next((run for run in runs if run.error), None)
    owner = {}  # cell index -> the Row of the exercise that cell belongs to
    rows = []
    for exercise in exercises:
        cell = _find(nb, exercise.cell_id, exercise.exercise_lines)
        checker = _find(nb, exercise.checker_id)
        row = Row(exercise.notebook, exercise.label, "done")
        rows.append(row)
        if cell is None:
            row.status, row.detail = "not reached", "its cell is not in your copy (deleted?)"
            continue
        mine = [i for i in (cell, checker) if i is not None and i >= cell]
        owner.update(dict.fromkeys(mine, row))
        own = [by_index.get(i) for i in mine]
        own_failed = next((run for run in own if run is not None and run.error), None)
        if own_failed is None and all(run is not None for run in own):
            continue  # done
        if own_failed is None:  # not run: an earlier cell failed
            row.status = "not reached"
            earlier = owner.get(failed.index) if failed is not None else None
            if earlier is not None:
                row.detail = f"{earlier.exercise} above is {earlier.status}"
            elif failed is not None:
                row.detail = f"{_cell_name(nb, failed.index)} failed: {_one_line(*failed.error)}"
            else:
                row.detail = "the run stopped before it"
            continue
        verdicts = [r for run in own if run is not None for r in run.reports]
        ename, evalue = own_failed.error
        if ename in NOT_WRITTEN or any(r["status"] == "not_written" for r in verdicts):
            row.status = "not written yet"
            continue
        row.status = "wrong"
        hint = next((r["hint"] for r in verdicts if r["status"] == "wrong" and r["hint"]), None)
        row.detail = hint or f"{_cell_name(nb, own_failed.index)}: {_one_line(ename, evalue)}"
    return rows


def _find(nb, cell_id, exercise_lines=()):
    """Index of the cell with this id in nb, else of the one holding exercise_lines."""
    if cell_id is None:
        return None
    for index, cell in enumerate(nb.cells):
        if cell.get("id") == cell_id:
            return index
    for index, cell in enumerate(nb.cells):
        if exercise_lines and cell.cell_type == "code" and all(
                line in cell.source for line in exercise_lines):
            return index
    return None


def _cell_name(nb, index):
    first = next((line.strip() for line in nb.cells[index].source.splitlines() if line.strip()),
                 "")
    return f"cell {index + 1} `{_shorten(first, 40)}`"


def _one_line(ename, evalue):
    first = next((line.strip() for line in str(evalue).splitlines() if line.strip()), "")
    return f"{ename}: {first}" if first else ename


def _shorten(text, width):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 3].rstrip() + "..."


# --- the whole scoreboard ------------------------------------------------------------------

def progress(learner_dir=MY_PRACTICE, practice_dir=PRACTICE, timeout=CELL_TIMEOUT, jobs=JOBS):
    """(rows, notes) for the learner's copies in learner_dir against practice_dir.

    notes: lines about files that are not copies of a practice notebook.
    """
    learner_dir, practice_dir = Path(learner_dir), Path(practice_dir)
    plans = []  # (practice notebook name, its exercises, the learner's copy or a Row reason)
    for twin in course_notebooks(practice_dir):
        exercises = exercises_of(nbformat.read(twin, as_version=4), twin.stem)
        if exercises:
            plans.append((twin.name, exercises, _read_copy(learner_dir / twin.name)))
    notes = [f"{learner_dir.name}/{p.name} is not one of the practice notebooks (renamed?): "
             f"not run"
             for p in sorted(learner_dir.glob("*.ipynb"))
             if not (practice_dir / p.name).is_file()]

    to_run = [(i, learner_dir / name, max(_needed(nb, ex)))
              for i, (name, ex, nb) in enumerate(plans) if not isinstance(nb, str)]
    results = run_stoppably(run_all(
        [run_cells(path, stop_after, timeout) for _, path, stop_after in to_run], jobs))
    runs = {i: result for (i, _, _), result in zip(to_run, results, strict=True)}

    rows = []
    for i, (_, exercises, nb) in enumerate(plans):
        result = runs.get(i)
        if isinstance(nb, str) or isinstance(result, BaseException):
            why = nb if isinstance(nb, str) else (
                f"it could not be run: {_one_line(type(result).__name__, result)}")
            rows += [Row(ex.notebook, ex.label, "not reached", why) for ex in exercises]
        else:
            rows += statuses(exercises, nb, result)
    return rows, notes


def _read_copy(path):
    """The learner's notebook at path, or a text saying why there is none."""
    shown = f"{path.parent.name}/{path.name}"
    if not path.is_file():
        return f"{shown} is missing (`make practice` copies it again)"
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        return f"{shown} could not be read: {_one_line(type(error).__name__, error)}"
    except json.JSONDecodeError as error:
        return f"{shown} is not valid JSON ({error.msg}, line {error.lineno} column {error.colno})"
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as error:  # JSON, but not a notebook: name it, never fatal
        return f"{shown} is not a valid notebook: {_one_line(type(error).__name__, error)}"


def _needed(nb, exercises):
    """The cell indices the exercises need run (the run stops after the last)."""
    indices = [_find(nb, ex.cell_id, ex.exercise_lines) for ex in exercises]
    indices += [_find(nb, ex.checker_id) for ex in exercises]
    return [i for i in indices if i is not None] or [len(nb.cells) - 1]


def table(rows, width=WIDTH):
    """The rows as an aligned text table, then "N of M exercises done"."""
    header = ("notebook", "exercise", "result")
    lines = [(r.notebook, r.exercise, r.text(width)) for r in rows]
    sizes = [max(len(line[k]) for line in [header, *lines]) for k in range(2)]
    out = [f"{a:<{sizes[0]}}  {b:<{sizes[1]}}  {c}".rstrip() for a, b, c in [header, *lines]]
    out.insert(1, f"{'-' * sizes[0]}  {'-' * sizes[1]}  {'-' * len(header[2])}")
    return "\n".join(out) + "\n" + summary(rows)


def summary(rows):
    return f"{sum(r.status == 'done' for r in rows)} of {len(rows)} exercises done"


def page(rows, notes):
    """build/progress.html: the same table."""
    body = "\n".join(
        f'<tr class="{r.status.replace(" ", "-")}"><td>{html.escape(r.notebook)}</td>'
        f"<td>{html.escape(r.exercise)}</td><td><strong>{html.escape(r.status)}</strong>"
        f"{': ' + html.escape(r.detail) if r.detail else ''}</td></tr>" for r in rows)
    listed = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Your progress</title>
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.5; }}
td, th {{ text-align: left; padding: 0.2rem 0.6rem; vertical-align: top; }}
.done strong {{ color: #070; }} .wrong strong {{ color: #b00; }}
.not-written-yet strong, .not-reached strong {{ color: #666; }}
</style>
</head>
<body>
<h1>Your progress</h1>
<p>{html.escape(summary(rows))}, as <code>make progress</code> found them in your practice
copies ({time.strftime("%Y-%m-%d %H:%M")}). Run it again after you work on them.</p>
{f"<ul>{listed}</ul>" if listed else ""}
<table>
<tr><th>notebook</th><th>exercise</th><th>result</th></tr>
{body}
</table>
</body>
</html>
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=MY_PRACTICE,
                        help="your practice copies (default: my-practice/)")
    parser.add_argument("--practice", type=Path, default=PRACTICE,
                        help="the practice notebooks (default: practice/)")
    parser.add_argument("--html", type=Path, default=PAGE, help="default: build/progress.html")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    parser.add_argument("--jobs", type=int, default=JOBS, help="notebooks run at once")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        rows, notes = progress(args.folder, args.practice, args.timeout, args.jobs)
    except Stopped as stopped:
        print(f"Stopped by {stopped}: every kernel was shut down; your copies are as they were.",
              file=sys.stderr)
        return 128 + stopped.signum
    if not rows:
        print(f"There are no practice notebooks in {_display(args.practice)}/ yet.")
    elif args.folder.is_dir() and any(args.folder.glob("*.ipynb")):
        print(table(rows))
    else:
        print(f"You have no practice copies in {_display(args.folder)}/ yet: `make practice` "
              f"makes them.\n{summary(rows)}")
    for note in notes:
        print(note)
    args.html.parent.mkdir(parents=True, exist_ok=True)
    args.html.write_text(page(rows, notes), encoding="utf-8")
    print(f"({time.perf_counter() - start:.0f} s; the same is in {_display(args.html)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
