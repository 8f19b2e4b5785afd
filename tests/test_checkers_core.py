"""The checker machinery every exercise uses, and the notebook setup."""

import json

import matplotlib as mpl
import numpy as np
import pytest

from course_utils.checkers import (
    RESULTS_ENV,
    Checker,
    ExerciseError,
    NotWrittenYet,
    call_learner,
    call_safely,
    count_python_lines,
    expect_vectorised,
    same_shape,
)
from course_utils.notebook import setup


def test_checker_passes_and_counts(capsys):
    check = Checker("softmax")
    check.expect(True, "unused")
    check.expect(1 + 1 == 2, "unused")
    check.done()
    assert capsys.readouterr().out == "softmax: all 2 checks passed.\n"


def test_checker_lists_every_problem():
    check = Checker("softmax")
    check.expect(False, "your softmax rows do not sum to 1")
    check.expect(True, "unused")
    check.expect(False, "the output should have shape (3, 4)")
    with pytest.raises(ExerciseError) as info:
        check.done()
    assert str(info.value) == (
        "softmax: 2 of 3 checks failed:\n"
        "  - your softmax rows do not sum to 1\n"
        "  - the output should have shape (3, 4)")


def test_call_safely_turns_an_exception_into_a_problem():
    def my_sigmoid(z):
        return 1 / (1 + np.exp(-z)) @ np.ones((2, 2))  # shapes (3,) and (2, 2) do not match

    check = Checker("sigmoid")
    assert call_safely(check, my_sigmoid, np.zeros(3)) is None
    assert len(check.problems) == 1
    assert check.problems[0].startswith("my_sigmoid(array(3,)) raised ValueError: matmul")


def test_same_shape_hint():
    check = Checker("predict")
    same_shape(check, np.zeros(5), np.zeros((5, 1)), "your predictions")
    assert check.problems == ["your predictions should have shape (5, 1), got (5,)"]


def test_setup_seeds_and_styles():
    a, b = setup(seed=3), setup(seed=3)
    assert a.random() == b.random()
    assert np.get_printoptions()["precision"] == 4
    assert mpl.rcParams["figure.dpi"] == 80


# --- the stub of a practice notebook -------------------------------------------------

def _stub(z):
    # YOUR CODE HERE
    raise NotImplementedError("return 1 / (1 + e^-z), elementwise")


def test_a_stub_ends_the_check_with_not_written_yet():
    check = Checker("sigmoid")
    with pytest.raises(NotWrittenYet) as info:
        call_safely(check, _stub, np.zeros(3))
    assert str(info.value) == "sigmoid is not written yet: return 1 / (1 + e^-z), elementwise"
    # an ExerciseError for the checkers, a NotImplementedError like the stub itself
    assert isinstance(info.value, ExerciseError)
    assert isinstance(info.value, NotImplementedError)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_stub_without_a_message():
    def answer():
        raise NotImplementedError

    with pytest.raises(NotWrittenYet, match=r"^answer is not written yet$"):
        call_safely(Checker("answer"), answer)


def test_a_stub_called_by_the_learners_other_function_is_named():
    def predict(X):
        return _stub(X) > 0.5

    with pytest.raises(NotWrittenYet, match="predict is not written yet: return 1 / "):
        call_learner(Checker("predict"), predict, np.zeros(3))


def test_a_libraries_not_implemented_error_is_a_problem_not_a_stub():
    # A NotImplementedError raised inside an installed library (here the standard
    # library's) is a real error of the learner's code: reported, not "not written".
    import numbers

    def answer(x):
        return numbers.Complex.real.fget(x)  # an abstract property: raises NotImplementedError

    check = Checker("real part")
    assert call_safely(check, answer, 1.0) is None
    assert check.problems == ["answer(1.0) raised NotImplementedError: "]


def test_exercise_errors_show_only_their_message_in_ipython():
    lines = NotWrittenYet("sigmoid is not written yet: write it")._render_traceback_()
    assert lines == ["\x1b[31mNotWrittenYet\x1b[39m: sigmoid is not written yet: write it"]
    assert ExerciseError("a\nb")._render_traceback_() == ["\x1b[31mExerciseError\x1b[39m: a\nb"]


# --- calling the learner's code on copies ----------------------------------------------

def test_call_learner_returns_the_result_and_checks_its_shape():
    check = Checker("double")
    assert np.array_equal(call_learner(check, lambda x: 2 * x, np.ones(3), shape=(3,)), 2 * np.ones(3))
    assert call_learner(check, lambda x: x.sum(), np.ones(3), shape=(3,), what="double(x)") is None
    assert call_learner(check, lambda x: None, np.ones(3), shape=(3,), what="double(x)") is None
    assert call_learner(check, lambda x: "three", np.ones(3), shape=(3,), what="double(x)") is None
    assert check.problems == [
        "double(x) should return shape (3,), got shape ()",
        "double(x) returned None: is a `return` missing?",
        "double(x) should return shape (3,), got str 'three'",
    ]


def test_call_learner_catches_changes_in_place_and_keeps_the_callers_data():
    def standardize(X):
        X -= X.mean(axis=0)
        return X

    X = np.arange(6.0).reshape(3, 2)
    before = X.copy()
    check = Checker("standardize")
    call_learner(check, standardize, X)
    assert np.array_equal(X, before)
    assert len(check.problems) == 1
    assert check.problems[0].startswith("standardize changed its first argument in place")


def test_call_learner_records_numpys_warnings_instead_of_printing_them(recwarn):
    check = Checker("log")
    result = call_learner(check, np.log, np.array([0.0, 1.0]))
    assert result[0] == -np.inf
    assert check.warnings == ["divide by zero encountered in log"]
    assert check.problems == [] and len(recwarn) == 0


def test_call_learner_on_an_exception_and_on_garbage_arguments():
    check = Checker("f")
    assert call_learner(check, lambda x: x + "a", [[1], [1, 2]]) is None
    assert check.problems == ["<lambda>(list) raised TypeError: can only concatenate list "
                              "(not \"str\") to list"]


# --- "is this vectorised?" -------------------------------------------------------------

def _vectorised(x):
    return np.exp(x).sum()


def _for_loop(x):
    total = 0.0
    for value in x:
        total += value
    return total


def _comprehension(x):
    return sum([value * 2 for value in x])


def _generator(x):
    return sum(value * 2 for value in x)


def _vectorize(x):
    return np.vectorize(lambda value: value * 2)(x)


def _loop_over_layers(x):
    for _ in range(3):  # a fixed number of layers, whatever the number of samples
        x = np.tanh(x)
    return x


@pytest.mark.parametrize("function", [_vectorised, _loop_over_layers])
def test_code_on_whole_arrays_runs_as_many_lines_for_any_size(function):
    assert count_python_lines(function, np.ones(10)) == count_python_lines(function, np.ones(60))
    check = Checker("f")
    assert expect_vectorised(check, function, lambda n: (np.ones(n),))
    assert check.problems == [] and check.n_checks == 1


@pytest.mark.parametrize("function", [_for_loop, _comprehension, _generator, _vectorize])
def test_every_kind_of_loop_over_the_samples_counts(function):
    # The one rule: a for loop, a comprehension, a generator and np.vectorize over
    # the samples all run once per sample.
    assert count_python_lines(function, np.ones(60)) - count_python_lines(function, np.ones(10)) >= 50
    check = Checker("f")
    assert not expect_vectorised(check, function, lambda n: (np.ones(n),), "total",
                                 advice="use x.sum()")
    [hint] = check.problems
    assert hint.startswith("not vectorised: total ran ")
    assert " lines of Python for 10 samples and " in hint and hint.endswith("Instead, use x.sum()")


def test_the_hint_quotes_the_line_of_the_loop():
    check = Checker("total")
    expect_vectorised(check, _for_loop, lambda n: (np.ones(n),))
    assert "(the lines run most: `for value in x:`, `total += value`)" in check.problems[0]


def test_a_function_that_raises_is_left_to_the_other_checks():
    check = Checker("f")
    assert expect_vectorised(check, _stub, lambda n: (np.ones(n),))
    assert check.n_checks == 0


def test_count_python_lines_restores_the_previous_tracer():
    import sys

    def tracer(frame, event, arg):
        return None

    sys.settrace(tracer)
    try:
        with pytest.raises(ZeroDivisionError):
            count_python_lines(lambda: 1 / 0)
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)


# --- results for the scoreboard ----------------------------------------------------------

def test_results_are_appended_as_json_lines_when_asked(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.jsonl"
    monkeypatch.setenv(RESULTS_ENV, str(results))
    passed = Checker("sigmoid")
    passed.expect(True, "unused")
    passed.done()
    wrong = Checker("softmax")
    wrong.expect(False, "rows do not sum to 1")
    wrong.expect(False, "the shape is wrong")
    with pytest.raises(ExerciseError):
        wrong.done()
    with pytest.raises(NotWrittenYet):
        call_safely(Checker("train"), _stub, 1.0)
    assert capsys.readouterr().out == "sigmoid: all 1 checks passed.\n"  # printing unchanged
    assert [json.loads(line) for line in results.read_text().splitlines()] == [
        {"exercise": "sigmoid", "status": "done", "hint": None},
        {"exercise": "softmax", "status": "wrong", "hint": "rows do not sum to 1"},
        {"exercise": "train", "status": "not_written",
         "hint": "return 1 / (1 + e^-z), elementwise"},
    ]


def test_no_results_file_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    Checker("sigmoid").done()
    assert list(tmp_path.iterdir()) == []
