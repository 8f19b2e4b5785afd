"""The math functions: correct values, finite on extreme inputs, and their properties."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils.math import (
    activation,
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_from_logits,
    classification_rate,
    confusion_matrix,
    one_hot_targets,
    sigmoid,
    softmax,
)

finite_floats = st.floats(-1e4, 1e4, allow_nan=False)
logit_matrices = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=finite_floats)


def test_sigmoid_known_values():
    np.testing.assert_allclose(sigmoid(np.array([0.0, np.log(3)])), [0.5, 0.75])


def test_sigmoid_finite_and_exact_at_extremes():
    with np.errstate(over="raise", invalid="raise"):  # an overflow would be an error
        s = sigmoid(np.array([-1e4, -800.0, 800.0, 1e4]))
    assert np.all(np.isfinite(s))
    np.testing.assert_array_equal(s, [0.0, 0.0, 1.0, 1.0])


def test_sigmoid_keeps_float32():
    assert sigmoid(np.zeros(3, dtype=np.float32)).dtype == np.float32


@given(arrays(np.float64, st.integers(1, 20), elements=finite_floats))
def test_sigmoid_in_unit_interval_and_symmetric(z):
    s = sigmoid(z)
    assert np.all((s >= 0) & (s <= 1))
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-12)


@given(logit_matrices)
def test_softmax_rows_are_distributions(A):
    with np.errstate(over="raise", invalid="raise"):
        P = softmax(A)
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)


@given(logit_matrices, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(A, c):
    np.testing.assert_allclose(softmax(A + c), softmax(A), atol=1e-9)


def test_softmax_with_two_classes_is_the_sigmoid():
    z = np.linspace(-20, 20, 41)
    P = softmax(np.column_stack([np.zeros_like(z), z]))
    np.testing.assert_allclose(P[:, 1], sigmoid(z))


def test_softmax_extreme_logits():
    P = softmax(np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]]))
    np.testing.assert_allclose(P, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])


def test_binary_cross_entropy_value():
    # -(log 0.8 + log 0.6) / 2
    assert binary_cross_entropy([1, 0], [0.8, 0.4]) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)


def test_binary_cross_entropy_finite_on_exact_zero_and_one():
    wrong = binary_cross_entropy([1, 0], [0.0, 1.0])  # confidently wrong: large but finite
    right = binary_cross_entropy([1, 0], [1.0, 0.0])
    assert np.isfinite(wrong) and wrong > 20
    assert right == pytest.approx(0.0, abs=1e-11)


def test_cross_entropy_from_logits_matches_and_stays_exact():
    t = np.array([1.0, 0.0, 1.0, 0.0])
    z = np.array([2.0, -1.0, -3.0, 0.5])
    assert binary_cross_entropy_from_logits(t, z) == pytest.approx(binary_cross_entropy(t, sigmoid(z)))
    # sigma(-1e4) rounds to 0, but the exact cost for t=1 is 1e4: the logit form keeps it.
    assert binary_cross_entropy_from_logits([1.0], [-1e4]) == pytest.approx(1e4)


def test_categorical_cross_entropy_accepts_labels_or_one_hot():
    Y = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert categorical_cross_entropy([0, 2], Y) == pytest.approx(expected)
    assert categorical_cross_entropy(one_hot_targets([0, 2], 3), Y) == pytest.approx(expected)


def test_categorical_cross_entropy_extremes():
    A = np.array([[1e4, -1e4], [-1e4, 1e4]])
    assert categorical_cross_entropy_from_logits([1, 0], A) == pytest.approx(2e4)
    assert np.isfinite(categorical_cross_entropy([1, 0], softmax(A)))
    assert categorical_cross_entropy_from_logits([0, 1], A) == pytest.approx(0.0)


def test_shape_mismatch_names_both_arguments():
    with pytest.raises(ValueError, match=r"t and y must have the same shape; got \(2,\) and \(3,\)"):
        binary_cross_entropy([0, 1], [0.5, 0.5, 0.5])


@given(st.lists(st.integers(0, 6), min_size=1, max_size=30))
def test_one_hot_round_trip(labels):
    T = one_hot_targets(np.array(labels))
    assert T.shape == (len(labels), max(labels) + 1)
    np.testing.assert_array_equal(T.sum(axis=1), 1)
    np.testing.assert_array_equal(T.argmax(axis=1), labels)


def test_one_hot_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"label 3 at position 1 does not fit 3 labels \(valid: 0 to 2\)"):
        one_hot_targets(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="labels must be >= 0; got -1 at position 2"):
        one_hot_targets(np.array([0, 1, -1]))
    with pytest.raises(ValueError,
                       match="labels must be whole numbers 0, 1, ..., K-1; got 0.5 at position 0"):
        one_hot_targets(np.array([0.5, 1.0]))


def test_classification_rate_and_confusion_matrix():
    y, p = np.array([0, 1, 2, 2]), np.array([0, 2, 2, 2])
    assert classification_rate(y, p) == 0.75
    np.testing.assert_array_equal(confusion_matrix(y, p), [[1, 0, 0], [0, 0, 1], [0, 0, 2]])
    assert np.trace(confusion_matrix(y, p)) / len(y) == classification_rate(y, p)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_derivatives_from_output(name):
    f, df = activation(name)
    z = np.array([-1.5, -0.3, 0.4, 2.0])
    h = 1e-6
    np.testing.assert_allclose(df(f(z)), (f(z + h) - f(z - h)) / (2 * h), rtol=1e-5)


def test_unknown_activation_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"one of \['relu', 'sigmoid', 'tanh'\]; got 'softplus'"):
        activation("softplus")


# --- arguments checked at the boundary ----------------------------------------------------------

@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: sigmoid(None), TypeError, r"z must be an array of numbers; got None"),
    (lambda: sigmoid(["a"]), TypeError, r"z must be an array of numbers; got an array of strings"),
    (lambda: softmax([]), ValueError, r"a is empty \(shape \(0,\)\)"),
    (lambda: softmax(np.zeros((0, 3))), ValueError, r"a is empty"),
    (lambda: softmax(3.0), ValueError, r"a must be an array of logits"),
    (lambda: binary_cross_entropy([], []), ValueError, r"t is empty"),
    (lambda: categorical_cross_entropy(np.zeros((0, 3)), np.zeros((0, 3))), ValueError, r"Y is empty"),
    (lambda: categorical_cross_entropy([0, 1], [0.5, 0.5]), ValueError, r"Y must be 2-D, \(N, K\)"),
    (lambda: categorical_cross_entropy_from_logits([], np.zeros((0, 2))), ValueError, r"A is empty"),
    (lambda: confusion_matrix([0, -1], [0, 1]), ValueError, r"y has a negative label \(-1\)"),
    (lambda: confusion_matrix([0, 1], [0, 3], n_classes=2), ValueError,
     r"p has label 3 at position 1, but n_classes=2 \(labels 0 to 1\)"),
    (lambda: confusion_matrix([0, 1], ["a", "b"]), TypeError, r"p must hold integer class labels"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_confusion_matrix_counts_only_valid_labels():
    C = confusion_matrix(np.array([0, 1, 1, 2]), [0, 2, 1, 2], n_classes=np.int64(4))
    assert C.shape == (4, 4) and C.sum() == 4 and C[1, 2] == 1
