"""Write the practice notebooks: practice/NN_topic.ipynb from notebooks/NN_topic.ipynb.

    python tools/make_practice.py                 # every notebook with exercises
    python tools/make_practice.py notebooks/02_x.ipynb ...   # only these
    python tools/make_practice.py --check         # exit 1 if practice/ is not up to date
    python tools/make_practice.py --copy-to my-practice   # then copy the missing ones there

In a solution notebook, what the learner writes is marked with nbgrader's
markers, each alone on its line, below a comment saying what to write:

    def sigmoid(z):
        # Exercise: return 1 / (1 + e^-z), elementwise for an array z
        ### BEGIN SOLUTION
        return 1 / (1 + np.exp(-z))
        ### END SOLUTION

The practice twin keeps everything else and replaces each block, markers
included, by a stub with the same indentation:

        # Exercise: return 1 / (1 + e^-z), elementwise for an array z
        # YOUR CODE HERE
        raise NotImplementedError("return 1 / (1 + e^-z), elementwise for an array z")

Outputs and execution counts are cleared; metadata and cell ids are kept, and
a short note on how to practise is added as the first cell. Only code cells
are read. A nested, unclosed or unopened block, a marker not alone on its
line, or a block without its `# Exercise:` line is an error naming the
notebook, the cell (counting from 0) and the line.

practice/ is generated: edit the solution notebooks, then run this. Learners
work in their own copies (`make practice` puts them in my-practice/).
"""

import argparse
import json
import re
import sys
from pathlib import Path

import course_utils.fast_start  # noqa: F401  (first: nbformat starts 2.5 s sooner)
import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PRACTICE = ROOT / "practice"
COURSE_NOTEBOOK = re.compile(r"^\d\d_\w+\.ipynb$")

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
EXERCISE = re.compile(r"^(?P<indent>[ \t]*)# Exercise:\s*(?P<what>\S.*?)\s*$")
STUB = "# YOUR CODE HERE"
INTRO_ID = "practice-intro"


class MarkerError(ValueError):
    """Solution markers that cannot be turned into a practice notebook."""


def strip_solutions(source, where="cell"):
    """(source with every solution block replaced by its stub, number of blocks).

    where: how errors name the cell, e.g. "notebooks/02_x.ipynb, cell 5 (counting from 0)".
    """
    out = []
    block = None  # (line number of BEGIN, indentation, what) while inside a block
    blocks = 0
    lines = source.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        marker = text.strip()
        if ("BEGIN SOLUTION" in text or "END SOLUTION" in text) and marker not in (BEGIN, END):
            raise MarkerError(f"{where}, line {number}: a solution marker must be alone on its "
                              f"line, exactly {BEGIN!r} or {END!r}; got {marker!r}")
        if marker == BEGIN:
            if block is not None:
                raise MarkerError(f"{where}, line {number}: {BEGIN} inside the block opened on "
                                  f"line {block[0]} (blocks do not nest)")
            indent = text[:len(text) - len(text.lstrip())]
            above = EXERCISE.match(out[-1].rstrip("\r\n")) if out else None
            if above is None or above["indent"] != indent:
                raise MarkerError(f"{where}, line {number}: the line above {BEGIN} must be "
                                  f"'{indent}# Exercise: <what to write>' (same indentation)")
            block = (number, indent, above["what"])
        elif marker == END:
            if block is None:
                raise MarkerError(f"{where}, line {number}: {END} without a {BEGIN} before it")
            _, indent, what = block
            newline = line[len(text):]
            out.append(f"{indent}{STUB}\n")
            out.append(f"{indent}raise NotImplementedError({json.dumps(what, ensure_ascii=False)})"
                       f"{newline}")
            block = None
            blocks += 1
        elif block is None:
            out.append(line)
    if block is not None:
        raise MarkerError(f"{where}, line {block[0]}: {BEGIN} is never closed by {END}")
    return "".join(out), blocks


def practice_notebook(nb, name="notebook"):
    """(the practice twin of solution notebook nb, number of exercises); nb is not changed.

    name: how errors name the notebook.
    """
    twin = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    exercises = 0
    for index, cell in enumerate(twin.cells):
        if cell.cell_type != "code":
            continue
        cell.source, blocks = strip_solutions(cell.source,
                                              f"{name}, cell {index} (counting from 0)")
        exercises += blocks
        cell.outputs = []
        cell.execution_count = None
    # The saved state of the solution's widgets (progress bars, the playground) belongs
    # to outputs the twin does not have, and its random ids change at every refresh.
    twin.metadata.pop("widgets", None)
    if exercises:
        twin.cells.insert(0, nbformat.v4.new_markdown_cell(_intro(name), id=INTRO_ID))
    return twin, exercises


def _intro(name):
    solution = f"notebooks/{Path(name).name}"
    return ("> **Practice.** Write your code in each cell that says `# YOUR CODE HERE` (delete "
            "the `raise NotImplementedError` line), then run the cell after it: a checker says "
            "what is right or what to fix. The cells further down run on your code. "
            f"The solutions are in `{solution}`; `make progress` shows where you stand.")


def practice_text(path):
    """The practice twin of the notebook at path as nbformat.write writes it, or None
    when it has no exercises. Raises MarkerError."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    twin, exercises = practice_notebook(nb, _display(path))
    if not exercises:
        return None
    text = nbformat.writes(twin)
    return text if text.endswith("\n") else text + "\n"  # as nbformat.write ends it


def course_notebooks(folder):
    return sorted(p for p in Path(folder).glob("*.ipynb") if COURSE_NOTEBOOK.match(p.name))


def plan(notebooks_dir=NOTEBOOKS, practice_dir=PRACTICE, only=None):
    """{practice path: text, or None for a twin to delete}; only: solution paths to consider.

    A twin whose solution notebook is gone or has no exercises any more is
    stale (None), unless `only` limits the plan to some notebooks.
    """
    wanted = {}
    for path in (only if only is not None else course_notebooks(notebooks_dir)):
        text = practice_text(path)
        if text is not None:
            wanted[Path(practice_dir) / Path(path).name] = text
    if only is None:
        for twin in course_notebooks(practice_dir):
            wanted.setdefault(twin, None)
    return wanted


def check(wanted):
    """The problems with practice/ against the plan: missing, differing or stale twins."""
    problems = []
    for path, text in sorted(wanted.items()):
        if text is None:
            problems.append(f"{_display(path)} is stale: its solution notebook has no exercises "
                            f"(or is gone)")
        elif not path.is_file():
            problems.append(f"{_display(path)} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{_display(path)} differs from what its solution notebook gives")
    return problems


def write(wanted):
    """Write (or delete) the twins; returns the lines saying what changed."""
    said = []
    for path, text in sorted(wanted.items()):
        if text is None:
            path.unlink()
            said.append(f"deleted {_display(path)} (no exercises in its solution notebook)")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            said.append(f"wrote {_display(path)}")
    return said


def copy_missing(practice_dir, learner_dir):
    """Copy each practice notebook that learner_dir lacks; never overwrite a file there.

    Returns (copied, kept): the names of the notebooks copied and of those left alone.
    """
    learner_dir = Path(learner_dir)
    learner_dir.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for source in course_notebooks(practice_dir):
        target = learner_dir / source.name
        try:
            with open(target, "x", encoding="utf-8") as file:  # "x": fails if it exists
                file.write(source.read_text(encoding="utf-8"))
            copied.append(source.name)
        except FileExistsError:
            kept.append(source.name)
    return copied, kept


def _display(path):
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="solution notebooks (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 listing the twins that are not up to date")
    parser.add_argument("--copy-to", type=Path, metavar="DIR",
                        help="then copy every practice notebook DIR lacks into DIR (the "
                             "learner's own copies; a file there is never overwritten)")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error("no such notebook: " + ", ".join(missing))
    try:
        wanted = plan(only=args.notebooks or None)
    except MarkerError as error:
        print(f"make_practice: {error}", file=sys.stderr)
        return 1
    if args.check:
        problems = check(wanted)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("Run `python tools/make_practice.py` (or `make practice`) and commit practice/.",
                  file=sys.stderr)
            return 1
        print(f"practice/ is up to date ({sum(t is not None for t in wanted.values())} notebooks).")
        return 0
    for line in write(wanted):
        print(line)
    print(f"practice/: {sum(t is not None for t in wanted.values())} notebooks with exercises, "
          f"up to date.")
    if args.copy_to is not None:
        copied, kept = copy_missing(PRACTICE, args.copy_to)
        folder = _display(args.copy_to)
        if copied:
            print(f"Copied into {folder}/ (yours to edit): {', '.join(copied)}")
        if kept:
            print(f"Left alone in {folder}/ (already yours): {', '.join(kept)}")
        if not copied and not kept:
            print(f"No practice notebooks yet, so nothing to copy into {folder}/.")
        else:
            print(f"Open {folder}/ in JupyterLab (`make lab`); `make progress` shows where "
                  f"you stand.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
