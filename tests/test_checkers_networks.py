"""The checkers of notebooks 08-11 pass right answers and name the typical mistakes."""

import warnings

import numpy as np
import pytest

from checker_helpers import failure as problems
from course_utils.checkers import ExerciseError, NotWrittenYet
from course_utils.checkers.networks import (check_backprop, check_backward_deep,
                                            check_derivatives, check_features, check_forward,
                                            check_forward_layers, check_n_parameters,
                                            check_recall_precision, check_train_network,
                                            reference_gradients)
from course_utils.data import load_ecommerce, prepare_ecommerce
from course_utils.gradcheck import numerical_gradient, rel_error
from course_utils.math import categorical_cross_entropy, one_hot_targets, relu, sigmoid, softmax

GARBAGE = [None, "P", 3.0, [[1, 2], [3]], {"a": 1}]


def stub(*args, **kwargs):
    raise NotImplementedError("write it")


def garbage_answer(value):
    def answer(*args, **kwargs):
        return value
    return answer


def assert_not_written(check, *args):
    with pytest.raises(NotWrittenYet, match="is not written yet: write it"):
        check(stub, *args)


def assert_no_traceback_on_garbage(check, *args):
    """Garbage answers end in an ExerciseError with hints, never another exception."""
    for value in GARBAGE:
        with pytest.raises(ExerciseError):
            check(garbage_answer(value), *args)

# --- check_forward -------------------------------------------------------------

def stable_softmax(A, axis=1):
    A = A - A.max(axis=axis, keepdims=True)
    return np.exp(A) / np.exp(A).sum(axis=axis, keepdims=True)


def right_forward(X, W1, b1, W2, b2):
    return stable_softmax(np.tanh(X @ W1 + b1) @ W2 + b2)


def test_forward_passes_a_right_answer(capsys):
    assert check_forward(right_forward) is None
    assert capsys.readouterr().out == "forward: all 6 checks passed.\n"


def test_forward_for_the_sigmoid_network_of_notebook_08(capsys):
    def sigmoid_forward(X, W1, b1, W2, b2):
        return softmax(sigmoid(X @ W1 + b1) @ W2 + b2)

    check_forward(sigmoid_forward, "sigmoid")
    assert capsys.readouterr().out == "forward: all 6 checks passed.\n"
    assert "your hidden layer uses tanh; this exercise asks for sigmoid" in problems(
        check_forward, right_forward, "sigmoid")


def test_forward_stub_and_garbage():
    assert_not_written(check_forward)
    assert_no_traceback_on_garbage(check_forward)
    with pytest.raises(ValueError, match="activation_name must be one of"):
        check_forward(right_forward, "softplus")


def test_forward_with_a_loop_over_samples_is_not_vectorised():
    def one_row_at_a_time(X, W1, b1, W2, b2):
        return np.array([right_forward(x[None, :], W1, b1, W2, b2)[0] for x in X])

    assert "not vectorised: one_row_at_a_time ran" in problems(check_forward, one_row_at_a_time)


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
    (lambda X, W1, b1, W2, b2: stable_softmax(np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2)),
     "you applied tanh to the output logits too"),
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


def test_n_parameters_stub_and_garbage():
    assert_not_written(check_n_parameters)
    assert_no_traceback_on_garbage(check_n_parameters)


# --- check_forward_layers -----------------------------------------------------------

def right_layers(X, W, b, f):
    H = X
    for W_l, b_l in zip(W[:-1], b[:-1], strict=True):
        H = f(H @ W_l + b_l)
    return stable_softmax(H @ W[-1] + b[-1])


def test_forward_layers_passes_a_right_answer(capsys):
    check_forward_layers(right_layers)
    assert capsys.readouterr().out == "forward_layers: all 12 checks passed.\n"


def _last_hidden(X, W, b, f):
    H = X
    for W_l, b_l in zip(W[:-1], b[:-1], strict=True):
        H = f(H @ W_l + b_l)
    return H


@pytest.mark.parametrize("answer, hint", [
    (lambda X, W, b, f: stable_softmax(f(_last_hidden(X, W, b, f) @ W[-1] + b[-1])),
     "you applied the activation to the output logits too"),
    (lambda X, W, b, f: right_layers(X, W, b, lambda z: z),
     "your hidden layers have no activation"),
    (lambda X, W, b, f: right_layers(X, W, [0 * v for v in b], f), "the biases are missing"),
    (lambda X, W, b, f: stable_softmax(_last_hidden(X, W, b, f) @ W[-1] + b[-1], axis=0),
     "take the softmax over axis=1"),
    (_last_hidden, "returned the last hidden layer: the output layer"),
    (lambda X, W, b, f: _last_hidden(X, W, b, f) @ W[-1] + b[-1],
     "each row of P should sum to 1: end with the softmax"),
    (lambda X, W, b, f: right_layers(X, W[:1] + W[-1:], b[:1] + b[-1:], f),
     "raised ValueError"),
])
def test_forward_layers_names_the_mistake(answer, hint):
    assert hint in problems(check_forward_layers, answer)


def test_forward_layers_notices_a_weight_changed_in_place():
    def in_place(X, W, b, f):
        W[0] *= 2
        return right_layers(X, W, b, f)

    assert "changed X or a weight in place" in problems(check_forward_layers, in_place)


def test_forward_layers_stub_and_garbage():
    assert_not_written(check_forward_layers)
    assert_no_traceback_on_garbage(check_forward_layers)


# --- check_derivatives ----------------------------------------------------------

def sigmoid_d(h):
    return h * (1 - h)


def tanh_d(h):
    return 1 - h ** 2


def relu_d(h):
    return (h > 0).astype(float)


def test_derivatives_pass(capsys):
    check_derivatives(sigmoid_d, tanh_d, relu_d)
    assert capsys.readouterr().out == "activation derivatives: all 9 checks passed.\n"


@pytest.mark.parametrize("which, answer, hint", [
    (0, lambda h: sigmoid(h) * (1 - sigmoid(h)), "applies sigmoid to h again"),
    (0, lambda h: 1 - h, "returns 1 - h: the slope is h * (1 - h)"),
    (1, lambda h: 1 - np.tanh(h) ** 2, "applies tanh to h again"),
    (1, lambda h: 1 - h, "returns 1 - h: the slope is 1 - h**2 (square h)"),
    (1, lambda h: h ** 2 - 1, "has the sign flipped"),
    (2, lambda h: h, "returns h itself"),
    (2, lambda h: (h >= 0).astype(float), "use h > 0, not h >= 0"),
    (2, lambda h: h.ravel() > 0, "should have shape (2, 4), got (8,)"),
])
def test_derivatives_name_the_mistake(which, answer, hint):
    functions = [sigmoid_d, tanh_d, relu_d]
    functions[which] = answer
    assert hint in problems(lambda f: check_derivatives(*f), functions)


def test_derivatives_notice_h_changed_in_place():
    def in_place(h):
        h *= 1 - h
        return h

    assert "changed its input h in place" in problems(
        lambda f: check_derivatives(*f), [in_place, tanh_d, relu_d])


def test_derivatives_stub_and_garbage():
    with pytest.raises(NotWrittenYet, match="activation derivatives is not written yet"):
        check_derivatives(sigmoid_d, stub, relu_d)
    for value in GARBAGE:
        with pytest.raises(ExerciseError):
            check_derivatives(garbage_answer(value), tanh_d, relu_d)


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
    assert capsys.readouterr().out == "backprop (relu): all 9 checks passed.\n"


def test_backprop_for_the_sigmoid_network_of_notebook_09(capsys):
    def sigmoid_gradients(X, T, W1, b1, W2, b2):
        H = sigmoid(X @ W1 + b1)
        delta2 = (softmax(H @ W2 + b2) - T) / len(X)
        delta1 = (delta2 @ W2.T) * H * (1 - H)
        return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)

    check_backprop(sigmoid_gradients, "sigmoid")
    assert capsys.readouterr().out == "backprop (sigmoid): all 9 checks passed.\n"
    def no_slope(X, T, W1, b1, W2, b2):
        H = sigmoid(X @ W1 + b1)
        delta2 = (softmax(H @ W2 + b2) - T) / len(X)
        delta1 = delta2 @ W2.T
        return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)

    assert "sigmoid'(H) = H * (1 - H)" in problems(check_backprop, no_slope, "sigmoid")


def test_backprop_stub_and_garbage():
    assert_not_written(check_backprop)
    assert_no_traceback_on_garbage(check_backprop)
    for value in GARBAGE:  # four garbage gradients
        with pytest.raises(ExerciseError):
            check_backprop(garbage_answer((value,) * 4))


def test_backprop_with_keepdims_biases_passes(capsys):
    def keepdims(*args):
        dW1, db1, dW2, db2 = relu_gradients(*args)
        return dW1, db1[None, :], dW2, db2[None, :]

    check_backprop(keepdims)
    assert "all 9 checks passed" in capsys.readouterr().out


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
    assert "not vectorised: with_loop ran" in message
    assert "`db2 += delta2[n]`" in message
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


# --- check_backward_deep -------------------------------------------------------

def right_backward(H, P, T, W, df, sign=1.0, mean=True, slope=True):
    dW, db = [None] * len(W), [None] * len(W)
    delta = sign * (P - T) / (len(T) if mean else 1)
    for layer in reversed(range(len(W))):
        dW[layer] = H[layer].T @ delta
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ W[layer].T) * (df(H[layer]) if slope else 1)
    return dW, db


def test_backward_deep_passes(capsys):
    check_backward_deep(right_backward)
    out = capsys.readouterr().out
    assert out.startswith("backward_deep: all ") and out.endswith(" checks passed.\n")


@pytest.mark.parametrize("answer, hint", [
    (lambda *a: right_backward(*a, sign=-1.0), "the sign is flipped"),
    (lambda *a: right_backward(*a, mean=False), "every gradient is N = 6 times too large"),
    (lambda *a: right_backward(*a, slope=False), "the activation's slope is missing"),
    (lambda *a: tuple(g[::-1] for g in right_backward(*a)), "dW[0] on layer sizes (3, 4, 3)"),
    (lambda *a: tuple(g[:1] for g in right_backward(*a)), "should hold 2 arrays each"),
    (lambda *a: right_backward(*a)[0][0], "should return two lists, (dW, db)"),
])
def test_backward_deep_names_the_mistake(answer, hint):
    assert hint in problems(check_backward_deep, answer)


def test_backward_deep_points_at_the_wrong_layer():
    def wrong_first_layer(H, P, T, W, df):
        dW, db = right_backward(H, P, T, W, df)
        dW[0] = 2 * dW[0]
        return dW, db

    assert "dW[0] wrong: per layer, from the last" in problems(check_backward_deep,
                                                               wrong_first_layer)


def test_backward_deep_stub_and_garbage():
    assert_not_written(check_backward_deep)
    assert_no_traceback_on_garbage(check_backward_deep)
    for value in GARBAGE:
        with pytest.raises(ExerciseError):
            check_backward_deep(garbage_answer(([value] * 2, [value] * 2)))


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


@pytest.mark.parametrize("dataset, column, hint", [
    ("xor", lambda X: X[:, 0] + X[:, 1], "your last column is x1 + x2 is a sum"),
    ("xor", lambda X: X[:, 0] ** 2, "your last column is x1**2 is a square of one input"),
    ("donut", lambda X: X[:, 0] * X[:, 1], "your last column is x1 * x2 is the XOR feature"),
])
def test_features_name_the_wrong_column(dataset, column, hint):
    def features(X):
        return np.column_stack([X, column(X)])

    assert hint in problems(check_features, features, dataset)


def test_features_named_after_the_function(capsys):
    def with_product(X):
        return np.column_stack([X, X[:, 0] * X[:, 1]])

    check_features(with_product, "xor")
    assert capsys.readouterr().out == "with_product on xor: all 8 checks passed.\n"


def test_features_stub_and_garbage():
    assert_not_written(check_features, "xor")
    assert_no_traceback_on_garbage(check_features, "donut")
    with pytest.raises(ExerciseError, match="should return one row per sample"):
        check_features(lambda X: np.zeros((len(X), 0)), "xor")


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


def test_recall_precision_stub_and_garbage():
    assert_not_written(check_recall_precision)
    assert_no_traceback_on_garbage(check_recall_precision)
    for value in GARBAGE:
        with pytest.raises(ExerciseError):
            check_recall_precision(garbage_answer((value, value)))


# --- check_train_network ----------------------------------------------------------

@pytest.fixture(scope="module")
def ecommerce_split():
    data = prepare_ecommerce(load_ecommerce())
    order = np.random.default_rng(0).permutation(len(data.X_train))
    X, y = data.X_train[order], data.y_train[order]
    return X[100:], y[100:], X[:100], y[:100]


def make_trainer(sign=1.0, init=1.0, keep_updates=True):
    def train_network(X, T, n_hidden, learning_rate, n_steps, seed=0):
        rng = np.random.default_rng(seed)
        D, K = X.shape[1], T.shape[1]
        W1 = init * rng.standard_normal((D, n_hidden)) / np.sqrt(D)
        b1, b2 = np.zeros(n_hidden), np.zeros(K)
        W2 = init * rng.standard_normal((n_hidden, K)) / np.sqrt(n_hidden)
        start = [W1, b1, W2, b2]
        costs = []
        for _ in range(n_steps):
            H = np.tanh(X @ W1 + b1)
            P = softmax(H @ W2 + b2)
            costs.append(categorical_cross_entropy(T, P))
            delta2 = sign * (P - T) / len(X)
            delta1 = (delta2 @ W2.T) * (1 - H ** 2)
            W1, b1 = W1 - learning_rate * X.T @ delta1, b1 - learning_rate * delta1.sum(axis=0)
            W2, b2 = W2 - learning_rate * H.T @ delta2, b2 - learning_rate * delta2.sum(axis=0)
        return (tuple([W1, b1, W2, b2]) if keep_updates else tuple(start)), costs
    return train_network


def test_train_network_passes(ecommerce_split, capsys):
    check_train_network(make_trainer(), *ecommerce_split)
    out = capsys.readouterr().out
    assert out.startswith("train_network: all ") and out.endswith(" checks passed.\n")


@pytest.mark.parametrize("answer, hint", [
    (make_trainer(sign=-1.0), "the cost rises"),
    (make_trainer(init=0.0), "every hidden unit has the same weights"),
    (make_trainer(keep_updates=False), "the weights you return do not match the last cost"),
])
def test_train_network_names_the_slip(ecommerce_split, answer, hint):
    assert hint in problems(check_train_network, answer, *ecommerce_split)


def test_train_network_needs_softmax_regressions_accuracy(ecommerce_split):
    def too_short(X, T, n_hidden, learning_rate, n_steps, seed=0):
        return make_trainer()(X, T, n_hidden, 0.01, n_steps, seed)

    assert "softmax regression's" in problems(check_train_network, too_short, *ecommerce_split)


def test_train_network_stub_and_garbage(ecommerce_split):
    assert_not_written(check_train_network, *ecommerce_split)
    assert_no_traceback_on_garbage(check_train_network, *ecommerce_split)
    with pytest.raises(ExerciseError, match="W1 .* should have shape"):
        check_train_network(garbage_answer(((1, 2, 3, 4), [1.0])), *ecommerce_split)
