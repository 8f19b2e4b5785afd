"""No TensorFlow 1 API in the course's code or notebooks: learners copy what they see.

The rule lives in pyproject.toml ([tool.ruff.lint.flake8-tidy-imports.banned-api],
ruff's TID251), so `make lint` enforces it on every .py file and notebook code cell.
Here: the rule is switched on and catches the original course's TF1 calls, and the
course itself is clean. Markdown cells and strings may still explain the old way.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TF1_CODE = """\
import tensorflow as tf
from tensorflow.compat import v1

tfX = tf.placeholder(tf.float32, [None, 2])
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
train_op = tf.train.GradientDescentOptimizer(0.05)
"""
TF2_CODE = """\
import tensorflow as tf

W = tf.Variable(tf.random.normal([2, 3]))
checkpoint = tf.train.Checkpoint(W=W)
print("tf.Session is gone:", not hasattr(tf, "Session"))
"""


def ruff(*paths):
    """ruff's TID251 findings on paths, with the project's configuration: (exit code, output)."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
         "--select", "TID251", "--output-format", "concise", *map(str, paths)],
        capture_output=True, text=True, cwd=ROOT, check=False)
    return done.returncode, done.stdout


def notebook(code):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "The old way: `tf.Session()`."},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": code}]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_ruff_flags_tensorflow_1_calls_in_code_and_notebooks_and_passes_tensorflow_2(tmp_path):
    (tmp_path / "old.py").write_text(TF1_CODE)
    (tmp_path / "old.ipynb").write_text(notebook(TF1_CODE))
    (tmp_path / "new.py").write_text(TF2_CODE)
    (tmp_path / "new.ipynb").write_text(notebook(TF2_CODE))

    status, report = ruff(tmp_path / "old.py", tmp_path / "old.ipynb")
    assert status == 1
    for name in ("compat.v1", "placeholder", "Session", "global_variables_initializer",
                 "train.GradientDescentOptimizer"):
        assert report.count(f"`tensorflow.{name}` is banned") == 2, (name, report)

    assert ruff(tmp_path / "new.py", tmp_path / "new.ipynb") == (0, "All checks passed!\n")


def test_the_course_has_no_tensorflow_1_calls():
    status, report = ruff(ROOT / "course_utils", ROOT / "tools", ROOT / "tests", ROOT / "notebooks")
    assert status == 0, report
