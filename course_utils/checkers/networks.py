"""Checkers for the exercises of notebooks 08-11 (networks by hand in NumPy).

    check_forward(forward)            08: P = softmax(tanh(X W1 + b1) W2 + b2)
    check_n_parameters(n_parameters)  08: how many weights and biases a network has
    check_backprop(gradients)         09: dJ/dW1, dJ/db1, dJ/dW2, dJ/db2 of a relu network
    check_features(features, "xor")   10: a hand-made feature that makes the data separable
    check_recall_precision(metrics)   11: per-class recall and precision from a confusion matrix

Each tries the learner's function on small cases, compares the answer with
the right one and with the typical wrong ones (a missing bias, the wrong
activation, the gradient's sign or its 1/N), and says which it looks like:
it prints "<exercise>: all n checks passed." or raises ExerciseError listing
every problem. They return None, so a notebook cell ending with one shows
only that line.
"""

import ast
import inspect
import textwrap

import numpy as np

from ..datasets import make_donut, make_xor
from ..math import activation, one_hot_targets, softmax
from ..models import LogisticRegression
from . import Checker, call_safely, same_shape


# --- 08: the forward pass ------------------------------------------------------

def check_forward(forward):
    """forward(X, W1, b1, W2, b2) -> P (N, K), with a tanh hidden layer and softmax output."""
    check = Checker("forward")
    rng = np.random.default_rng(8)
    X, W1, b1, W2, b2 = (rng.standard_normal(s) for s in ((6, 3), (3, 4), (4,), (4, 5), (5,)))
    args = [X, W1, b1, W2, b2]
    copies = [a.copy() for a in args]
    expected = _forward(X, W1, b1, W2, b2, "tanh")
    P = call_safely(check, forward, *args)
    if P is not None:
        P = np.asarray(P, dtype=float)
        check.expect(all(np.array_equal(a, c) for a, c in zip(args, copies, strict=True)),
                     "your forward changed its inputs (X or a weight) in place: "
                     "compute new arrays instead (e.g. H = X @ W1 + b1, not X += ...)")
        if P.shape == expected.T.shape and P.shape != expected.shape:
            check.fail(f"P has shape {P.shape}, the transpose of (N, K) = {expected.shape}: "
                       "multiply X @ W1 (samples in rows), not W1.T @ X.T")
        elif same_shape(check, P, expected, "P (one row per sample, one column per class)"):
            _compare_forward(check, P, expected, args)

    one = call_safely(check, forward, X[:1], W1, b1, W2, b2)  # a single sample is (1, D)
    if one is not None:
        same_shape(check, np.asarray(one), np.zeros((1, 5)),
                   "forward of a single sample X[:1] (keep it 2-D: do not squeeze)")

    with np.errstate(over="ignore", invalid="ignore"):  # the hint below says it better
        big = call_safely(check, forward, X, W1, b1, W2 * 500, b2)  # logits in the thousands
    if big is not None and np.shape(big) == expected.shape:  # a wrong shape is reported above
        check.expect(np.all(np.isfinite(np.asarray(big, dtype=float))),
                     "with large logits (about 1000) your P has NaN or inf: exp overflows; "
                     "subtract each row's maximum before exp (or use course_utils.math.softmax)")
    check.done()


def _forward(X, W1, b1, W2, b2, name, bias1=True, bias2=True):
    f = (lambda z: z) if name == "none" else activation(name)[0]
    H = f(X @ W1 + (b1 if bias1 else 0))
    return softmax(H @ W2 + (b2 if bias2 else 0))


def _compare_forward(check, P, expected, args):
    X, W1, b1, W2, b2 = args
    if np.allclose(P, expected):
        return check.expect(True, "")
    sums = P.sum(axis=1)
    if not np.allclose(sums, 1):
        hint = "each row of P should sum to 1 (the probabilities of the K classes)"
        if np.allclose(P.sum(axis=0), 1):
            hint += ": yours sum to 1 down the columns; normalise over axis=1, the classes"
        else:
            hint += "; did you apply softmax, dividing exp(A) by its sum over axis=1?"
        return check.fail(hint)
    variants = {
        "sigmoid": "your hidden layer uses sigmoid; this exercise asks for tanh",
        "relu": "your hidden layer uses relu; this exercise asks for tanh",
        "none": "your hidden layer has no activation: apply tanh to X @ W1 + b1 "
                "(without it two layers collapse into one linear model)",
    }
    for name, hint in variants.items():
        if np.allclose(P, _forward(X, W1, b1, W2, b2, name)):
            return check.fail(hint)
    if np.allclose(P, _forward(X, W1, b1, W2, b2, "tanh", bias1=False)):
        return check.fail("b1 is missing: the hidden layer is tanh(X @ W1 + b1)")
    if np.allclose(P, _forward(X, W1, b1, W2, b2, "tanh", bias2=False)):
        return check.fail("b2 is missing: the output logits are H @ W2 + b2")
    return check.fail("P has the right shape and its rows sum to 1, but the values are wrong: "
                      "compare each step with H = tanh(X @ W1 + b1), A = H @ W2 + b2, "
                      "P = softmax(A)")


def check_n_parameters(n_parameters):
    """n_parameters(layer_sizes) -> the number of weights and biases of a dense network."""
    check = Checker("n_parameters")
    for sizes in [(2, 3, 3), (8, 5, 4), (2, 4, 5, 3), (3, 1)]:
        got = call_safely(check, n_parameters, sizes)
        if got is None:
            continue
        weights = sum(m * k for m, k in zip(sizes[:-1], sizes[1:], strict=True))
        right = weights + sum(sizes[1:])
        if not check.expect(isinstance(got, (int, np.integer)) or float(got).is_integer(),
                            f"n_parameters({sizes}) should be a whole number; got {got!r}"):
            continue
        if got == right:
            check.expect(True, "")
        elif got == weights:
            check.fail(f"n_parameters({sizes}) = {got} counts the weights only: every unit "
                       f"after the inputs also has a bias ({sum(sizes[1:])} more)")
        elif got == weights + sum(sizes):
            check.fail(f"n_parameters({sizes}) = {got} gives the input units a bias too: only "
                       f"units that compute something (hidden and output) have one")
        elif got == sum(sizes):
            check.fail(f"n_parameters({sizes}) = {got} counts units, not parameters: each "
                       f"pair of consecutive layers of sizes m, k has m * k weights and k biases")
        else:
            check.fail(f"n_parameters({sizes}) should be {right}, got {got} "
                       f"(for (2, 3, 3): 2*3 + 3 + 3*3 + 3 = 21; does it loop over all "
                       f"consecutive pairs of layers?)")
    check.done()


# --- 09: backpropagation -----------------------------------------------------

def small_network_problem(seed, n=7, d=3, m=4, k=3):
    """A random one-hidden-layer problem to try a learner's answer on.

    Returns X (n, d), one-hot T (n, k), W1 (d, m), b1 (m,), W2 (m, k), b2 (k,).
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    T = one_hot_targets(rng.integers(0, k, n), k)
    W1, b1 = rng.standard_normal((d, m)), rng.standard_normal(m)
    W2, b2 = rng.standard_normal((m, k)), rng.standard_normal(k)
    return X, T, W1, b1, W2, b2


def check_backprop(gradients, activation_name="relu"):
    """gradients(X, T, W1, b1, W2, b2) -> (dW1, db1, dW2, db2) of the mean cross-entropy.

    The network is H = f(X W1 + b1), P = softmax(H W2 + b2) with f = activation_name,
    and J = -sum(T log P) / N. The answer must be vectorised (no Python loops).
    """
    check = Checker(f"backprop ({activation_name})")
    X, T, W1, b1, W2, b2 = small_network_problem(seed=9, n=7)
    right = reference_gradients(X, T, W1, b1, W2, b2, activation_name)
    answer = call_safely(check, gradients, X, T, W1, b1, W2, b2)
    if answer is not None:
        _compare_gradients(check, answer, right, X, T, W1, b1, W2, b2, activation_name)
    loops = _loop_lines(gradients)
    if loops:
        check.fail(f"your function is not vectorised: it has a Python loop on line "
                   f"{', '.join(map(str, loops))} of its definition; write each gradient as "
                   f"a matrix product (e.g. dW2 = H.T @ delta) and a sum over axis=0")
    check.done()


def reference_gradients(X, T, W1, b1, W2, b2, activation_name="relu"):
    """The right (dW1, db1, dW2, db2) of J = -sum(T log P) / N for one hidden layer."""
    f, df = activation(activation_name)
    H = f(X @ W1 + b1)
    P = softmax(H @ W2 + b2)
    delta2 = (P - T) / len(X)
    delta1 = (delta2 @ W2.T) * df(H)
    return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)


def _compare_gradients(check, answer, right, X, T, W1, b1, W2, b2, activation_name):
    names = ("dW1", "db1", "dW2", "db2")
    if not (isinstance(answer, (tuple, list)) and len(answer) == 4):
        return check.fail(f"return the four gradients as a tuple (dW1, db1, dW2, db2); "
                          f"got {type(answer).__name__}"
                          + (f" of length {len(answer)}" if hasattr(answer, "__len__") else ""))
    wrong = {}
    for name, got, want in zip(names, answer, right, strict=True):
        got = None if got is None else np.asarray(got, dtype=float)
        if got is not None and got.shape == want.T.shape and got.shape != want.shape:
            check.fail(f"{name} has shape {got.shape}, the transpose of {want.shape}: a gradient "
                       f"has the shape of its parameter (e.g. dW2 = H.T @ delta, not delta.T @ H)")
            continue
        if name.startswith("db") and got is not None and got.shape == (1, *want.shape):
            got = got.reshape(want.shape)  # keepdims=True is fine: it broadcasts the same
        if not same_shape(check, got, want, name):
            continue
        if np.allclose(got, want):
            check.expect(True, "")
        else:
            wrong[name] = got
    for name, got in wrong.items():
        want = right[names.index(name)]
        if np.allclose(got, -want):
            check.fail(f"{name} has the wrong sign: the cost's gradient uses P - T "
                       f"(T - P is the gradient of the log-likelihood, for gradient ascent)")
        elif np.allclose(got, want * len(X)):
            check.fail(f"{name} is N = {len(X)} times too large: the cost is a mean over the "
                       f"samples, so divide by N")
        elif np.allclose(got, want / len(X)):
            check.fail(f"{name} is N = {len(X)} times too small: divide by N only once")
        elif name in ("dW1", "db1") and "dW2" not in wrong and "db2" not in wrong:
            check.fail(f"{name} is wrong while the output layer's gradients are right: check "
                       f"the step back through the hidden layer, delta1 = (delta2 @ W2.T) * "
                       f"f'(H), with {_derivative_text(activation_name)}")
        else:
            check.fail(f"{name} is wrong: compare it with a numerical gradient "
                       f"(course_utils.gradcheck.numerical_gradient)")


def _derivative_text(name):
    return {"relu": "relu'(H) = 1 where H > 0, else 0",
            "tanh": "tanh'(H) = 1 - H**2",
            "sigmoid": "sigmoid'(H) = H * (1 - H)"}[name]


def _loop_lines(function):
    """Line numbers (within its definition) of for/while loops and comprehensions."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError):
        return []  # no source to read (a built-in, a lambda in a REPL): cannot tell
    loop_types = (ast.For, ast.While, ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)
    return sorted({node.lineno for node in ast.walk(tree) if isinstance(node, loop_types)})


# --- 10: hand-made features ----------------------------------------------------

_DATASETS = {"xor": make_xor, "donut": make_donut}
_FEATURE_HINTS = {
    "xor": "in XOR the label is 1 where x1 and x2 have the same sign: which product of "
           "the two inputs is positive exactly there?",
    "donut": "in the donut the label depends only on the distance from the centre: "
             "add the radius sqrt(x1**2 + x2**2) as a column",
}


def check_features(features, dataset):
    """features(X) -> (N, F) array on which LogisticRegression separates `dataset`.

    dataset: "xor" or "donut". The features are tried on two different samples
    of the data set (seeds 0 and 1), so they must be computed from X, not remembered.
    """
    if dataset not in _DATASETS:
        raise ValueError(f"dataset must be one of {sorted(_DATASETS)}; got {dataset!r}")
    check = Checker(f"{dataset} features")
    for seed in (0, 1):
        X, y = _DATASETS[dataset](200, seed=seed)
        original = X.copy()
        F = call_safely(check, features, X)
        if F is None:
            continue
        check.expect(np.array_equal(X, original),
                     "your function changed X in place: build a new array "
                     "(np.column_stack([X, new_column]))")
        F = np.asarray(F, dtype=float)
        if F.ndim == 1 and len(F) == len(X):
            check.fail(f"features returned shape {F.shape}, one number per sample: return a "
                       f"2-D array (N, F), e.g. np.column_stack([X, new_column])")
            continue
        if not check.expect(F.ndim == 2 and len(F) == len(X),
                            f"features should return one row per sample, shape ({len(X)}, F); "
                            f"got {F.shape}"):
            continue
        if not check.expect(np.all(np.isfinite(F)), "your features contain NaN or inf"):
            continue
        model = LogisticRegression(learning_rate=0.5, n_epochs=1000).fit(F, y)
        accuracy = model.score(F, y)
        check.expect(accuracy >= 0.95,
                     f"logistic regression on your features reaches only {accuracy:.1%} on "
                     f"{dataset} (seed {seed}); it should reach 95%: {_FEATURE_HINTS[dataset]}")
    check.done()


# --- 11: what the network gets wrong -------------------------------------------

def check_recall_precision(recall_precision):
    """recall_precision(C) -> (recall, precision), each (K,), from a confusion matrix C (K, K).

    C[i, j] counts samples of true class i predicted as class j, as in
    course_utils.math.confusion_matrix.
    """
    check = Checker("recall_precision")
    C = np.array([[50, 5, 3, 0], [10, 30, 4, 1], [2, 6, 12, 2], [0, 1, 3, 4]])
    recall = np.diag(C) / C.sum(axis=1)
    precision = np.diag(C) / C.sum(axis=0)
    answer = call_safely(check, recall_precision, C.copy())
    if answer is None:
        check.done()
        return
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        check.fail(f"return two arrays, (recall, precision); got {type(answer).__name__}")
        check.done()
        return
    got_recall, got_precision = (np.asarray(a, dtype=float) for a in answer)
    if np.allclose(got_recall, precision) and np.allclose(got_precision, recall):
        check.fail("recall and precision are swapped: recall divides the diagonal by each "
                   "ROW's total (all samples of that true class), precision by each COLUMN's "
                   "total (all samples predicted as that class)")
        check.done()
        return
    accuracy = np.trace(C) / C.sum()
    for name, got, want, axis in (("recall", got_recall, recall, "row (true class)"),
                                  ("precision", got_precision, precision,
                                   "column (predicted class)")):
        if not same_shape(check, got, want, f"{name} (one number per class)"):
            continue
        if np.allclose(got, want):
            check.expect(True, "")
        elif np.allclose(got, accuracy):
            check.fail(f"your {name} is the overall accuracy for every class: divide each "
                       f"diagonal count by its own {axis} total")
        elif np.allclose(got, np.diag(C)):
            check.fail(f"your {name} is the count of correct predictions: divide it by the "
                       f"{axis} total")
        else:
            check.fail(f"{name} should be {np.round(want, 4).tolist()}, got "
                       f"{np.round(got, 4).tolist()}: the diagonal divided by each {axis} total")
    check.done()
