"""The softmax checkers (07): right answers pass, and the typical wrong answers get the
hint that names their slip."""

import numpy as np
import pytest

from checker_helpers import failure, problems
from course_utils.checkers import NotWrittenYet
from course_utils.checkers.softmax import (check_cross_entropy, check_softmax,
                                           check_softmax_gradients, check_softmax_gradients_loops)
from course_utils.gradcheck import numerical_gradient, rel_error
from course_utils.math import categorical_cross_entropy, one_hot_targets



# --- softmax ---------------------------------------------------------------------------------------


def softmax(A):
    E = np.exp(A - A.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def test_softmax_passes_a_right_answer(capsys):
    check_softmax(softmax)
    assert "softmax: all" in capsys.readouterr().out


def test_naive_softmax_overflows_and_says_so():
    def naive(A):
        E = np.exp(A)
        return E / E.sum(axis=1, keepdims=True)

    message = problems(check_softmax, naive)
    assert "overflows to inf" in message and "Subtract each row's maximum first" in message


def test_softmax_over_the_wrong_axis():
    def columns(A):
        E = np.exp(A - A.max(axis=0, keepdims=True))
        return E / E.sum(axis=0, keepdims=True)

    assert "the COLUMNS sum to 1" in problems(check_softmax, columns)


def test_softmax_without_keepdims_is_caught_on_a_square_array():
    def no_keepdims(A):
        E = np.exp(A - A.max(axis=1, keepdims=True))
        return E / E.sum(axis=1)

    message = problems(check_softmax, no_keepdims)
    assert "keepdims=True" in message


def test_softmax_with_the_max_of_the_whole_array():
    def global_max(A):
        E = np.exp(A - A.max())
        with np.errstate(invalid="ignore"):
            return E / E.sum(axis=1, keepdims=True)

    message = problems(check_softmax, global_max)
    assert "not the largest value of the whole array" in message


def test_softmax_not_normalised_or_a_sigmoid():
    assert "that is exp(A)" in problems(check_softmax, np.exp)
    assert "that is the sigmoid" in problems(check_softmax, lambda A: 1 / (1 + np.exp(-A)))


def test_softmax_without_return_or_raising():
    def no_return(A):
        np.exp(A)

    assert "returned None: is a `return` missing?" in problems(check_softmax, no_return)

    def broken(A):
        return A / np.exp(A).sum(axis=1)

    message = problems(check_softmax, broken)
    assert "raised ValueError" in message and "keepdims=True" in message
    assert "`return dW, db`; got None" in problems(check_softmax_gradients, lambda *a: None)


def test_softmax_that_changes_its_input():
    def in_place(A):
        A -= A.max(axis=1, keepdims=True)
        E = np.exp(A)
        return E / E.sum(axis=1, keepdims=True)

    assert "changed its first argument in place" in problems(check_softmax, in_place)


def test_softmax_with_a_loop_over_rows():
    def loop(A):
        rows = []
        for a in A:
            e = np.exp(a - a.max())
            rows.append(e / e.sum())
        return np.array(rows)

    assert "not vectorised" in problems(check_softmax, loop)


# --- softmax_gradients -------------------------------------------------------------------------------


def gradients(X, T, W, b):
    P = softmax(X @ W + b)
    return X.T @ (P - T) / len(X), (P - T).sum(axis=0) / len(X)


def test_gradients_pass_a_right_answer(capsys):
    check_softmax_gradients(gradients)
    assert "softmax_gradients: all" in capsys.readouterr().out


def test_the_reference_gradient_is_the_numerical_one():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(6, 3)), np.array([0, 1, 2, 3, 1, 0])
    T, W, b = one_hot_targets(y, 4), rng.normal(size=(3, 4)), rng.normal(size=4)

    def cost():
        return categorical_cross_entropy(T, softmax(X @ W + b))

    dW, db = gradients(X, T, W, b)
    assert rel_error(dW, numerical_gradient(cost, W)) < 1e-7
    assert rel_error(db, numerical_gradient(cost, b)) < 1e-7


@pytest.mark.parametrize("answer, hint", [
    (lambda X, T, W, b: tuple(-g for g in gradients(X, T, W, b)), "the sign is flipped"),
    (lambda X, T, W, b: tuple(g * len(X) for g in gradients(X, T, W, b)),
     "N times too large: you summed over the samples"),
    (lambda X, T, W, b: (X.T @ (softmax(X @ W) - T) / len(X),
                         (softmax(X @ W) - T).sum(axis=0) / len(X)), "P ignores the bias"),
    (lambda X, T, W, b: (gradients(X, T, W, b)[0].T, gradients(X, T, W, b)[1]),
     "that is (K, D), transposed"),
    (lambda X, T, W, b: (gradients(X, T, W, b)[0], softmax(X @ W + b) - T),
     "sum (P - T) over the samples, axis=0"),
    (lambda X, T, W, b: (gradients(X, T, W, b)[0], (softmax(X @ W + b) - T).mean(axis=1)),
     "that sums over the classes, axis=1"),
    (lambda X, T, W, b: gradients(X, T, W, b)[0], "should return 2 values"),
])
def test_gradients_slips(answer, hint):
    assert hint in problems(check_softmax_gradients, answer)


def test_gradients_with_a_loop_over_samples():
    def loop(X, T, W, b):
        dW, db = np.zeros_like(W), np.zeros_like(b)
        for x, t in zip(X, T, strict=True):
            p = softmax((x @ W + b)[None, :])[0]
            dW += np.outer(x, p - t) / len(X)
            db += (p - t) / len(X)
        return dW, db

    assert "not vectorised" in problems(check_softmax_gradients, loop)


# --- stubs and garbage: every checker ----------------------------------------------------------

EXERCISES = {"softmax": "softmax", "cross_entropy": "cross_entropy",
             "gradients_loops": "softmax_gradients_loops", "gradients": "softmax_gradients"}
CHECKERS = {"softmax": check_softmax, "cross_entropy": check_cross_entropy,
            "gradients_loops": check_softmax_gradients_loops, "gradients": check_softmax_gradients}


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_a_stub_is_not_written_yet(name):
    def answer(*args):
        raise NotImplementedError("write it")

    answer.__name__ = name
    with pytest.raises(NotWrittenYet) as info:
        CHECKERS[name](answer)
    assert str(info.value) == f"{EXERCISES[name]} is not written yet: write it"


@pytest.mark.parametrize("name", sorted(CHECKERS))
@pytest.mark.parametrize("garbage", [None, "a string", np.zeros((2, 7, 3)), (1, 2, 3), 42,
                                     np.full((5, 4), np.nan)])
def test_garbage_is_reported_not_raised(name, garbage):
    failure(CHECKERS[name], lambda *args: garbage)


# --- cross_entropy -------------------------------------------------------------------------------


def cross_entropy(T, P):
    return float(-np.sum(np.log(P[T == 1])) / len(T))


def test_cross_entropy_passes_right_answers(capsys):
    check_cross_entropy(cross_entropy)
    check_cross_entropy(lambda T, P: -np.mean(np.sum(T * np.log(np.clip(P, 1e-15, 1)), axis=1)))
    check_cross_entropy(categorical_cross_entropy)
    assert capsys.readouterr().out.count("cross_entropy: all") == 3


@pytest.mark.parametrize("answer, hint", [
    (lambda T, P: -np.sum(np.log(P[T == 1])), "N times too large: you summed over the samples"),
    (lambda T, P: np.sum(np.log(P[T == 1])) / len(T), "the sign is flipped"),
    (lambda T, P: -np.mean(T * np.log(np.clip(P, 1e-15, 1))), "K times too small"),
    (lambda T, P: -np.mean(np.sum(T * np.log(P) + (1 - T) * np.log(1 - P), axis=1)),
     "the BINARY cross-entropy"),
    (lambda T, P: -np.mean(np.sum(np.log(P), axis=1)), "multiply by T"),
    (lambda T, P: -np.mean(np.log10(P[T == 1])), "log base 10"),
    (lambda T, P: -np.log(P[T == 1]), "one per sample"),
])
def test_cross_entropy_names_the_slip(answer, hint):
    assert hint in problems(check_cross_entropy, answer)


def test_cross_entropy_that_is_nan_on_a_zero_probability():
    def naive(T, P):
        return -np.mean(np.sum(T * np.log(P), axis=1))

    message = problems(check_cross_entropy, naive)
    assert "0 * log(0) = 0 * -inf = nan" in message and "P[T == 1]" in message
    assert "1 of 2 checks failed" in failure(check_cross_entropy, naive)


# --- softmax_gradients_loops ---------------------------------------------------------------------


def gradients_loops(X, T, W, b):
    N, K = T.shape
    dW, db = np.zeros(W.shape), np.zeros(b.shape)
    for n in range(N):
        p = softmax(X[n:n + 1] @ W + b)[0]
        for k in range(K):
            dW[:, k] += (p[k] - T[n, k]) * X[n] / N
            db[k] += (p[k] - T[n, k]) / N
    return dW, db


def test_gradients_loops_pass_and_equal_the_vectorised_ones(capsys):
    check_softmax_gradients_loops(gradients_loops)
    assert "softmax_gradients_loops: all" in capsys.readouterr().out
    rng = np.random.default_rng(3)
    X, T = rng.normal(size=(9, 5)), one_hot_targets(rng.integers(0, 3, 9), 3)
    W, b = rng.normal(size=(5, 3)), rng.normal(size=3)
    assert all(np.allclose(a, v) for a, v in zip(gradients_loops(X, T, W, b),
                                                 gradients(X, T, W, b), strict=True))


def test_gradients_loops_are_not_asked_to_be_vectorised(capsys):
    check_softmax_gradients_loops(gradients_loops)
    assert "not vectorised" not in capsys.readouterr().out


@pytest.mark.parametrize("answer, hint", [
    (lambda X, T, W, b: tuple(-g for g in gradients_loops(X, T, W, b)), "the sign is flipped"),
    (lambda X, T, W, b: tuple(g * len(X) for g in gradients_loops(X, T, W, b)),
     "N times too large"),
    (lambda X, T, W, b: gradients_loops(X, T, W, np.zeros_like(b)), "P ignores the bias"),
    (lambda X, T, W, b: (gradients_loops(X, T, W, b)[0].T, gradients_loops(X, T, W, b)[1]),
     "transposed"),
])
def test_gradients_loops_name_the_slip(answer, hint):
    assert hint in problems(check_softmax_gradients_loops, answer)


def test_gradients_with_the_sigmoid_derivative_factor():
    def extra_factor(X, T, W, b):
        P = softmax(X @ W + b)
        return X.T @ ((P - T) * P * (1 - P)) / len(X), (P - T).sum(axis=0) / len(X)

    assert "an extra factor P (1 - P)" in problems(check_softmax_gradients, extra_factor)
