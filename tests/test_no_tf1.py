"""No TensorFlow 1 API in the course's code: learners copy what they see.

The original course's TensorFlow code builds a graph of tf.placeholder inputs and
runs it in a tf.Session; TensorFlow 2 removed both (AttributeError: module
'tensorflow' has no attribute 'placeholder'). The course must never show them as
code again.

The rule:
- Scanned: every .py file of course_utils/, tools/, tests/ (except this file, whose
  samples contain the API on purpose) and benchmarks/, and the code cells of
  notebooks/*.ipynb.
- Forbidden in code and in comments: the TF1-only names below (TF1_ONLY_NAMES, as
  attributes of tf or tensorflow, or imported from tensorflow) and the compat.v1
  shim, which keeps them alive for migrating old code, not for writing new code.
  A commented-out TF1 line is still code a learner can copy.
- Allowed: text that explains the old way. Markdown cells (notebook 12 shows the
  TF1 code as Markdown and says why it fails) and string literals (messages such
  as "sessions and `tf.placeholder` are gone", or hasattr(tf, "placeholder")).
  Cell outputs are not code and are not scanned.
"""

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED_FOLDERS = ("course_utils", "tools", "tests", "benchmarks")

# Names TensorFlow 1 had at the top level and TensorFlow 2 removed (a test below
# checks that each really is gone, so the list cannot forbid a valid TF2 call).
TF1_ONLY_NAMES = ("placeholder", "Session", "InteractiveSession", "global_variables_initializer",
                  "random_normal", "get_variable", "variable_scope", "contrib")
# tf.train kept only checkpoints and a few helpers: its optimizers and Saver moved.
TF1_ONLY_TRAIN = ("GradientDescentOptimizer", "AdamOptimizer", "MomentumOptimizer",
                  "RMSPropOptimizer", "AdagradOptimizer", "Saver")

_NAMES = "|".join(TF1_ONLY_NAMES)
TF1_PATTERN = re.compile(
    rf"\b(?:tf|tensorflow)\s*\.\s*(?:{_NAMES})\b"                      # tf.placeholder(...)
    rf"|\b(?:tf|tensorflow)\s*\.\s*train\s*\.\s*(?:{'|'.join(TF1_ONLY_TRAIN)})\b"
    r"|\bcompat\s*\.\s*v1\b|\bcompat\s+import\s+(?:[^\n]*,\s*)?v1\b"    # tf.compat.v1, from ... import v1
    rf"|\bfrom\s+tensorflow\b[\w.]*\s+import\b[^\n]*\b(?:{_NAMES})\b"  # from tensorflow import Session
)


def blank_strings(source):
    """source with the inside of every string literal replaced by spaces.

    Line and column numbers stay the same. Code that does not tokenize (an
    IPython magic, a syntax error) is returned as it is: scanned strictly.
    """
    lines = source.splitlines(keepends=True)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return source
    string_types = {tokenize.STRING}
    string_types |= {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}  # Python >= 3.12
    for token in tokens:
        if token.type not in string_types:
            continue
        (row, col), (end_row, end_col) = token.start, token.end
        for r in range(row, end_row + 1):
            line = lines[r - 1]
            start = col if r == row else 0
            stop = end_col if r == end_row else len(line.rstrip("\r\n"))
            lines[r - 1] = line[:start] + re.sub(r"\S", " ", line[start:stop]) + line[stop:]
    return "".join(lines)


def tf1_uses(source):
    """[(line number, line)] of every TF1-only use in Python source (comments included)."""
    scanned = blank_strings(source)
    found = []
    for number, (line, original) in enumerate(zip(scanned.splitlines(), source.splitlines()), 1):
        if TF1_PATTERN.search(line):
            found.append((number, original.strip()))
    return found


def notebook_tf1_uses(notebook_text):
    """[(cell index, line number, line)] of TF1-only uses in a notebook's code cells."""
    found = []
    for index, cell in enumerate(json.loads(notebook_text)["cells"]):
        if cell["cell_type"] != "code":
            continue  # Markdown may show and explain the old way
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        found += [(index, number, line) for number, line in tf1_uses(source)]
    return found


# --- the scanner works --------------------------------------------------------------

@pytest.mark.parametrize("code", [
    "tfX = tf.placeholder(tf.float32, [None, D])",
    "sess = tf.Session()",
    "with tensorflow.Session() as sess:",
    "sess = tf.InteractiveSession()",
    "init = tf.global_variables_initializer()",
    "W = tf.Variable(tf.random_normal([D, M], stddev=0.01))",
    "train_op = tf.train.GradientDescentOptimizer(0.05).minimize(cost)",
    "import tensorflow.compat.v1 as tf",
    "tf.compat.v1.disable_eager_execution()",
    "from tensorflow.compat import v1 as tf",
    "from tensorflow import Session, constant",
    "x = tf . placeholder(tf.float32)",
    "    # sess = tf.Session()   (a commented-out line is still code to copy)",
    "saver = tf.train.Saver()",
])
def test_scanner_finds_tf1_code(code):
    assert tf1_uses(f"import numpy as np\n{code}\n") == [(2, code.strip())]


@pytest.mark.parametrize("code", [
    "x = tf.Variable(tf.random.normal([2, 3]))",
    "optimizer = keras.optimizers.SGD(0.5)",
    "checkpoint = tf.train.Checkpoint(model=model)",
    "text = widgets.Text(placeholder='units per layer')",
    "check_session_row(session_row)",
    "sessions = events.groupby('session')",
    'print(hasattr(tf, "placeholder"), hasattr(tf, "Session"))',
    'raise ImportError("sessions and `tf.placeholder` are gone from TensorFlow 2")',
    '"""Docstring: the old tf.Session() way, explained."""',
    'message = (\n    "use tf.function instead of "\n    "tf.Session().run"\n)',
    'print(f"tf.{name} is gone")',
    "my_compat = v1",
])
def test_scanner_allows_tf2_code_and_text_about_tf1(code):
    assert tf1_uses(code) == []


def test_scanner_reports_the_line_of_a_use_after_a_multiline_string():
    source = 'doc = """\ntf.Session() in a string\n"""\nsess = tf.Session()\n'
    assert tf1_uses(source) == [(4, "sess = tf.Session()")]


def test_code_that_does_not_tokenize_is_scanned_as_text():
    assert tf1_uses("%time sess = tf.Session(\n") == [(1, "%time sess = tf.Session(")]


def test_notebook_scan_skips_markdown_but_not_code_cells():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": ["```python\n", "sess = tf.Session()\n", "```"]},
        {"cell_type": "code", "source": "x = tf.constant(1.0)\n", "outputs": []},
        {"cell_type": "code", "source": ["y = 2\n", "tfX = tf.placeholder(tf.float32)"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "tf.Session()"}]},
    ]}
    assert notebook_tf1_uses(json.dumps(notebook)) == [(2, 2, "tfX = tf.placeholder(tf.float32)")]


def test_every_forbidden_name_is_really_gone_from_tensorflow_2():
    from course_utils.tensorflow_setup import setup_tensorflow

    tf, _ = setup_tensorflow(seed=0)
    still_there = [name for name in TF1_ONLY_NAMES if hasattr(tf, name)]
    still_there += [f"train.{name}" for name in TF1_ONLY_TRAIN if hasattr(tf.train, name)]
    assert still_there == []
    assert hasattr(tf.compat, "v1")  # the shim exists; the course chooses not to use it


# --- the project is clean -----------------------------------------------------------

def project_python_files():
    this_file = Path(__file__).resolve()
    files = [path for folder in SCANNED_FOLDERS for path in sorted((ROOT / folder).rglob("*.py"))
             if path.resolve() != this_file]
    return files


def test_the_scan_covers_the_project():
    names = {path.relative_to(ROOT).as_posix() for path in project_python_files()}
    assert {"course_utils/models.py", "course_utils/keras_models.py", "tools/run_course.py",
            "tests/test_keras_models.py"} <= names
    assert "tests/test_no_tf1.py" not in names
    assert len(sorted((ROOT / "notebooks").glob("*.ipynb"))) >= 10


@pytest.mark.parametrize("path", project_python_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_tf1_in_python_files(path):
    assert tf1_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_no_tf1_in_notebook_code_cells(path):
    assert notebook_tf1_uses(path.read_text(encoding="utf-8")) == []
