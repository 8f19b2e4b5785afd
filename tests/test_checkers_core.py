"""The checker machinery every exercise uses, and the notebook setup."""

import matplotlib as mpl
import numpy as np
import pytest

from course_utils.checkers import Checker, ExerciseError, call_safely, same_shape
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
