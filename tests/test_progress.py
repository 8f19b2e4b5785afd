"""`make progress` (tools/progress.py): the learner's scoreboard, on a set of practice
copies with exercises solved, wrong, left as stubs, one notebook broken early, one
missing, one not JSON and one renamed."""

from pathlib import Path

import nbformat
import pytest
from tool_loader import load_tool
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent


make_practice = load_tool("make_practice")
progress = load_tool("progress")
CellRun, Row = progress.CellRun, progress.Row

CHECKERS = '''import numpy as np
from course_utils.checkers import Checker, call_learner

def check_function(name, function, right):
    check = Checker(name)
    x = np.arange(1.0, 4.0)
    got = call_learner(check, function, x, shape=(3,))
    check.expect(got is not None and np.allclose(got, right(x)),
                 f"{name}([1, 2, 3]) should be {right(x)}, got {got}")
    check.done()

def check_total(total):
    check = Checker("total")
    check.expect(total == 6, f"total should be 6, got {total}: did range stop too early?")
    check.done()'''


def solution():
    """Three exercises: two functions and a whole cell, each with its checker cell."""
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Practice", id="title"),
        new_code_cell(CHECKERS, id="setup"),
        new_code_cell("def double(x):\n    # Exercise: return 2 x\n    ### BEGIN SOLUTION\n"
                      "    return 2 * x\n    ### END SOLUTION", id="double"),
        new_code_cell('check_function("double", double, lambda x: 2 * x)', id="check-double"),
        new_markdown_cell("Now squares.", id="text"),
        new_code_cell("def square(x):\n    # Exercise: return x squared\n    ### BEGIN SOLUTION\n"
                      "    return x ** 2\n    ### END SOLUTION", id="square"),
        new_code_cell('check_function("square", square, lambda x: x ** 2)', id="check-square"),
        new_code_cell("# Exercise: add 1, 2 and 3 into total\n### BEGIN SOLUTION\n"
                      "total = sum(range(4))\n### END SOLUTION", id="total"),
        new_code_cell("check_total(total)", id="check-total"),
        new_code_cell("print(square(double(np.ones(2))))", id="use"),
    ]
    return nb


def write_in(nb, path, **sources):
    """Write nb to path with the sources of some cells (by id) replaced."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        cell.source = sources.get(cell.id.replace("-", "_"), cell.source)
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """practice/ with five twins of the same notebook, and the learner's copies of them."""
    root = tmp_path_factory.mktemp("course")
    practice, mine = root / "practice", root / "my-practice"
    practice.mkdir()
    mine.mkdir()
    twin, _ = make_practice.practice_notebook(solution(), "notebooks/x.ipynb")
    for name in ("01_solved", "02_halfway", "03_broken", "04_missing", "05_not_json"):
        nbformat.write(twin, practice / f"{name}.ipynb")
    # 01: double and square right, total wrong
    write_in(twin, mine / "01_solved.ipynb", double="def double(x):\n    return x * 2",
             square="def square(x):\n    return x * x", total="total = sum(range(3))")
    # 02: double right, square left as the stub, total not reached
    write_in(twin, mine / "02_halfway.ipynb", double="def double(x):\n    return x + x")
    # 03: broken early (the learner typed into the setup cell), the rest stubs
    write_in(twin, mine / "03_broken.ipynb", setup="1 / 0\n" + CHECKERS)
    (mine / "05_not_json.ipynb").write_text('{"cells": [', encoding="utf-8")
    write_in(twin, mine / "06_my_copy.ipynb")  # renamed, or a notebook of the learner's own
    before = {p.name: p.read_bytes() for p in mine.iterdir()}
    rows, notes = progress.progress(mine, practice, timeout=60)
    return rows, notes, mine, before


def test_the_table_says_what_is_done_wrong_not_written_and_not_reached(course):
    rows, notes, _, _ = course
    assert progress.table(rows, width=40).splitlines() == [
        "notebook     exercise                   result",
        "-----------  -------------------------  ------",
        "01_solved    double                     done",
        "01_solved    square                     done",
        "01_solved    add 1, 2 and 3 into total  wrong: total should be 6, got 3: did range s...",
        "02_halfway   double                     done",
        "02_halfway   square                     not written yet",
        "02_halfway   add 1, 2 and 3 into total  not reached: square above is not written yet",
        "03_broken    double                     not reached: cell 3 `1 / 0` failed: ZeroDivisionEr...",
        "03_broken    square                     not reached: cell 3 `1 / 0` failed: ZeroDivisionEr...",
        "03_broken    add 1, 2 and 3 into total  not reached: cell 3 `1 / 0` failed: ZeroDivisionEr...",
        "04_missing   double                     not reached: my-practice/04_missing.ipynb is missi...",
        "04_missing   square                     not reached: my-practice/04_missing.ipynb is missi...",
        "04_missing   add 1, 2 and 3 into total  not reached: my-practice/04_missing.ipynb is missi...",
        "05_not_json  double                     not reached: my-practice/05_not_json.ipynb is not...",
        "05_not_json  square                     not reached: my-practice/05_not_json.ipynb is not...",
        "05_not_json  add 1, 2 and 3 into total  not reached: my-practice/05_not_json.ipynb is not...",
        "3 of 15 exercises done",
    ]
    # the whole texts (the table shortens them, to 100 characters by default; the page does not)
    assert [rows[i].detail for i in (2, 8, 11, 14)] == [
        "total should be 6, got 3: did range stop too early?",
        "cell 3 `1 / 0` failed: ZeroDivisionError: division by zero",
        "my-practice/04_missing.ipynb is missing (`make practice` copies it again)",
        "my-practice/05_not_json.ipynb is not valid JSON (Expecting value, line 1 column 12)"]
    assert notes == ["my-practice/06_my_copy.ipynb is not one of the practice notebooks "
                     "(renamed?): not run"]


def test_the_learners_files_are_not_changed(course):
    _, _, mine, before = course
    assert {p.name: p.read_bytes() for p in mine.iterdir()} == before


def test_a_learner_who_has_not_started(course, tmp_path, capsys):
    practice = course[2].parent / "practice"
    page = tmp_path / "progress.html"
    assert progress.main([str(tmp_path / "my-practice"), "--practice", str(practice),
                          "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        f"You have no practice copies in {tmp_path / 'my-practice'}/ yet: `make practice` makes them.",
        "0 of 15 exercises done"]
    assert "0 of 15 exercises done" in page.read_text()


def test_the_page_shows_the_same_rows(course):
    rows, notes, _, _ = course
    text = progress.page(rows, notes)
    assert "3 of 15 exercises done" in text
    assert text.count("<tr class=") == len(rows)
    assert ('<tr class="wrong"><td>01_solved</td><td>add 1, 2 and 3 into total</td><td>'
            "<strong>wrong</strong>: total should be 6, got 3: did range stop too early?</td></tr>"
            ) in text
    assert "06_my_copy.ipynb is not one of the practice notebooks" in text


# --- from runs to statuses, without a kernel ------------------------------------------------

def test_exercises_are_found_with_their_checker_cells():
    twin, _ = make_practice.practice_notebook(solution())
    found = progress.exercises_of(twin, "01_x")
    assert [(e.label, e.cell_id, e.checker_id) for e in found] == [
        ("double", "double", "check-double"), ("square", "square", "check-square"),
        ("add 1, 2 and 3 into total", "total", "check-total")]


def rows_for(runs, nb=None):
    twin, _ = make_practice.practice_notebook(solution())
    nb = nb or twin
    return [r.text() for r in progress.statuses(progress.exercises_of(twin, "01_x"), nb, runs)]


def test_an_error_in_the_learners_own_cell_is_wrong_with_the_error():
    runs = [CellRun(2), CellRun(3), CellRun(4), CellRun(6, ("TypeError", "bad operand\nmore"))]
    assert rows_for(runs) == ["done", "wrong: cell 7 `def square(x):`: TypeError: bad operand",
                              "not reached: square above is wrong"]


def test_a_stub_in_the_cell_itself_and_a_timeout():
    runs = [CellRun(2), CellRun(3), CellRun(4), CellRun(6), CellRun(7), CellRun(8, (
        "NotImplementedError", "add 1, 2 and 3 into total"))]
    assert rows_for(runs)[2] == "not written yet"
    runs[2].error = ("Timeout", "still running after 60 s (an endless loop?)")
    assert rows_for(runs[:3]) == [
        "wrong: cell 5 `check_function(\"double\", double, lamb...`: Timeout: still running "
        "after 60 s (an endless loop?)",
        "not reached: double above is wrong", "not reached: double above is wrong"]


def test_a_deleted_exercise_cell_is_found_by_its_exercise_line_or_named():
    twin, _ = make_practice.practice_notebook(solution())
    mine = nbformat.from_dict(twin)
    mine.cells[3].id = "renumbered"  # the exercise cell keeps its "# Exercise:" line
    del mine.cells[6]                # the square cell is gone
    runs = [CellRun(i) for i in range(2, len(mine.cells))]
    assert rows_for(runs, mine) == ["done", "not reached: its cell is not in your copy (deleted?)",
                                    "done"]
