"""The practice notebooks: practice/ is what tools/make_practice.py writes from notebooks/,
loses nothing of the solutions, and every practice notebook stops at its first exercise.

The tests over the course's notebooks cover those with exercises (solution
markers); small notebooks built here prove that each test can fail.
"""

import asyncio
import os
import re
from pathlib import Path

import nbformat
import pytest
from tool_loader import load_tool
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


make_practice = load_tool("make_practice")
progress = load_tool("progress")
MarkerError = make_practice.MarkerError

MARKED = [path for path in make_practice.course_notebooks(make_practice.NOTEBOOKS)
          if make_practice.practice_text(path) is not None]


# --- the generator on small notebooks ----------------------------------------------------

def strip(source):
    return make_practice.strip_solutions(source, "nb.ipynb, cell 3 (counting from 0)")


def test_a_block_becomes_a_stub_with_the_same_indentation():
    source = ("def sigmoid(z):\n"
              "    # Exercise: return 1 / (1 + e^-z), elementwise\n"
              "    ### BEGIN SOLUTION\n"
              "    e = np.exp(-z)\n"
              "    return 1 / (1 + e)\n"
              "    ### END SOLUTION\n"
              "\n"
              "print(sigmoid(0.0))")
    assert strip(source) == (
        "def sigmoid(z):\n"
        "    # Exercise: return 1 / (1 + e^-z), elementwise\n"
        "    # YOUR CODE HERE\n"
        '    raise NotImplementedError("return 1 / (1 + e^-z), elementwise")\n'
        "\n"
        "print(sigmoid(0.0))", 1)


def test_a_whole_cell_and_two_blocks_in_one_cell():
    whole = '# Exercise: say "hi"\n### BEGIN SOLUTION\nx = 1\nprint(x)\n### END SOLUTION'
    assert strip(whole) == (
        '# Exercise: say "hi"\n# YOUR CODE HERE\nraise NotImplementedError("say \\"hi\\"")', 1)
    two = ("def f(x):\n\t# Exercise: f\n\t### BEGIN SOLUTION\n\treturn x\n\t### END SOLUTION\n"
           "def g(x):\n    if x:\n        # Exercise: g\n        ### BEGIN SOLUTION\n"
           "        return 2\n        ### END SOLUTION\n    return 0\n")
    assert strip(two) == (
        'def f(x):\n\t# Exercise: f\n\t# YOUR CODE HERE\n\traise NotImplementedError("f")\n'
        "def g(x):\n    if x:\n        # Exercise: g\n        # YOUR CODE HERE\n"
        '        raise NotImplementedError("g")\n    return 0\n', 2)
    # the stub is a Python string literal whatever the text says
    assert eval(strip(whole)[0].splitlines()[-1].split("(", 1)[1][:-1]) == 'say "hi"'


def test_code_without_markers_is_unchanged():
    assert strip("x = 1  # BEGIN\n") == ("x = 1  # BEGIN\n", 0)


@pytest.mark.parametrize("source, error", [
    ("# Exercise: a\n### BEGIN SOLUTION\n# Exercise: b\n### BEGIN SOLUTION\n### END SOLUTION\n",
     "line 4: ### BEGIN SOLUTION inside the block opened on line 2 (blocks do not nest)"),
    ("# Exercise: a\n### BEGIN SOLUTION\nx = 1\n",
     "line 2: ### BEGIN SOLUTION is never closed by ### END SOLUTION"),
    ("x = 1\n### END SOLUTION\n", "line 2: ### END SOLUTION without a ### BEGIN SOLUTION before it"),
    ("x = 1\n### BEGIN SOLUTION\n### END SOLUTION\n",
     "line 2: the line above ### BEGIN SOLUTION must be '# Exercise: <what to write>'"),
    ("def f():\n# Exercise: a\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n",
     "line 3: the line above ### BEGIN SOLUTION must be '    # Exercise: <what to write>' "
     "(same indentation)"),
    ("# Exercise: a\n### BEGIN SOLUTION  # here\n",
     "line 2: a solution marker must be alone on its line"),
])
def test_marker_errors_name_the_notebook_cell_and_line(source, error):
    with pytest.raises(MarkerError) as info:
        strip(source)
    assert str(info.value).startswith(f"nb.ipynb, cell 3 (counting from 0), {error}")


def solution_notebook():
    """A small solution notebook: setup, a checker, an exercise, its checker, a later use."""
    nb = new_notebook(metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                               "language": "python", "name": "python3"}})
    nb.cells = [
        new_markdown_cell("# Doubling\nThe `# Exercise:` line says `### BEGIN SOLUTION`.", id="c0"),
        new_code_cell("import numpy as np\nfrom course_utils.checkers import Checker, call_learner",
                      id="c1"),
        new_code_cell('def check_double(double):\n'
                      '    check = Checker("double")\n'
                      '    got = call_learner(check, double, np.arange(3.0), shape=(3,))\n'
                      '    check.expect(got is not None and np.allclose(got, [0, 2, 4]),\n'
                      '                 "double([0, 1, 2]) should be [0, 2, 4]")\n'
                      '    check.done()', id="c2"),
        new_code_cell("def double(x):\n    # Exercise: return 2 x\n    ### BEGIN SOLUTION\n"
                      "    return 2 * x\n    ### END SOLUTION", id="c3",
                      execution_count=3, outputs=[]),
        new_code_cell("check_double(double)", id="c4", execution_count=4, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="double: all 2 checks passed.\n")]),
        new_code_cell("print(double(np.ones(2)))", id="c5"),
    ]
    return nb


def test_the_practice_twin_clears_outputs_and_keeps_the_rest():
    nb = solution_notebook()
    twin, exercises = make_practice.practice_notebook(nb, "notebooks/05_double.ipynb")
    assert exercises == 1
    assert nb.cells[4].outputs  # the solution notebook is not changed
    intro, *cells = twin.cells
    assert intro.id == make_practice.INTRO_ID and "notebooks/05_double.ipynb" in intro.source
    assert [c.id for c in cells] == [c.id for c in nb.cells]
    assert all(c.outputs == [] and c.execution_count is None for c in cells if c.cell_type == "code")
    assert cells[0].source == nb.cells[0].source  # Markdown is not read for markers
    assert cells[3].source == ('def double(x):\n    # Exercise: return 2 x\n    # YOUR CODE HERE\n'
                               '    raise NotImplementedError("return 2 x")')
    assert twin.metadata == nb.metadata


def test_the_practice_twin_drops_the_solutions_widget_state():
    nb = solution_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"a1": {}}}}
    twin, _ = make_practice.practice_notebook(nb, "notebooks/05_double.ipynb")
    assert "widgets" not in twin.metadata and "widgets" in nb.metadata
    assert twin.metadata.kernelspec == nb.metadata.kernelspec


def test_marker_errors_in_a_notebook_name_it_and_the_cell():
    nb = solution_notebook()
    nb.cells[5].source = "### END SOLUTION"
    with pytest.raises(MarkerError, match=r"^notebooks/05_double.ipynb, cell 5 \(counting from 0\), "
                                          r"line 1: ### END SOLUTION without"):
        make_practice.practice_notebook(nb, "notebooks/05_double.ipynb")


def test_the_generator_writes_checks_and_removes_stale_twins(tmp_path):
    notebooks, practice = tmp_path / "notebooks", tmp_path / "practice"
    notebooks.mkdir()
    nbformat.write(solution_notebook(), notebooks / "05_double.ipynb")
    nbformat.write(new_notebook(), notebooks / "06_plain.ipynb")  # no exercises: no twin
    wanted = make_practice.plan(notebooks, practice)
    assert [p.name for p in wanted] == ["05_double.ipynb"]
    assert make_practice.check(wanted) == [f"{practice / '05_double.ipynb'} is missing"]
    make_practice.write(wanted)
    # byte for byte what nbformat.write writes, so a notebook saved by Jupyter tools compares equal
    twin = nbformat.read(practice / "05_double.ipynb", as_version=4)
    nbformat.write(twin, tmp_path / "rewritten.ipynb")
    assert (tmp_path / "rewritten.ipynb").read_bytes() == (practice / "05_double.ipynb").read_bytes()
    assert make_practice.check(make_practice.plan(notebooks, practice)) == []

    (practice / "05_double.ipynb").write_text("{}")
    (practice / "07_gone.ipynb").write_text("{}")
    wanted = make_practice.plan(notebooks, practice)
    assert make_practice.check(wanted) == [
        f"{practice / '05_double.ipynb'} differs from what its solution notebook gives",
        f"{practice / '07_gone.ipynb'} is stale: its solution notebook has no exercises (or is gone)"]
    make_practice.write(wanted)
    assert sorted(p.name for p in practice.iterdir()) == ["05_double.ipynb"]


def test_copies_for_the_learner_never_overwrite_theirs(tmp_path):
    practice, mine = tmp_path / "practice", tmp_path / "my-practice"
    practice.mkdir()
    for name in ("02_a.ipynb", "03_b.ipynb"):
        (practice / name).write_text(f"course {name}")
    mine.mkdir()
    (mine / "03_b.ipynb").write_text("my work")
    assert make_practice.copy_missing(practice, mine) == (["02_a.ipynb"], ["03_b.ipynb"])
    assert (mine / "02_a.ipynb").read_text() == "course 02_a.ipynb"
    assert (mine / "03_b.ipynb").read_text() == "my work"
    assert make_practice.copy_missing(practice, mine) == ([], ["02_a.ipynb", "03_b.ipynb"])


# --- the committed practice/ ---------------------------------------------------------------

def test_committed_practice_is_what_the_generator_writes():
    assert make_practice.check(make_practice.plan()) == [], (
        "run `python tools/make_practice.py` and commit practice/")


STUB_LINES = re.compile(r'^([ \t]*)# YOUR CODE HERE\n\1raise NotImplementedError\(.*\)$', re.MULTILINE)
BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION$.*?^[ \t]*### END SOLUTION$", re.MULTILINE | re.DOTALL)


def put_back(practice_source, solution_source):
    """The practice cell's source with the solution's blocks in place of its stubs."""
    blocks = iter(BLOCK.findall(solution_source))
    return STUB_LINES.sub(lambda _: next(blocks), practice_source)


def round_trip_problems(solution, twin):
    """Differences between solution and twin once each block is put back into the twin."""
    cells = [c for c in twin.cells if c.get("id") != make_practice.INTRO_ID]
    if [c.get("id") for c in cells] != [c.get("id") for c in solution.cells]:
        return ["the cells differ"]
    return [f"cell {i} (counting from 0) differs" for i, (s, p) in enumerate(zip(solution.cells, cells))
            if s.cell_type != p.cell_type or put_back(p.source, s.source) != s.source]


def test_putting_the_solutions_back_gives_the_solution_code():
    nb = solution_notebook()
    twin, _ = make_practice.practice_notebook(nb)
    assert twin.cells[4].source != nb.cells[3].source
    assert round_trip_problems(nb, twin) == []
    twin.cells[2].source += "\n"  # a generator that changed code outside the blocks would fail
    assert round_trip_problems(nb, twin) == ["cell 1 (counting from 0) differs"]


def test_every_practice_notebook_gives_back_its_solution_code():
    problems = {}
    for solution in MARKED:
        twin = nbformat.read(make_practice.PRACTICE / solution.name, as_version=4)
        problems[solution.name] = round_trip_problems(nbformat.read(solution, as_version=4), twin)
    assert {name: found for name, found in problems.items() if found} == {}


# --- run as is, a practice notebook stops at its first exercise ----------------------------

def first_stop_problem(runs, exercise_index, checker_index, name):
    """None when the run stopped with NotImplementedError in the exercise cell or its checker
    cell and nowhere before; else what went wrong."""
    failed = next((run for run in runs if run.error), None)
    allowed = {exercise_index, checker_index} - {None}
    if failed is None:
        return f"{name}: no cell raised NotImplementedError (the stub is not reached?)"
    ename, evalue = failed.error
    where = f"{name}, cell {failed.index} (counting from 0)"
    if failed.index not in allowed:
        return (f"{where} failed before the first exercise (cell {exercise_index}): "
                f"{ename}: {evalue}")
    if ename not in progress.NOT_WRITTEN:
        return f"{where} raised {ename}: {evalue}, not NotImplementedError"
    return None


def stop_problems(paths):
    """first_stop_problem of each practice notebook, run two at a time up to the cell after
    its first exercise."""
    plans = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        first = progress.exercises_of(nb, path.stem)[0]
        index = progress._find(nb, first.cell_id)
        checker = progress._find(nb, first.checker_id)
        plans.append((path, index, checker))
    runs = asyncio.run(progress.run_all(
        [progress.run_cells(path, max(i for i in (index, checker) if i is not None))
         for path, index, checker in plans]))
    return [first_stop_problem(run, index, checker, path.name) if isinstance(run, list)
            else f"{path.name}: {run!r}" for run, (path, index, checker) in zip(runs, plans)]


def test_a_practice_notebook_stops_at_its_first_exercise_and_not_before(tmp_path):
    # The test notebook, and two broken twins the test must catch.
    twin, _ = make_practice.practice_notebook(solution_notebook())
    nbformat.write(twin, tmp_path / "05_double.ipynb")
    broken = nbformat.from_dict(twin)
    broken.cells[2].source += "\nundefined_name"
    nbformat.write(broken, tmp_path / "06_broken.ipynb")
    failing = nbformat.from_dict(twin)
    failing.cells[4].source += '\nraise ValueError("oops")'  # not the stub's error
    nbformat.write(failing, tmp_path / "07_other_error.ipynb")
    assert stop_problems(sorted(tmp_path.glob("*.ipynb"))) == [
        None,
        "06_broken.ipynb, cell 2 (counting from 0) failed before the first exercise (cell 4): "
        "NameError: name 'undefined_name' is not defined",
        "07_other_error.ipynb, cell 4 (counting from 0) raised ValueError: oops, not "
        "NotImplementedError",
    ]


@pytest.mark.parametrize("path", MARKED, ids=lambda path: path.stem)
def test_before_its_first_exercise_a_practice_notebook_is_its_solution(path):
    """The fast half of the stop test, in every `make test`: the cells before the first
    exercise are the solution's own (which strict nbval runs without error), and the
    first exercise cell holds the stub that raises."""
    solution = nbformat.read(path, as_version=4)
    twin = nbformat.read(make_practice.PRACTICE / path.name, as_version=4)
    assert twin.cells[0].get("id") == make_practice.INTRO_ID  # the "how to practise" note
    first = progress._find(twin, progress.exercises_of(twin, path.stem)[0].cell_id)
    assert [c.source for c in twin.cells[1:first]] == [c.source for c in solution.cells[:first - 1]]
    assert "raise NotImplementedError(" in twin.cells[first].source


# Running every practice notebook up to its first exercise takes about two minutes of CPU
# (TensorFlow's imports, the playground's training before its exercise): too slow for
# `make test`, so `make test-practice` runs it, and CI runs that too.
FULL_RUN = os.environ.get("COURSE_PRACTICE_RUN") == "1"


@pytest.mark.skipif(not FULL_RUN, reason="every practice notebook executed: `make test-practice`")
def test_every_practice_notebook_stops_at_its_first_exercise():
    twins = [make_practice.PRACTICE / p.name for p in MARKED]
    assert [p for p in stop_problems(twins) if p is not None] == []
