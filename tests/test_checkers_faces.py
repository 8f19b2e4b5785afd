"""Notebook 16's checkers: right answers pass, stubs and typical slips are named."""

import numpy as np
import pytest

from checker_helpers import failure, problems
from course_utils.checkers.faces import (check_balanced_indices, check_per_class_accuracy,
                                         check_row_to_image)


def stub(*args):
    raise NotImplementedError("write it")


def test_row_to_image_passes(capsys):
    check_row_to_image(lambda text: np.array(text.split(), dtype=int).reshape(48, 48))
    assert "row_to_image: all" in capsys.readouterr().out


@pytest.mark.parametrize("answer, hint", [
    (lambda text: np.array(text.split(), dtype=int).reshape(48, 48).T, "rows and columns are swapped"),
    (lambda text: np.array(text.split(), dtype=int), "reshape it to (48, 48)"),
    (lambda text: np.array(text.split(), dtype=int).reshape(48, 48) / 255, "keep the grey levels 0-255"),
    (lambda text: text.split(), "list of strings"),
    (lambda text: None, "return` missing"),
])
def test_row_to_image_names_the_slip(answer, hint):
    assert hint in failure(check_row_to_image, answer)


def test_balanced_indices_passes(capsys):
    def right(y, rng):
        largest = np.bincount(y).max()
        return np.concatenate([np.concatenate([np.flatnonzero(y == k),
                                               rng.choice(np.flatnonzero(y == k),
                                                          largest - np.sum(y == k))])
                               for k in np.unique(y)])
    check_balanced_indices(right)
    assert "balanced_indices: all" in capsys.readouterr().out


def test_balanced_indices_names_undersampling_and_labels():
    def undersample(y, rng):
        smallest = np.bincount(y).min()
        return np.concatenate([np.flatnonzero(y == k)[:smallest] for k in np.unique(y)])

    assert "undersampling" in problems(check_balanced_indices, undersample)
    assert "unchanged" in problems(check_balanced_indices, lambda y, rng: np.arange(len(y)))
    sampled_only = lambda y, rng: np.concatenate(  # noqa: E731
        [rng.choice(np.flatnonzero(y == k), np.bincount(y).max()) for k in np.unique(y)])
    assert "never used" in problems(check_balanced_indices, sampled_only)
    assert "labels instead of row indices" in problems(
        check_balanced_indices, lambda y, rng: np.repeat(np.arange(40), 1))
    assert "1-D array" in problems(check_balanced_indices, lambda y, rng: "rows")
    assert "return` missing" in problems(check_balanced_indices, lambda y, rng: None)


def test_per_class_accuracy_passes(capsys):
    def right(y, p, n_classes):
        with np.errstate(invalid="ignore"):
            return np.array([np.mean(p[y == k] == k) if np.any(y == k) else np.nan
                             for k in range(n_classes)])
    check_per_class_accuracy(right)
    assert "per_class_accuracy: all" in capsys.readouterr().out


def test_per_class_accuracy_names_precision_and_zero_for_missing():
    def precision(y, p, n_classes):
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.array([np.sum((p == k) & (y == k)) / np.sum(p == k) for k in range(n_classes)])

    def zero_for_missing(y, p, n_classes):
        return np.array([np.mean(p[y == k] == k) if np.any(y == k) else 0.0 for k in range(n_classes)])

    assert "PREDICTED" in problems(check_per_class_accuracy, precision)
    assert "NaN (0/0)" in problems(check_per_class_accuracy, zero_for_missing)
    assert "shape (4,)" in problems(check_per_class_accuracy, lambda y, p, n: 0.5)
    assert "return` missing" in problems(check_per_class_accuracy, lambda y, p, n: None)


@pytest.mark.parametrize("check", [check_row_to_image, check_balanced_indices, check_per_class_accuracy])
def test_a_stub_is_not_written_yet(check):
    message = failure(check, stub)
    assert "is not written yet: write it" in message
