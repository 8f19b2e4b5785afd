"""course_utils.environment (the version report of 00_setup) and
course_utils.tensorflow_setup."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip vendors the same parser
    from pip._vendor import tomli as tomllib

from course_utils.environment import (
    REQUIREMENTS,
    check_environment,
    environment_verdict,
    format_environment_report,
    version_tuple,
)
from course_utils.tensorflow_setup import devices_sentence, set_tensorflow_environment

ROOT = Path(__file__).resolve().parent.parent

GOOD = {
    "numpy": "2.4.0",
    "pandas": "3.1.1",
    "matplotlib": "3.11.2",
    "tensorflow-cpu": "2.21.0",
    "keras": "3.15.1",
    "jupyterlab": "4.6.6",
    "ipykernel": "7.4.0",
    "deep-learning-fundamentals": "0.1.0",
}


def fake(**changes):
    """check_environment() on a machine with GOOD versions, changed as given
    (package=None: not installed)."""
    versions = dict(GOOD)
    versions.update({name.replace("_", "-"): version for name, version in changes.items()})
    python = versions.pop("python", "3.11.7")
    return check_environment(version_of=versions.get, python_version=python)


def row(rows, package):
    (found,) = [r for r in rows if r.package == package]
    return found


def test_a_good_environment_passes_with_a_stable_verdict():
    rows = fake()
    assert all(r.ok and r.advice == "" for r in rows)
    assert environment_verdict(rows) == "All 9 requirements are met."
    assert row(rows, "tensorflow").found == "2.21.0"  # read from tensorflow-cpu


def test_this_environment_passes():
    """The venv that runs the tests is the one the notebooks run in."""
    rows = check_environment()
    assert [r.package for r in rows if not r.ok] == []


@pytest.mark.parametrize(
    ("changes", "package", "advice"),
    [
        ({"numpy": None}, "numpy", "numpy is not installed: run `make install`"),
        ({"numpy": "1.26.4"}, "numpy", "numpy 1.26.4 is NumPy 1; the course needs NumPy 2.0"),
        ({"numpy": "3.0.0"}, "numpy", "numpy 3.0.0 is newer than the course was tested with"),
        ({"pandas": "2.1.0"}, "pandas", "pandas 2.1.0 is older than 2.2: run `make install`"),
        ({"tensorflow_cpu": "1.15.5"}, "tensorflow", "you have TF1-era tensorflow (1.15.5)"),
        ({"tensorflow_cpu": None, "tensorflow": "2.15.0"}, "tensorflow", "older than 2.20"),
        ({"tensorflow_cpu": None}, "tensorflow", "tensorflow is not installed"),
        ({"tensorflow": "2.21.0"}, "tensorflow", "both tensorflow and tensorflow-cpu are"),
        ({"keras": "2.15.0"}, "keras", "keras 2.15.0 is Keras 2"),
        ({"python": "3.9.18"}, "Python", "Python 3.9.18 is too old"),
        ({"python": "3.14.0"}, "Python", "Python 3.14.0 is newer than TensorFlow supports"),
        ({"ipykernel": None}, "ipykernel", 'or `pip install -e ".[dev]"` there'),
    ],
)
def test_each_problem_gets_advice_that_says_what_to_do(changes, package, advice):
    rows = fake(**changes)
    problem = row(rows, package)
    assert not problem.ok
    assert advice in problem.advice
    assert [r.package for r in rows if not r.ok] == [package]
    assert environment_verdict(rows) == (
        f"1 of 9 requirements are not met ({package}): see the advice above."
    )
    report = format_environment_report(rows)
    assert "What to do:" in report and f"- {package}: {problem.advice}" in report


def test_a_plain_tensorflow_alone_is_fine():
    """macOS and Linux aarch64 get plain tensorflow, as does a GPU user."""
    rows = fake(tensorflow_cpu=None, tensorflow="2.20.0")
    assert row(rows, "tensorflow").ok


def test_course_utils_must_be_importable():
    rows = check_environment(version_of=GOOD.get, python_version="3.11.7",
                             module_found=lambda name: name != "course_utils")
    assert not row(rows, "course_utils").ok
    assert "cannot import course_utils" in row(rows, "course_utils").advice


def test_the_report_is_a_table_without_advice_when_all_is_well():
    lines = format_environment_report(fake()).splitlines()
    assert lines[0].split() == ["package", "required", "found", "ok"]
    assert lines[2].split() == ["numpy", ">=2.0,<3", "2.4.0", "yes"]
    assert len(lines) == 10 and "What to do:" not in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.21.0", (2, 21, 0)), ("2.0.0rc1", (2, 0, 0)), ("3.15", (3, 15)),
     ("1.26.4+cpu", (1, 26, 4))],
)
def test_version_tuple(text, expected):
    assert version_tuple(text) == expected


def test_the_bounds_are_those_of_pyproject():
    """One source of truth: a changed bound in pyproject.toml must reach the report."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {}
    for requirement in project["dependencies"]:
        spec = requirement.split(";")[0].strip()
        name = spec.split(">")[0].split("<")[0].split("=")[0].strip().lower()
        declared[name.removesuffix("-cpu")] = spec[len(name):].replace(" ", "")
    python_spec = project["requires-python"].replace(" ", "")
    for package, minimum, too_new in REQUIREMENTS:
        if package == "course_utils":
            continue
        spec = python_spec if package == "Python" else declared[package]
        assert f">={minimum}" in spec.split(","), (package, spec)
        upper_bounds = [part for part in spec.split(",") if part.startswith("<")]
        if too_new and (package != "Python" or upper_bounds):
            assert upper_bounds == [f"<{too_new}"], (package, spec)


def test_logging_variables_are_set_only_when_the_user_has_not():
    environ = {"TF_CPP_MIN_LOG_LEVEL": "0", "KERAS_BACKEND": "jax"}
    changed = set_tensorflow_environment(environ)
    assert environ == {
        "TF_CPP_MIN_LOG_LEVEL": "0",  # the user's choice stays
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "KERAS_BACKEND": "tensorflow",  # the course needs this one
    }
    assert set(changed) == {"TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND"}


@pytest.mark.parametrize(
    ("gpus", "expected"),
    [
        ([], "TensorFlow 2.21 sees no GPU: this notebook runs on the CPU."),
        (["/physical_device:GPU:0"],
         "TensorFlow 2.21 sees 1 GPU (/physical_device:GPU:0): Keras trains on it."),
        (["a", "b"],
         "TensorFlow 2.21 sees 2 GPUs (a, b): "
         "Keras trains on the first one unless told otherwise."),
    ],
)
def test_devices_sentence(gpus, expected):
    assert devices_sentence("2.21.0", gpus) == expected


# One fresh Python for every check that needs TensorFlow's first import in a
# process (its log lines appear once per process): importing it costs ~8 s here.
# Each part writes a marker to stderr, so that a stray line names its part.
FRESH_TENSORFLOW_SCRIPT = """
import os, sys
from course_utils.tensorflow_setup import describe_devices, setup_tensorflow

print("== setup_tensorflow", file=sys.stderr)

def fit_once():
    tf, keras = setup_tensorflow(seed=7)
    x = keras.random.normal((8, 3), seed=7)  # small: the test is about seeding, not training
    y = tf.cast(tf.reduce_sum(x, axis=1, keepdims=True) > 0, "float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    return [w.tolist() for w in model.get_weights()]

first, second = fit_once(), fit_once()
print("identical:", first == second)
print("backend:", os.environ["KERAS_BACKEND"], os.environ["TF_ENABLE_ONEDNN_OPTS"])
print(describe_devices())

# Passing NumPy arrays to Keras's fit/predict makes TensorFlow 2.21 print a C++
# log line into the notebook; course_utils.keras_models must route around it.
print("== keras_models", file=sys.stderr)
import numpy as np
from course_utils.keras_models import ClassifierView, fit_full_batch, mlp
X = np.random.default_rng(0).standard_normal((50, 2)); y = (X[:, 0] > 0).astype(int)
model = mlp(2, 2)
fit_full_batch(model, None, X, y, n_steps=100, validation_data=(X, y))
ClassifierView(model).predict(X)
print("keras_models: done")
"""


@pytest.fixture(scope="module")
def fresh_tensorflow():
    """The script's (stdout lines, {part: what it wrote on stderr}) in a fresh Python,
    as in a notebook's kernel, without the variables setup_tensorflow sets."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND")}
    result = subprocess.run([sys.executable, "-c", FRESH_TENSORFLOW_SCRIPT], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    parts = {}
    for chunk in result.stderr.split("== ")[1:]:
        name, _, text = chunk.partition("\n")
        parts[name] = text
    assert result.stderr.startswith("== setup_tensorflow"), result.stderr
    return result.stdout.splitlines(), parts


def test_setup_tensorflow_is_silent_and_deterministic(fresh_tensorflow):
    """TensorFlow's import prints nothing on stderr, and the same seed trains the
    same weights twice."""
    lines, stderr = fresh_tensorflow
    assert stderr["setup_tensorflow"] == ""
    assert lines[:2] == ["identical: True", "backend: tensorflow 0"]
    assert lines[2].startswith("TensorFlow 2.")


def test_nothing_reaches_stderr_from_keras_fit_and_predict(fresh_tensorflow):
    lines, stderr = fresh_tensorflow
    assert lines[-1] == "keras_models: done"
    assert stderr["keras_models"] == ""
