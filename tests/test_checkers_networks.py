"""The checkers of notebooks 08-11 pass right answers and name the typical mistakes."""

import warnings

import numpy as np
import pytest

from checker_helpers import failure as problems
from course_utils.checkers import ExerciseError
from course_utils.checkers.networks import (check_backprop, check_features, check_forward,
                                            check_n_parameters, check_recall_precision,
                                            reference_gradients)
from course_utils.gradcheck import numerical_gradient, rel_error
from course_utils.math import categorical_cross_entropy, one_hot_targets, relu, softmax



# --- check_forward -------------------------------------------------------------

def stable_softmax(A, axis=1):
    A = A - A.max(axis=axis, keepdims=True)
    return np.exp(A) / np.exp(A).sum(axis=axis, keepdims=True)


def right_forward(X, W1, b1, W2, b2):
    return stable_softmax(np.tanh(X @ W1 + b1) @ W2 + b2)


def test_forward_passes_a_right_answer(capsys):
    assert check_forward(right_forward) is None
    assert capsys.readouterr().out == "forward: all 5 checks passed.\n"


@pytest.mark.parametrize("answer, hint", [
    (lambda X, W1, b1, W2, b2: stable_softmax(1 / (1 + np.exp(-(X @ W1 + b1))) @ W2 + b2),
     "your hidden layer uses sigmoid; this exercise asks for tanh"),
    (lambda X, W1, b1, W2, b2: stable_softmax(relu(X @ W1 + b1) @ W2 + b2),
     "uses relu"),
    (lambda X, W1, b1, W2, b2: stable_softmax((X @ W1 + b1) @ W2 + b2),
     "your hidden layer has no activation"),
    (lambda X, W1, b1, W2, b2: stable_softmax(np.tanh(X @ W1) @ W2 + b2),
     "b1 is missing"),
    (lambda X, W1, b1, W2, b2: stable_softmax(np.tanh(X @ W1 + b1) @ W2),
     "b2 is missing"),
    (lambda X, W1, b1, W2, b2: np.tanh(X @ W1 + b1) @ W2 + b2,
     "did you apply softmax"),
    (lambda X, W1, b1, W2, b2: stable_softmax(np.tanh(X @ W1 + b1) @ W2 + b2, axis=0),
     "yours sum to 1 down the columns; normalise over axis=1"),
    (lambda X, W1, b1, W2, b2: right_forward(X, W1, b1, W2, b2).T,
     "the transpose of (N, K) = (6, 5)"),
    (lambda X, W1, b1, W2, b2: right_forward(X, W1, b1, W2, b2).squeeze(),
     "forward of a single sample X[:1] (keep it 2-D: do not squeeze) should have shape (1, 5)"),
    (lambda X, W1, b1, W2, b2: np.exp(np.tanh(X @ W1 + b1) @ W2 + b2)
     / np.exp(np.tanh(X @ W1 + b1) @ W2 + b2).sum(axis=1, keepdims=True),
     "exp overflows; subtract each row's maximum"),
    (lambda X, W1, b1, W2, b2: right_forward(X, W1, b1, W2, b2) @ np.ones((3, 3)),
     "raised ValueError"),
])
def test_forward_names_the_mistake(answer, hint):
    assert hint in problems(check_forward, answer)


def test_forward_notices_inputs_changed_in_place():
    def in_place(X, W1, b1, W2, b2):
        X += 0  # harmless here, but a learner's += on an input changes the caller's array
        W1 *= 1.0
        b1[:] = b1 + 1e-3
        return right_forward(X, W1, b1, W2, b2)

    assert "changed its inputs (X or a weight) in place" in problems(check_forward, in_place)


def test_forward_hints_without_numpy_warnings():
    def naive(X, W1, b1, W2, b2):
        A = np.tanh(X @ W1 + b1) @ W2 + b2
        return np.exp(A) / np.exp(A).sum(axis=1, keepdims=True)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the overflow the checker provokes stays silent
        with pytest.raises(ExerciseError, match="exp overflows"):
            check_forward(naive)


# --- check_n_parameters --------------------------------------------------------

def test_n_parameters_passes(capsys):
    def n_parameters(sizes):
        return sum(m * k + k for m, k in zip(sizes[:-1], sizes[1:], strict=True))

    check_n_parameters(n_parameters)
    assert capsys.readouterr().out == "n_parameters: all 8 checks passed.\n"


@pytest.mark.parametrize("answer, hint", [
    (lambda s: sum(m * k for m, k in zip(s[:-1], s[1:], strict=True)),
     "n_parameters((2, 3, 3)) = 15 counts the weights only"),
    (lambda s: sum(m * k for m, k in zip(s[:-1], s[1:], strict=True)) + sum(s),
     "n_parameters((2, 3, 3)) = 23 gives the input units a bias too"),
    (lambda s: sum(s), "n_parameters((2, 3, 3)) = 8 counts units, not parameters"),
    (lambda s: s[0] * s[1] + s[1] + s[-2] * s[-1] + s[-1],
     "n_parameters((2, 4, 5, 3)) should be 55, got 30"),
    (lambda s: 21.5, "should be a whole number; got 21.5"),
])
def test_n_parameters_names_the_mistake(answer, hint):
    assert hint in problems(check_n_parameters, answer)


# --- check_backprop ------------------------------------------------------------

def relu_gradients(X, T, W1, b1, W2, b2):
    H = np.maximum(X @ W1 + b1, 0)
    delta2 = (softmax(H @ W2 + b2) - T) / len(X)
    delta1 = (delta2 @ W2.T) * (H > 0)
    return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)


def test_reference_gradients_match_numerical_ones():
    rng = np.random.default_rng(0)
    X, T = rng.standard_normal((5, 3)), one_hot_targets(np.array([0, 1, 2, 1, 0]))
    params = [rng.standard_normal(s) for s in ((3, 4), (4,), (4, 3), (3,))]
    for name in ("sigmoid", "tanh", "relu"):
        analytic = reference_gradients(X, T, *params, name)

        def cost(name=name):
            from course_utils.math import activation
            H = activation(name)[0](X @ params[0] + params[1])
            return categorical_cross_entropy(T, softmax(H @ params[2] + params[3]))

        for grad, param in zip(analytic, params, strict=True):
            assert rel_error(grad, numerical_gradient(cost, param)) < 1e-7


def test_backprop_passes_a_right_answer(capsys):
    check_backprop(relu_gradients, "relu")
    assert capsys.readouterr().out == "backprop (relu): all 8 checks passed.\n"


def test_backprop_with_keepdims_biases_passes(capsys):
    def keepdims(*args):
        dW1, db1, dW2, db2 = relu_gradients(*args)
        return dW1, db1[None, :], dW2, db2[None, :]

    check_backprop(keepdims)
    assert "all 8 checks passed" in capsys.readouterr().out


def _changed(transform):
    def answer(*args):
        return transform(relu_gradients(*args))
    return answer


@pytest.mark.parametrize("answer, hint", [
    (_changed(lambda g: tuple(-x for x in g)),
     "dW1 has the wrong sign: the cost's gradient uses P - T"),
    (_changed(lambda g: tuple(7 * x for x in g)), "dW2 is N = 7 times too large"),
    (_changed(lambda g: (g[0], g[1], g[2] / 7, g[3])), "dW2 is N = 7 times too small"),
    (_changed(lambda g: (g[0].T, g[1], g[2], g[3])),
     "dW1 has shape (4, 3), the transpose of (3, 4)"),
    (_changed(lambda g: g[:3]), "return the four gradients as a tuple (dW1, db1, dW2, db2)"),
    (_changed(lambda g: (g[0], g[1], g[2], g[3].sum())), "db2 should have shape (3,), got ()"),
])
def test_backprop_names_the_mistake(answer, hint):
    assert hint in problems(check_backprop, answer)


def test_backprop_spots_the_wrong_activation_slope():
    def tanh_slope_for_relu(X, T, W1, b1, W2, b2):
        H = np.maximum(X @ W1 + b1, 0)
        delta2 = (softmax(H @ W2 + b2) - T) / len(X)
        delta1 = (delta2 @ W2.T) * (1 - H ** 2)
        return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)

    message = problems(check_backprop, tanh_slope_for_relu)
    assert "dW1 is wrong while the output layer's gradients are right" in message
    assert "relu'(H) = 1 where H > 0, else 0" in message
    assert "db1 is wrong" in message


def test_backprop_says_when_it_is_not_vectorised():
    def with_loop(X, T, W1, b1, W2, b2):
        dW1, db1, dW2, _ = relu_gradients(X, T, W1, b1, W2, b2)
        delta2 = (softmax(np.maximum(X @ W1 + b1, 0) @ W2 + b2) - T) / len(X)
        db2 = np.zeros(T.shape[1])
        for n in range(len(X)):
            db2 += delta2[n]
        return dW1, db1, dW2, db2

    message = problems(check_backprop, with_loop)
    assert "not vectorised: it has a Python loop on line 5" in message
    assert message.startswith("backprop (relu): 1 of 9 checks failed")


def test_backprop_for_tanh():
    def tanh_gradients(X, T, W1, b1, W2, b2):
        H = np.tanh(X @ W1 + b1)
        delta2 = (softmax(H @ W2 + b2) - T) / len(X)
        delta1 = (delta2 @ W2.T) * (1 - H ** 2)
        return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)

    def relu_slope_for_tanh(X, T, W1, b1, W2, b2):
        H = np.tanh(X @ W1 + b1)
        delta2 = (softmax(H @ W2 + b2) - T) / len(X)
        delta1 = (delta2 @ W2.T) * (H > 0)
        return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)

    check_backprop(tanh_gradients, "tanh")
    assert "tanh'(H) = 1 - H**2" in problems(check_backprop, relu_slope_for_tanh, "tanh")


# --- check_features ------------------------------------------------------------

def test_features_pass_for_the_right_features(capsys):
    check_features(lambda X: np.column_stack([X, X[:, 0] * X[:, 1]]), "xor")
    check_features(lambda X: np.column_stack([X, np.hypot(X[:, 0], X[:, 1])]), "donut")
    assert capsys.readouterr().out == ("xor features: all 8 checks passed.\n"
                                       "donut features: all 8 checks passed.\n")


def test_features_that_do_not_separate_get_the_hint():
    message = problems(check_features, lambda X: X.copy(), "donut")
    assert "logistic regression on your features reaches only" in message
    assert "add the radius" in message


def test_features_must_be_2d():
    message = problems(check_features, lambda X: X[:, 0] * X[:, 1], "xor")
    assert "features returned shape (200,), one number per sample" in message


def test_features_must_not_change_x():
    def in_place(X):
        X[:, 1] *= X[:, 0]
        return X

    assert "changed X in place" in problems(check_features, in_place, "xor")


def test_features_reject_an_unknown_data_set():
    with pytest.raises(ValueError, match="dataset must be one of"):
        check_features(lambda X: X, "spirals")


# --- check_recall_precision ----------------------------------------------------

def right_metrics(C):
    return np.diag(C) / C.sum(axis=1), np.diag(C) / C.sum(axis=0)


def test_recall_precision_passes(capsys):
    check_recall_precision(right_metrics)
    assert capsys.readouterr().out == "recall_precision: all 4 checks passed.\n"


@pytest.mark.parametrize("answer, hint", [
    (lambda C: right_metrics(C)[::-1], "recall and precision are swapped"),
    (lambda C: (np.full(4, np.trace(C) / C.sum()), right_metrics(C)[1]),
     "your recall is the overall accuracy for every class"),
    (lambda C: (np.diag(C), right_metrics(C)[1]),
     "your recall is the count of correct predictions"),
    (lambda C: (right_metrics(C)[0], np.diag(C) / C.sum()),
     "precision should be [0.8065"),
    (lambda C: right_metrics(C)[0], "return two arrays, (recall, precision)"),
])
def test_recall_precision_names_the_mistake(answer, hint):
    assert hint in problems(check_recall_precision, answer)
