"""Checkers for the exercises of notebooks 08-11 (networks by hand in NumPy).

    check_forward(forward, "sigmoid")           08: P = softmax(f(X W1 + b1) W2 + b2)
    check_forward_layers(forward_layers)        08: the same for any number of hidden layers
    check_n_parameters(n_parameters)            08: how many weights and biases a network has
    check_derivatives(sigmoid_d, tanh_d, relu_d) 09: each activation's slope from its output h
    check_backprop(gradients, "sigmoid")        09: dJ/dW1, dJ/db1, dJ/dW2, dJ/db2, one hidden layer
    check_backward_deep(backward_deep)          09: the backward recursion through any depth
    check_features(features, "xor")             10: a hand-made feature that makes the data separable
    check_train_network(train_network, ...)     11: the training loop, with your own backprop
    check_recall_precision(metrics)             11: per-class recall and precision

Each tries the learner's function on small cases, compares the answer with
the right one and with the typical wrong ones (a missing bias, the wrong
activation, the gradient's sign or its 1/N), and says which it looks like:
it prints "<exercise>: all n checks passed." or raises ExerciseError listing
every problem. They return None, so a notebook cell ending with one shows
only that line.

reference_gradients and small_network_problem are also used by the
TensorFlow checkers (notebook 12).
"""

import numpy as np

from ..baselines import ecommerce_model
from ..data import fit_standardizer, standardize
from ..datasets import make_donut, make_xor
from ..math import activation, categorical_cross_entropy, one_hot_targets, softmax
from ..models import LogisticRegression
from . import (Checker, as_array, call_safely, expect_vectorised, first_match, is_close,
               same_shape, show)

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu")


_SLOPE_OF_H = {"sigmoid": "h * (1 - h)", "tanh": "1 - h**2", "relu": "1 where h > 0, else 0"}


def _slope_text(name):
    return {"relu": "relu'(H) = 1 where H > 0, else 0",
            "tanh": "tanh'(H) = 1 - H**2",
            "sigmoid": "sigmoid'(H) = H * (1 - H)"}[name]


def _check_activation_name(name):
    if name not in ACTIVATION_NAMES:
        raise ValueError(f"activation_name must be one of {ACTIVATION_NAMES}; got {name!r}")


def _call(check, function, *args):
    """call_safely, and a function that returns nothing is a problem too. None: recorded."""
    n_problems = len(check.problems)
    result = call_safely(check, function, *args)
    if result is None and len(check.problems) == n_problems:
        name = getattr(function, "__name__", "your function")
        check.fail(f"{name} returned None: is a `return` missing?")
    return result


# --- 08: the forward pass ------------------------------------------------------

def check_forward(forward, activation_name="tanh"):
    """forward(X, W1, b1, W2, b2) -> P (N, K): one hidden layer of `activation_name`, softmax out."""
    _check_activation_name(activation_name)
    check = Checker("forward")
    rng = np.random.default_rng(8)
    X, W1, b1, W2, b2 = (rng.standard_normal(s) for s in ((6, 3), (3, 4), (4,), (4, 5), (5,)))
    args = [X, W1, b1, W2, b2]
    copies = [a.copy() for a in args]
    expected = _forward(X, W1, b1, W2, b2, activation_name)
    raw = _call(check, forward, *args)
    P = as_array(raw)
    if raw is not None and P is None:
        check.fail(f"forward should return an array P of shape {expected.shape}; got {raw!r:.60}")
    if P is not None:
        check.expect(all(np.array_equal(a, c) for a, c in zip(args, copies, strict=True)),
                     "your forward changed its inputs (X or a weight) in place: "
                     "compute new arrays instead (e.g. Z = X @ W1 + b1, not X += ...)")
        if P.shape == expected.T.shape and P.shape != expected.shape:
            check.fail(f"P has shape {P.shape}, the transpose of (N, K) = {expected.shape}: "
                       "multiply X @ W1 (samples in rows), not W1.T @ X.T")
        elif same_shape(check, P, expected, "P (one row per sample, one column per class)"):
            _compare_forward(check, P, expected, args, activation_name)

    one = as_array(call_safely(check, forward, X[:1], W1, b1, W2, b2))  # one sample is (1, D)
    if one is not None:
        same_shape(check, one, np.zeros((1, 5)),
                   "forward of a single sample X[:1] (keep it 2-D: do not squeeze)")

    with np.errstate(over="ignore", invalid="ignore"):  # the hint below says it better
        big = as_array(call_safely(check, forward, X, W1, b1, W2 * 500, b2))  # logits ~1000
    expect_vectorised(check, forward, lambda n: [np.ones((n, 3)), W1, b1, W2, b2],
                      advice="compute all samples at once with matrix products, "
                             "X @ W1 + b1, then H @ W2 + b2")
    if big is not None and big.shape == expected.shape:  # a wrong shape is reported above
        check.expect(np.all(np.isfinite(big)),
                     "with large logits (about 1000) your P has NaN or inf: exp overflows; "
                     "subtract each row's maximum before exp (or use course_utils.math.softmax)")
    check.done()


def _forward(X, W1, b1, W2, b2, name, bias1=True, bias2=True):
    f = (lambda z: z) if name == "none" else activation(name)[0]
    H = f(X @ W1 + (b1 if bias1 else 0))
    return softmax(H @ W2 + (b2 if bias2 else 0))


def _compare_forward(check, P, expected, args, name):
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
    candidates = [(_forward(X, W1, b1, W2, b2, other),
                   f"your hidden layer uses {other}; this exercise asks for {name}")
                  for other in ACTIVATION_NAMES if other != name]
    candidates += [
        (_forward(X, W1, b1, W2, b2, "none"),
         f"your hidden layer has no activation: apply {name} to X @ W1 + b1 "
         f"(without it two layers collapse into one linear model)"),
        (_forward(X, W1, b1, W2, b2, name, bias1=False),
         f"b1 is missing: the hidden layer is {name}(X @ W1 + b1)"),
        (_forward(X, W1, b1, W2, b2, name, bias2=False),
         "b2 is missing: the output logits are H @ W2 + b2"),
        (softmax(activation(name)[0](_logits(X, W1, b1, W2, b2, name))),
         f"you applied {name} to the output logits too: the output layer has only the "
         f"softmax, P = softmax(H @ W2 + b2)"),
    ]
    hint = first_match(P, candidates)
    return check.fail(hint or "P has the right shape and its rows sum to 1, but the values are "
                      f"wrong: compare each step with H = {name}(X @ W1 + b1), "
                      "A = H @ W2 + b2, P = softmax(A)")


def _logits(X, W1, b1, W2, b2, name):
    return activation(name)[0](X @ W1 + b1) @ W2 + b2


def check_forward_layers(forward_layers):
    """forward_layers(X, W, b, f) -> P (N, K) for any number of hidden layers.

    W, b: lists with one weight matrix W[l] (M_l, M_{l+1}) and one bias b[l] per layer;
    f: the hidden layers' activation, a function. Every hidden layer computes
    H = f(H_prev @ W[l] + b[l]) with H_0 = X; the output is softmax(H @ W[-1] + b[-1]).
    """
    check = Checker("forward_layers")
    rng = np.random.default_rng(81)
    cases = [((3, 4, 5), "tanh"), ((3, 4, 6, 5), "tanh"), ((2, 5, 4, 3, 3), "sigmoid"),
             ((4, 6, 6, 2), "relu")]
    for sizes, name in cases:
        X = rng.standard_normal((7, sizes[0]))
        W = [rng.standard_normal((m, k)) for m, k in zip(sizes[:-1], sizes[1:], strict=True)]
        b = [rng.standard_normal(k) for k in sizes[1:]]
        copies = [X.copy()] + [w.copy() for w in W] + [v.copy() for v in b]
        f = activation(name)[0]
        expected = _forward_layers(X, W, b, f)
        raw = _call(check, forward_layers, X, list(W), list(b), f)
        P = as_array(raw)
        what = f"forward_layers on layer sizes {sizes} ({name})"
        if raw is not None and P is None:
            check.fail(f"{what} should return an array P of shape {expected.shape}; "
                       f"got {raw!r:.60}")
            continue
        if P is None:
            continue
        check.expect(all(np.array_equal(a, c) for a, c in
                         zip([X] + W + b, copies, strict=True)),
                     f"{what} changed X or a weight in place: compute new arrays "
                     f"(H = f(H @ W[l] + b[l]), not H += ...)")
        if not same_shape(check, P, expected, f"P of {what}"):
            if P.shape == (7, sizes[-2]):
                check.fail(f"{what} returned the last hidden layer: the output layer "
                           f"softmax(H @ W[-1] + b[-1]) is missing")
            continue
        if np.allclose(P, expected):
            check.expect(True, "")
            continue
        candidates = [
            (_forward_layers(X, W, b, f, last_f=True),
             "you applied the activation to the output logits too: the last layer has only "
             "the softmax, P = softmax(H @ W[-1] + b[-1])"),
            (_forward_layers(X, W, b, lambda z: z),
             "your hidden layers have no activation: each is H = f(H @ W[l] + b[l])"),
            (_forward_layers(X, W, [np.zeros_like(v) for v in b], f),
             "the biases are missing: each layer adds its b[l]"),
            (_forward_layers(X, W, b, f, softmax_axis=0),
             "your P sums to 1 down the columns: take the softmax over axis=1, the classes"),
        ]
        hint = first_match(P, candidates)
        if hint is None and not np.allclose(P.sum(axis=1), 1):
            hint = "each row of P should sum to 1: end with the softmax over axis=1"
        check.fail(f"{what}: " + (hint or "P has the right shape but wrong values: loop over "
                                  "the hidden layers with H = f(H @ W[l] + b[l]), starting from "
                                  "H = X, then P = softmax(H @ W[-1] + b[-1])"))
    check.done()


def _forward_layers(X, W, b, f, last_f=False, softmax_axis=1):
    H = X
    for w, v in zip(W[:-1], b[:-1], strict=True):
        H = f(H @ w + v)
    A = H @ W[-1] + b[-1]
    return softmax(f(A) if last_f else A, axis=softmax_axis)


def check_n_parameters(n_parameters):
    """n_parameters(layer_sizes) -> the number of weights and biases of a dense network."""
    check = Checker("n_parameters")
    for sizes in [(2, 3, 3), (8, 5, 4), (2, 4, 5, 3), (3, 1)]:
        got = _call(check, n_parameters, sizes)
        if got is None:
            continue
        weights = sum(m * k for m, k in zip(sizes[:-1], sizes[1:], strict=True))
        right = weights + sum(sizes[1:])
        number = as_array(got)
        if not check.expect(number is not None and number.ndim == 0
                            and float(number).is_integer(),
                            f"n_parameters({sizes}) should be a whole number; got {got!r:.60}"):
            continue
        got = int(number)
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

def check_derivatives(sigmoid_derivative, tanh_derivative, relu_derivative):
    """Each function takes h = f(z), the activation's OUTPUT, and returns f'(z), element-wise."""
    check = Checker("activation derivatives")
    z = np.array([[-3.0, -1.0, -0.2, 0.0], [0.3, 1.0, 2.0, 4.0]])
    given = {"sigmoid": sigmoid_derivative, "tanh": tanh_derivative, "relu": relu_derivative}
    for name, derivative in given.items():
        f, df = activation(name)
        h = f(z)
        expected = df(h.copy())
        h_given = h.copy()
        raw = _call(check, derivative, h_given)
        got = as_array(raw)
        label = getattr(derivative, "__name__", f"{name}_derivative")
        if raw is not None and got is None:
            check.fail(f"{label}(h) should return an array of h's shape; got {raw!r:.60}")
            continue
        if got is None:
            continue
        check.expect(np.array_equal(h_given, h),
                     f"{label} changed its input h in place: return a new array "
                     f"(e.g. h * (1 - h), not h *= ...)")
        if not same_shape(check, got, expected, f"{label}(h) for h of shape {h.shape}"):
            continue
        if is_close(got, expected):
            check.expect(True, "")
            continue
        candidates = []
        if name != "relu":  # relu(relu(h)) = relu(h): that slip cannot be told apart
            candidates.append((df(f(h)), f"{label} applies {name} to h again: h is already "
                                         f"the output {name}(z), so the slope is "
                                         f"{_SLOPE_OF_H[name]}"))
        candidates += {
            "sigmoid": [(1 - h, f"{label} returns 1 - h: the slope is h * (1 - h)"),
                        (h * (1 + h), f"{label} has a sign slip: h * (1 - h), not h * (1 + h)")],
            "tanh": [(1 - h, f"{label} returns 1 - h: the slope is 1 - h**2 (square h)"),
                     (h ** 2 - 1, f"{label} has the sign flipped: 1 - h**2, not h**2 - 1"),
                     (1 - 2 * h, f"{label} returns 1 - 2h: the slope is 1 - h**2")],
            "relu": [(h, f"{label} returns h itself: the slope is 1 where h > 0, else 0"),
                     (np.ones_like(h), f"{label} is 1 everywhere: where the unit is off "
                                       f"(h = 0) the slope is 0; use h > 0, not h >= 0")],
        }[name]
        hint = first_match(got, [c for c in candidates if c[0] is not None])
        check.fail(hint or f"{label}: for h = {show(h[0])} expected {show(expected[0])}, got "
                           f"{show(got[0])}; the slope from the output h is {_SLOPE_OF_H[name]}")
    check.done()


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
    _check_activation_name(activation_name)
    check = Checker(f"backprop ({activation_name})")
    X, T, W1, b1, W2, b2 = small_network_problem(seed=9, n=7)
    right = reference_gradients(X, T, W1, b1, W2, b2, activation_name)
    answer = _call(check, gradients, X, T, W1, b1, W2, b2)
    if answer is not None:
        _compare_gradients(check, answer, right, X, T, W1, b1, W2, b2, activation_name)
    expect_vectorised(check, gradients, lambda n: small_network_problem(seed=9, n=n),
                      advice="write each gradient as a matrix product (e.g. dW2 = H.T @ delta2) "
                             "and each bias gradient as a sum over axis=0")
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
    for name, raw, want in zip(names, answer, right, strict=True):
        got = as_array(raw)
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
                       f"f'(H), with {_slope_text(activation_name)}")
        else:
            check.fail(f"{name} is wrong: compare it with a numerical gradient "
                       f"(course_utils.gradcheck.numerical_gradient)")


def check_backward_deep(backward_deep):
    """backward_deep(H, P, T, W, df) -> (dW, db): lists of every layer's gradients.

    H = [X, H_1, ..., H_{L-1}]: the input and every hidden layer's output (forward pass);
    P (N, K): the softmax output; T (N, K): one-hot targets; W: the L weight matrices;
    df: the hidden activation's slope as a function of its output h.
    dW[l] and db[l] must have the shapes of W[l] and of its bias, for J the mean cross-entropy.
    """
    check = Checker("backward_deep")
    rng = np.random.default_rng(91)
    for sizes, name in [((3, 4, 3), "tanh"), ((2, 4, 5, 3), "tanh"),
                        ((3, 5, 4, 4, 2), "sigmoid"), ((4, 6, 5, 3), "relu")]:
        n = 6
        X = rng.standard_normal((n, sizes[0]))
        T = one_hot_targets(rng.integers(0, sizes[-1], n), sizes[-1])
        W = [rng.standard_normal((m, k)) for m, k in zip(sizes[:-1], sizes[1:], strict=True)]
        b = [rng.standard_normal(k) for k in sizes[1:]]
        f, df = activation(name)
        H, P = _forward_deep(X, W, b, f)
        right = _backward_deep(H, P, T, W, df)
        answer = _call(check, backward_deep, [h.copy() for h in H], P.copy(), T.copy(),
                             [w.copy() for w in W], df)
        what = f"on layer sizes {sizes} ({name})"
        if answer is None:
            continue
        if not (isinstance(answer, (tuple, list)) and len(answer) == 2
                and all(isinstance(a, (tuple, list)) for a in answer)):
            check.fail(f"backward_deep should return two lists, (dW, db), one array per layer; "
                       f"got {type(answer).__name__} {str(answer)[:60]}")
            continue
        dW, db = answer
        if len(dW) != len(W) or len(db) != len(W):
            check.fail(f"{what}: dW and db should hold {len(W)} arrays each, one per layer; "
                       f"got {len(dW)} and {len(db)}")
            continue
        if not _deep_shapes_ok(check, dW, db, right, what):
            continue
        got = ([as_array(a) for a in dW], [as_array(a).reshape(-1) for a in db])
        if all(np.allclose(g, r) for g, r in zip(got[0] + got[1], right[0] + right[1],
                                                   strict=True)):
            check.expect(True, "")
            continue
        candidates = [
            (_backward_deep(H, P, T, W, df, sign=-1),
             "the sign is flipped: the error at the output is (P - T) / N, not (T - P) / N"),
            (_backward_deep(H, P, T, W, df, mean=False),
             f"every gradient is N = {n} times too large: the cost is a mean, start from "
             f"delta = (P - T) / N"),
            (_backward_deep(H, P, T, W, lambda h: np.ones_like(h)),
             "the activation's slope is missing: after delta @ W[l].T multiply by df(H[l])"),
        ]
        hint = first_match(got, candidates, close=_lists_close)
        if hint is None:
            bad = [f"dW[{layer}]" for layer, (g, r) in enumerate(zip(got[0], right[0],
                                                                     strict=True))
                   if not np.allclose(g, r)]
            hint = (f"{', '.join(bad)} wrong: per layer, from the last, dW[l] = H[l].T @ delta, "
                    f"db[l] = delta.sum(axis=0), then delta = (delta @ W[l].T) * df(H[l])")
        check.fail(f"{what}: {hint}")
    check.done()


def _deep_shapes_ok(check, dW, db, right, what):
    ok = True
    for kind, got, want in (("dW", dW, right[0]), ("db", db, right[1])):
        for layer, (g, w) in enumerate(zip(got, want, strict=True)):
            a = as_array(g)
            if a is not None and kind == "db" and a.shape == (1, *w.shape):
                continue  # keepdims=True is fine
            ok &= same_shape(check, a, w, f"{kind}[{layer}] {what}")
    return ok


def _lists_close(got, expected):
    return all(len(g) == len(e) and all(is_close(a, b) for a, b in zip(g, e, strict=True))
               for g, e in zip(got, expected, strict=True))


def _forward_deep(X, W, b, f):
    H = [X]
    for w, v in zip(W[:-1], b[:-1], strict=True):
        H.append(f(H[-1] @ w + v))
    return H, softmax(H[-1] @ W[-1] + b[-1])


def _backward_deep(H, P, T, W, df, sign=1, mean=True):
    dW, db = [None] * len(W), [None] * len(W)
    delta = sign * (P - T) / (len(T) if mean else 1)
    for layer in reversed(range(len(W))):
        dW[layer] = H[layer].T @ delta
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ W[layer].T) * df(H[layer])
    return dW, db


# --- 10: hand-made features ----------------------------------------------------

_DATASETS = {"xor": make_xor, "donut": make_donut}
_FEATURE_HINTS = {
    "xor": "in XOR the label is 1 where x1 and x2 have the same sign: which product of "
           "the two inputs is positive exactly there?",
    "donut": "in the donut the label depends only on the distance from the centre: "
             "add the radius sqrt(x1**2 + x2**2) as a column",
}
_WRONG_COLUMNS = {
    "xor": [(lambda x1, x2: x1 + x2, "x1 + x2 is a sum: the sign of the PRODUCT x1 * x2 "
                                     "tells the classes apart"),
            (lambda x1, x2: x1 - x2, "x1 - x2 is a difference: use the product x1 * x2"),
            (lambda x1, x2: x1 ** 2, "x1**2 is a square of one input: use the product x1 * x2"),
            (lambda x1, x2: x2 ** 2, "x2**2 is a square of one input: use the product x1 * x2"),
            (lambda x1, x2: np.abs(x1 * x2), "|x1 * x2| loses the sign, which is what tells "
                                             "the classes apart: use x1 * x2")],
    "donut": [(lambda x1, x2: x1 + x2, "x1 + x2 is not a distance from the centre: use "
                                       "sqrt(x1**2 + x2**2)"),
              (lambda x1, x2: x1 * x2, "x1 * x2 is the XOR feature: the donut needs the radius "
                                       "sqrt(x1**2 + x2**2)"),
              (lambda x1, x2: np.sqrt(np.abs(x1 + x2)), "sqrt(|x1 + x2|) is not the radius: "
                                                        "square each input first, "
                                                        "sqrt(x1**2 + x2**2)")],
}


def check_features(features, dataset):
    """features(X) -> (N, F) array on which LogisticRegression separates `dataset`
    (trained on the columns standardised, so that 200 epochs are enough).

    dataset: "xor" or "donut". The features are tried on two different samples
    of the data set (seeds 0 and 1), so they must be computed from X, not remembered.
    """
    if dataset not in _DATASETS:
        raise ValueError(f"dataset must be one of {sorted(_DATASETS)}; got {dataset!r}")
    name = getattr(features, "__name__", "features")
    name = "features" if name == "<lambda>" else name
    check = Checker(f"{dataset} features" if name == "features" else f"{name} on {dataset}")
    for seed in (0, 1):
        X, y = _DATASETS[dataset](200, seed=seed)
        original = X.copy()
        raw = _call(check, features, X)
        if raw is None:
            continue
        check.expect(np.array_equal(X, original),
                     "your function changed X in place: build a new array "
                     "(np.column_stack([X, new_column]))")
        F = as_array(raw)
        if F is None:
            check.fail(f"{name} should return a numeric array (N, F); got {raw!r:.60}")
            continue
        if F.ndim == 1 and len(F) == len(X):
            check.fail(f"{name} returned shape {F.shape}, one number per sample: return a "
                       f"2-D array (N, F), e.g. np.column_stack([X, new_column])")
            continue
        if not check.expect(F.ndim == 2 and len(F) == len(X) and F.shape[1] >= 1,
                            f"{name} should return one row per sample, shape ({len(X)}, F); "
                            f"got {F.shape}"):
            continue
        if not check.expect(np.all(np.isfinite(F)), f"{name} returned NaN or inf"):
            continue
        with np.errstate(all="ignore"):  # huge made-up columns: the accuracy says enough
            # Each column standardised first: the same lines separate the classes, and
            # gradient descent finds one in 200 epochs instead of a thousand or more.
            # (divided by its largest size before that, so that even 1e308 cannot overflow).
            size = np.abs(F).max(axis=0)
            Z = F / np.where(size > 0, size, 1.0)
            Z = standardize(Z, *fit_standardizer(Z))
            model = LogisticRegression(learning_rate=1.0, n_epochs=200).fit(Z, y)
            accuracy = model.score(Z, y)
        if accuracy >= 0.95:
            check.expect(True, "")
            continue
        x1, x2 = X[:, 0], X[:, 1]
        slip = first_match(F[:, -1], [(make(x1, x2), hint)
                                      for make, hint in _WRONG_COLUMNS[dataset]])
        check.fail(f"logistic regression on your features reaches only {accuracy:.1%} on "
                   f"{dataset} (seed {seed}); it should reach 95%: "
                   + (f"your last column is {slip}" if slip else _FEATURE_HINTS[dataset]))
    check.done()


# --- 11: training the network with your own backpropagation ---------------------

def check_train_network(train_network, X_fit, y_fit, X_val, y_val, n_hidden=5,
                        learning_rate=0.5, n_steps=1000, seed=0):
    """train_network(X, T, n_hidden, learning_rate, n_steps, seed) -> ((W1, b1, W2, b2), costs).

    A one-hidden-layer tanh network with a softmax output, trained by full-batch gradient
    descent on the mean cross-entropy of X (N, D) and one-hot T (N, K) for n_steps steps;
    costs[i] is the cost before step i. It passes when its accuracy on (X_val, y_val) is
    at least that of softmax regression (course_utils.baselines' configuration) trained
    on the same X_fit, y_fit. A first run of 5 steps on 20 rows names the usual slips.
    """
    check = Checker("train_network")
    X_fit, X_val = np.asarray(X_fit, dtype=float), np.asarray(X_val, dtype=float)
    y_fit, y_val = np.asarray(y_fit), np.asarray(y_val)
    K = int(max(y_fit.max(), y_val.max())) + 1
    T_fit = one_hot_targets(y_fit, K)

    # A short run on a tiny problem first: its slips are quicker to name.
    X_small, T_small = X_fit[:20], T_fit[:20]
    small = _trained(check, train_network, X_small, T_small, n_hidden, 0.5, 5, seed)
    if small is not None:
        weights, costs = small
        _check_small_run(check, weights, costs, X_small, T_small, n_hidden)
    if check.problems:
        return check.done()

    with np.errstate(all="ignore"):  # a diverging learner's run: the hints say it
        run = _trained(check, train_network, X_fit, T_fit, n_hidden, learning_rate, n_steps, seed)
    if run is None:
        return check.done()
    (W1, b1, W2, b2), costs = run
    baseline = ecommerce_model("softmax").fit(X_fit, y_fit)
    wanted = baseline.score(X_val, y_val)
    with np.errstate(all="ignore"):
        P_val = softmax(np.tanh(X_val @ W1 + b1) @ W2 + b2)
    accuracy = float(np.mean(P_val.argmax(axis=1) == y_val))
    if not check.expect(len(costs) == n_steps,
                        f"costs should hold one cost per step, {n_steps}; got {len(costs)}"):
        return check.done()
    if not check.expect(np.all(np.isfinite(costs)),
                        "your costs became NaN or inf: the steps diverge; is the learning rate "
                        "applied once, and the gradient divided by N?"):
        return check.done()
    check.expect(costs[-1] < costs[0],
                 f"the cost did not go down ({costs[0]:.4f} -> {costs[-1]:.4f}): subtract "
                 f"learning_rate * gradient from each weight")
    check.expect(accuracy >= wanted,
                 f"your network's validation accuracy is {accuracy:.1%}, softmax regression's "
                 f"{wanted:.1%}: train longer or check the hidden layer's gradient "
                 f"(tanh'(H) = 1 - H**2)")
    check.done()


def _trained(check, train_network, X, T, n_hidden, learning_rate, n_steps, seed):
    """((W1, b1, W2, b2), costs) as float arrays, or None after recording what is wrong."""
    answer = _call(check, train_network, X.copy(), T.copy(), n_hidden, learning_rate,
                         n_steps, seed)
    if answer is None:
        return None
    shapes = [(X.shape[1], n_hidden), (n_hidden,), (n_hidden, T.shape[1]), (T.shape[1],)]
    ok = (isinstance(answer, (tuple, list)) and len(answer) == 2
          and isinstance(answer[0], (tuple, list)) and len(answer[0]) == 4)
    if not ok:
        check.fail(f"train_network should return ((W1, b1, W2, b2), costs); got "
                   f"{type(answer).__name__} {str(answer)[:60]}")
        return None
    weights = [as_array(w) for w in answer[0]]
    names = ("W1", "b1", "W2", "b2")
    if not all(same_shape(check, w, np.zeros(s), f"{name} (D={X.shape[1]}, M={n_hidden}, "
                                                 f"K={T.shape[1]})")
               for w, s, name in zip(weights, shapes, names, strict=True)):
        return None
    costs = as_array(answer[1])
    if costs is None or costs.ndim != 1:
        check.fail(f"costs should be a list of numbers, one per step; got "
                   f"{str(answer[1])[:60]}")
        return None
    return weights, costs


def _check_small_run(check, weights, costs, X, T, n_hidden):
    W1, b1, W2, b2 = weights
    if not check.expect(len(costs) == 5, f"train_network(..., n_steps=5) should return 5 "
                                         f"costs, one per step; got {len(costs)}"):
        return
    if not check.expect(np.all(np.isfinite(costs)) and np.all(np.isfinite(W1)),
                        "NaN or inf after 5 steps with learning rate 0.5"):
        return
    if np.allclose(W1, W1[:, :1]) and n_hidden > 1:
        check.fail("every hidden unit has the same weights: they all start equal (zeros?) and "
                   "so get equal gradients forever; start W1 random, e.g. "
                   "rng.standard_normal((D, M)) / np.sqrt(D)")
        return
    final = categorical_cross_entropy(T, softmax(np.tanh(X @ W1 + b1) @ W2 + b2))
    if costs[-1] > costs[0] + 1e-12:
        check.fail(f"the cost rises ({costs[0]:.4f} -> {costs[-1]:.4f}) in 5 steps: the "
                   f"update goes uphill; subtract learning_rate * gradient (P - T, not T - P)")
    elif np.isclose(costs[-1], costs[0]) and np.isclose(final, costs[0]):
        check.fail("the weights you return give the same cost as at the start: are the "
                   "updates lost (W = W - ... on a copy that is never returned)?")
    else:
        check.expect(final <= costs[-1] + 1e-9,
                     "the weights you return do not match the last cost: return the "
                     "trained weights (W1, b1, W2, b2) after the loop")


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
    answer = _call(check, recall_precision, C.copy())
    if answer is None:
        return check.done()
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2):
        check.fail(f"return two arrays, (recall, precision); got {type(answer).__name__}")
        return check.done()
    got_recall, got_precision = (as_array(a) for a in answer)
    if is_close(got_recall, precision) and is_close(got_precision, recall):
        check.fail("recall and precision are swapped: recall divides the diagonal by each "
                   "ROW's total (all samples of that true class), precision by each COLUMN's "
                   "total (all samples predicted as that class)")
        return check.done()
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
