"""Checkers for the neuron's exercises: notebooks 01, 02, 03 and the readiness test of 04.

    from course_utils.checkers.neuron import check_sigmoid
    check_sigmoid(my_sigmoid)  # prints "sigmoid: all 6 checks passed." or raises ExerciseError

Each check_* function calls the learner's function on small cases whose right
answer it knows. When an answer is wrong it looks for the typical slip that
explains it (the sign, a missing bias, a sum where a mean belongs, log of 0,
a column where a 1-D array belongs, a Python loop) and names it. On the stub
of a practice notebook it says "<exercise> is not written yet" (the core's
call_safely). The checkers return None, so a notebook cell ending with one
shows only the printed line.

Conventions, the same as course_utils.math and course_utils.models:
- shapes: X is (N, D), w is (D,), b is a number; targets T and predictions Y are (N,);
- the cost is the MEAN binary cross-entropy over the N samples,
      J = -1/N sum_n [t_n log y_n + (1 - t_n) log(1 - y_n)],
  so its gradient is dJ/dw = X^T (Y - T) / N and dJ/db = sum(Y - T) / N.
  Notebook 03 follows the lectures and writes the sum, N times larger: its
  checks pass total="sum". Each checker recognises the other total and names it.

"Not vectorised" is decided by counting, not by timing: the core's
expect_vectorised counts the lines of Python the learner's function runs for
10 samples and for 60 (count_python_lines). The count is exact, so the check
never depends on how busy the machine is.

Introduced in: check_fit_line, check_linear_regression_step 01; check_sigmoid,
check_dot_loop, check_predict_proba, check_predict_labels 02; check_coin_mle,
check_cross_entropy, check_gradients, check_training, check_penalty_gradients 03;
the five readiness checks (sigmoid, cross-entropy, gradient step, gradients,
training) 04.
"""

import warnings

import numpy as np

from ..math import binary_cross_entropy, sigmoid
from . import Checker, call_safely, expect_vectorised, first_match as _first_match
from . import as_array as _array, is_close as _close, shape_text as _shape_text
from . import show as _show, unpack as _unpack

# count_python_lines lives in the core (course_utils.checkers); imported here too, so
# that code importing it from this module keeps working.
from . import count_python_lines  # noqa: F401

# Sizes at which a function is traced. A loop over the samples runs at least
# one more line per extra sample: at least _LARGE - _SMALL more lines in all.
_SMALL, _LARGE = 10, 60


def _check_vectorised(check, function, make_args, name):
    """The core's expect_vectorised, with the neuron's advice."""
    expect_vectorised(check, function, make_args, name, small=_SMALL, large=_LARGE,
                      advice="work on whole arrays at once (np.exp(z), X @ w, np.mean(...))")


# --- calling the learner's function ---------------------------------------------

class _RecordedWarnings(warnings.catch_warnings):
    """Record warnings (NumPy's overflow, divide by zero in log) instead of
    printing them: the checker turns them into hints."""

    def __init__(self):
        super().__init__(record=True)

    def __enter__(self):
        caught = super().__enter__()
        warnings.simplefilter("always")
        return caught


def _call(check, function, *args):
    """call_safely on copies of the arguments, with warnings recorded.

    Returns (result, warning messages); result is None if the function raised,
    and then the problem recorded gets a hint for the usual causes.
    """
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    n_problems = len(check.problems)
    with _RecordedWarnings() as caught:
        result = call_safely(check, function, *args)
    if len(check.problems) > n_problems:
        check.problems[-1] += _hint_for_exception(check.problems[-1])
    elif result is None:
        message = f"{getattr(function, '__name__', 'your function')} returned None: is a " \
                  f"`return` missing?"
        if message not in check.problems:  # said once, however often the checker calls it
            check.fail(message)
    return result, [str(w.message) for w in caught]


def _unpack_result(check, result, names, call):
    """unpack, except for None, which _call has already reported."""
    return None if result is None else _unpack(check, result, names, call)


def _hint_for_exception(message):
    if "Python scalar" in message or "math domain" in message or "math range" in message:
        return (". math.exp and math.log take one number; np.exp and np.log work on whole "
                "arrays, element by element")
    if "not iterable" in message:
        return ". A single number has no elements to loop over; np.exp works on numbers and arrays"
    if "matmul" in message or "shapes" in message or "broadcast" in message:
        return (". Shapes: X is (N, D), w is (D,), Y and T are (N,); so X @ w is (N,) "
                "and X.T @ (Y - T) is (D,)")
    return ""



# --- comparing answers ------------------------------------------------------------

def _is_number(value):
    return _array(value) is not None and np.ndim(value) == 0


def _shape(value):
    """The shape of value as an array, or None when it is not numeric (never raises)."""
    array = _array(value)
    return None if array is None else array.shape


def _gradients(X, T, w, b, total="mean"):
    Y = sigmoid(X @ w + b)
    scale = 1 / len(X) if total == "mean" else 1.0
    return X.T @ (Y - T) * scale, float(np.sum(Y - T) * scale)


def _train(X, T, learning_rate, n_steps, scale=None, sign=1.0, train_bias=True,
           bias_in_y=True, cost_scale=1.0, l2=0.0, l2_factor=1.0, l2_on_bias=False,
           cost_penalty=True):
    """Full-batch gradient descent from w = 0, b = 0.

    Returns w, b, and the costs before and after each step (arrays of n_steps).
    scale multiplies X^T (Y - T) (1/N by default: the mean); sign -1 climbs the cost;
    bias_in_y=False leaves b out of Y = sigmoid(X w + b); the costs are cost_scale times
    the mean cross-entropy (N for the sum).
    The variants are the slips check_training recognises.
    """
    scale = 1.0 / len(X) if scale is None else scale
    w, b = np.zeros(X.shape[1]), 0.0
    before, after = [], []
    def cost(w, b):
        penalty = l2 / 2 * float(w @ w) if cost_penalty else 0.0
        return cost_scale * binary_cross_entropy(T, sigmoid(X @ w + b)) + penalty

    for _ in range(n_steps):
        Y = sigmoid(X @ w + (b if bias_in_y else 0.0))
        before.append(cost(w, b))
        w_new = w - sign * learning_rate * (scale * (X.T @ (Y - T)) + l2_factor * l2 * w)
        if train_bias:
            b = b - sign * learning_rate * (scale * float(np.sum(Y - T))
                                            + (l2_factor * l2 * b if l2_on_bias else 0.0))
        w = w_new
        after.append(cost(w, b))
    return w, b, np.array(before), np.array(after)


def _small_problem(n=8, d=3, seed=0):
    """X (n, d), targets T (n,) of both classes, w (d,), and b = 0.5 (not 0, so that
    a forgotten bias changes the answer)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    T = (np.arange(n) % 2).astype(float)
    return X, T, rng.normal(size=d), 0.5


def _training_problem(n=40, seed=3):
    """Two overlapping clouds in 2-D; targets 0/1 as floats."""
    rng = np.random.default_rng(seed)
    T = (np.arange(n) % 2).astype(float)
    X = rng.normal(size=(n, 2)) + np.outer(2 * T - 1, [1.0, 0.5])
    return X, T


# --- 1. what the sigmoid outputs -----------------------------------------------------

def check_sigmoid(sigmoid_fn, stable=False):
    """sigmoid_fn(z) = 1 / (1 + exp(-z)), element-wise, for numbers and arrays of any shape.

    stable=True (04's last exercise): also no overflow at all, even for z = -1000, with
    NumPy's floating-point errors raised instead of warned about.
    """
    check = Checker("stable_sigmoid" if stable else "sigmoid")
    name = getattr(sigmoid_fn, "__name__", "sigmoid")

    at_zero, _ = _call(check, sigmoid_fn, 0.0)
    if at_zero is not None:
        check.expect(_is_number(at_zero) and _close(at_zero, 0.5),
                     f"{name}(0) should be the number 0.5 (e^0 = 1, so 1 / (1 + 1)); "
                     f"got {_show(at_zero)}")

    z = np.array([-20.0, -5.0, -1.0, 0.0, 1.0, 5.0, 20.0])
    expected = sigmoid(z)
    got, _ = _call(check, sigmoid_fn, z)
    if got is not None:
        hint = _first_match(got, [
            (sigmoid(-z), "your sigmoid decreases: sigmoid(5) should be near 1, not near 0. "
                          "Check the sign: 1 / (1 + np.exp(-z)), with a minus before z"),
            (np.round(expected), "your sigmoid returns only 0 and 1: that is the predicted "
                                 "label (rounded at 0.5), not the probability"),
            ((expected >= 0.5) + 0.0, "your sigmoid returns only 0 and 1: that is the "
                                      "predicted label, not the probability"),
            (np.tanh(z), "that is tanh, with values in (-1, 1); the sigmoid's are in (0, 1)"),
            (1 + np.exp(-z), "that is 1 + exp(-z); the sigmoid is one over it"),
            (np.exp(-z), "that is exp(-z); the sigmoid is 1 / (1 + np.exp(-z))"),
        ])
        values = _array(got)
        if hint is None and values is not None and values.shape != z.shape:
            hint = (f"{name}(z) for z of shape {z.shape} should return the same shape; "
                    f"got {_shape_text(got)}")
        elif hint is None and values is not None and not np.all((values > 0) & (values < 1)):
            hint = (f"a sigmoid's values are probabilities, strictly between 0 and 1; "
                    f"{name}({_show(z)}) gave {_show(got)}")
        values_right = check.expect(
            _close(got, expected),
            hint or f"{name}({_show(z)}) should be {_show(expected)}; got {_show(got)}")
    else:
        values_right = False

    # Shapes and extremes: checked once the values are right, so one slip is one hint.
    grid = np.linspace(-3, 3, 12).reshape(3, 4)
    got, _ = _call(check, sigmoid_fn, grid) if values_right else (None, None)
    if got is not None:
        check.expect(_close(got, sigmoid(grid)),
                     f"{name} should work element by element on a 2-D array too: for z of "
                     f"shape (3, 4), the sigmoid of each element, shape (3, 4); "
                     f"got {_shape_text(got)}")

    extremes = np.array([-1000.0, 1000.0])
    got, _ = _call(check, sigmoid_fn, extremes) if values_right else (None, None)
    if got is not None:
        values = _array(got)
        finite = values is not None and values.shape == (2,) and bool(np.all(np.isfinite(values)))
        check.expect(finite and _close(values, [0.0, 1.0], atol=1e-12),
                     f"{name}([-1000, 1000]) should be [0, 1]; got {_show(got)}"
                     + ("" if finite else ": np.exp(1000) overflows to inf, and inf / inf is "
                                          "nan. Write 1 / (1 + np.exp(-z)): it only ever "
                                          "divides 1 by a large number"))

    if stable and values_right:
        z = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
        n_problems = len(check.problems)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            got = call_safely(check, sigmoid_fn, z)
        if len(check.problems) > n_problems:
            check.problems[-1] += (": some np.exp overflows. With e = np.exp(-np.abs(z)), never "
                                   "above 1, the sigmoid is 1 / (1 + e) where z >= 0 and "
                                   "e / (1 + e) where z < 0 (np.where picks one per element)")
        else:
            check.expect(_close(got, sigmoid(z), atol=1e-12),
                         f"{name}({_show(z)}) should be {_show(sigmoid(z))}; got {_show(got)}")

    _check_vectorised(check, sigmoid_fn, lambda n: (np.linspace(-3, 3, n),), name)
    check.done()


# --- 02's exercise: a probability for every row at once ---------------------------------

def check_predict_proba(predict_proba):
    """predict_proba(X, w, b) = sigmoid(X @ w + b): P(y = 1 | x) for every row, shape (N,)."""
    check = Checker("predict_proba")
    name = getattr(predict_proba, "__name__", "predict_proba")
    X, _, w, b = _small_problem(n=6, d=3)
    n = len(X)
    expected = sigmoid(X @ w + b)
    got, _ = _call(check, predict_proba, X, w, b)
    if got is not None:
        values = _array(got)
        shape_hint = ""
        if values is not None and values.shape == (n, 1):
            shape_hint = ": a column. Keep w 1-D, shape (D,), so that X @ w is (N,)"
        elif values is not None and values.shape == (n, n):
            shape_hint = ": a column (N, 1) met a vector (N,) and broadcast to (N, N)"
        check.expect(values is not None and values.shape == (n,),
                     f"{name}(X, w, b) for X of shape {X.shape} should return one probability "
                     f"per row, shape ({n},); got {_shape_text(got)}{shape_hint}")
        flat = values.ravel() if values is not None and values.size == n else got
        hint = _first_match(flat, [
            (sigmoid(X @ w), "your predictions ignore the bias: P(y=1|x) = sigmoid(X @ w + b)"),
            (X @ w + b, "that is the logit z = X @ w + b; the probability is sigmoid(z)"),
            (X @ w, "that is X @ w; the probability is sigmoid(X @ w + b)"),
            (sigmoid(-(X @ w + b)), "those are P(y=0|x) = 1 - P(y=1|x): check the sign in "
                                    "your sigmoid"),
            ((expected >= 0.5) + 0.0, "those are labels (0 or 1), not probabilities: "
                                      "return sigmoid(X @ w + b), before any rounding"),
        ])
        check.expect(_close(flat, expected),
                     hint or f"{name}(X, w, b) should be {_show(expected)}; got {_show(got)}")
    _check_vectorised(check, predict_proba, lambda k: (np.ones((k, 3)), w, b), name)
    check.done()


# --- 2. the cross-entropy loss --------------------------------------------------------

def check_cross_entropy(cross_entropy, total="mean"):
    """cross_entropy(T, Y): the binary cross-entropy of targets T and predictions Y.

    total="mean" (04, course_utils): the mean over the samples; total="sum" (03, the
    lectures' J): the sum, N times the mean.
    """
    _check_total(total)
    check = Checker("cross_entropy")
    name = getattr(cross_entropy, "__name__", "cross_entropy")
    T = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    Y = np.array([0.9, 0.2, 0.6, 0.7, 0.4, 0.1])
    n = len(T)
    factor = 1.0 if total == "mean" else float(n)
    expected = factor * binary_cross_entropy(T, Y)

    got, _ = _call(check, cross_entropy, T, Y)
    value_right = False
    if got is not None:
        how = "average" if total == "mean" else "add"
        per_sample_hint = f" (one loss per sample: {how} them)" if _shape(got) == (n,) else ""
        if check.expect(_is_number(got),
                        f"{name}(T, Y) should return one number, the {total} over the samples; "
                        f"got {_shape_text(got)}{per_sample_hint}"):
            hint = _first_match(got, _cross_entropy_slips(T, Y, total))
            if hint is None and (not np.isfinite(float(got))
                                 or any(_close(got, factor * _swapped(T, Y, eps))
                                        for eps in _EPSILONS)):
                hint = (f"{name}(T, Y) is {float(got):.4f} although no prediction is near 0 or 1: "
                        f"did you swap the arguments? The order is cross_entropy(T, Y), targets "
                        f"first, and the log is taken of the predictions Y")
            value_right = check.expect(
                _close(got, expected),
                hint or f"{name}(T={_show(T)}, Y={_show(Y)}) should be {expected:.4f}; "
                        f"got {_show(got)}")

    # A sigmoid rounds to exactly 0 or 1 for |z| > 37, so such Y do happen.
    T0, Y0 = np.array([1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.5])
    expected0 = binary_cross_entropy(T0, Y0) * (1.0 if total == "mean" else 3.0)
    got, caught = _call(check, cross_entropy, T0, Y0)
    if got is not None:
        values = _array(got)
        finite = values is not None and values.size == 1 and bool(np.all(np.isfinite(values)))
        log_of_zero = not finite or any("divide by zero" in m or "invalid value" in m
                                        for m in caught)
        if value_right or log_of_zero:  # else the slip above explains this value too
                check.expect(finite and _close(values.ravel()[0], expected0, rtol=1e-4, atol=1e-8),
                         f"{name}(T=[1, 0, 1], Y=[1.0, 0.0, 0.5]) should be "
                         f"{'log(2) / 3' if total == 'mean' else 'log(2)'} = "
                         f"{expected0:.4f}; got {_show(got)}"
                         + (": log of 0. A prediction of exactly 0 or 1 happens (the sigmoid "
                            "rounds to it); clip first, Y = np.clip(Y, 1e-12, 1 - 1e-12)"
                            if log_of_zero else ""))

    wrong, _ = _call(check, cross_entropy, np.array([1.0]), np.array([0.01]))
    unsure, _ = _call(check, cross_entropy, np.array([1.0]), np.array([0.4]))
    if _is_number(wrong) and _is_number(unsure):
        check.expect(float(wrong) > float(unsure) > 0,
                     f"a confident wrong prediction (t = 1, y = 0.01) should cost more than a "
                     f"hesitant one (t = 1, y = 0.4), and both more than 0; got {_show(wrong)} "
                     f"and {_show(unsure)}")

    _check_vectorised(check, cross_entropy,
                      lambda k: ((np.arange(k) % 2).astype(float), np.full(k, 0.3)), name)
    check.done()


# Values learners clip probabilities with (Keras uses 1e-7).
_EPSILONS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)


def _swapped(T, Y, eps):
    """The mean cross-entropy with T and Y swapped, the targets clipped by eps."""
    T = np.clip(T, eps, 1 - eps)
    return -np.mean(Y * np.log(T) + (1 - Y) * np.log(1 - T))


def _check_total(total):
    if total not in ("mean", "sum"):
        raise ValueError(f"total must be 'mean' or 'sum', not {total!r}")


def _cross_entropy_slips(T, Y, total="mean"):
    """(value, hint) for every combination of the usual slips in the cross-entropy."""
    per_sample = -(T * np.log(Y) + (1 - T) * np.log(1 - Y))
    terms = [
        (per_sample, None),
        (-(T * np.log(Y)), "you dropped the (1 - t) log(1 - y) term, so samples with t = 0 "
                           "cost nothing"),
        (per_sample / np.log(10), "you used log10; the cross-entropy uses the natural log, np.log"),
        (per_sample / np.log(2), "you used log2; the cross-entropy uses the natural log, np.log"),
    ]
    slips = []
    for values, term_hint in terms:
        for sign, sign_hint in ((1, None), (-1, "the minus sign is missing: the cost is "
                                                "-mean(t log y + (1 - t) log(1 - y)), >= 0")):
            for value, total_hint in _totals(values, total, len(T)):
                hints = [h for h in (term_hint, sign_hint, total_hint) if h]
                if hints:
                    slips.append((sign * value, "; ".join(hints)))
    return slips


def _totals(values, total, n):
    """(the right total of values, None) and (the other total, the hint naming it)."""
    mean = (np.mean(values), f"you summed over the samples ({n} times the mean); this test "
                             f"uses the mean: np.mean, or divide by N")
    summed = (np.sum(values), f"you averaged over the samples (the sum divided by N = {n}); "
                              f"this notebook's J is the sum, as in the lectures: np.sum")
    if total == "mean":
        return [(mean[0], None), (summed[0], mean[1])]
    return [(summed[0], None), (mean[0], summed[1])]


# --- 3. the gradient-descent update --------------------------------------------------

def check_gradient_step(gradient_step):
    """gradient_step(w, b, dw, db, learning_rate) -> (w, b), one step downhill:
    w - learning_rate * dw and b - learning_rate * db."""
    check = Checker("gradient_step")
    name = getattr(gradient_step, "__name__", "gradient_step")
    w, b = np.array([1.0, -2.0, 0.5]), 0.3
    dw, db = np.array([0.2, 0.1, -0.4]), -0.5
    lr = 0.1
    result, _ = _call(check, gradient_step, w, b, dw, db, lr)
    unpacked = _unpack_result(check, result, ("w", "b"), f"{name}(w, b, dw, db, learning_rate)")
    if unpacked is not None:
        new_w, new_b = unpacked
        hint = _first_match(new_w, [
            (w + lr * dw, "w moved uphill, w + learning_rate * dw: gradient descent steps "
                          "against the gradient, w - learning_rate * dw"),
            (w - dw, "the step of w ignores the learning rate: w - learning_rate * dw"),
            (w, "w did not change: w - learning_rate * dw"),
            (-lr * dw, "that is only the step, -learning_rate * dw; add it to w"),
        ])
        check.expect(_close(new_w, w - lr * dw),
                     hint or f"the new w should be w - learning_rate * dw = {_show(w - lr * dw)}; "
                             f"got {_show(new_w)}")
        hint = _first_match(new_b, [
            (b, "b did not change: the bias learns too, b - learning_rate * db"),
            (b + lr * db, "b moved uphill: use b - learning_rate * db"),
            (b - db, "the step of b ignores the learning rate: b - learning_rate * db"),
        ])
        if hint is None and _array(new_b) is not None and np.ndim(new_b) != 0:
            hint = f"the new b should be one number, like b; got {_shape_text(new_b)}"
        check.expect(_is_number(new_b) and _close(new_b, b - lr * db),
                     hint or f"the new b should be b - learning_rate * db = {b - lr * db:.4f}; "
                             f"got {_show(new_b)}")
        other, _ = _call(check, gradient_step, w, b, dw, db, 0.5)
        if isinstance(other, (tuple, list)) and len(other) == 2:
            check.expect(not _close(other[0], new_w),
                         f"with learning_rate=0.5 your new w is the same as with {lr}: use the "
                         f"learning_rate argument, not a fixed number")
    _check_vectorised(check, gradient_step,
                      lambda k: (np.ones(k), 0.0, np.ones(k), 1.0, 0.1), name)
    check.done()


# --- 4. the gradient of J with respect to w (and b) ---------------------------------------

def check_gradients(gradients, total="mean"):
    """gradients(X, T, w, b) -> (dw, db), the gradient of the cross-entropy.

    total="mean" (04): dw = X^T (Y - T) / N, shape (D,); db = sum(Y - T) / N, a number;
    total="sum" (03, the lectures' J): dw = X^T (Y - T), db = sum(Y - T). Y = sigmoid(X w + b).
    """
    _check_total(total)
    check = Checker("gradients")
    name = getattr(gradients, "__name__", "gradients")
    X, T, w, b = _small_problem(n=8, d=3)
    n, d = X.shape
    expected_dw, expected_db = _gradients(X, T, w, b, total)
    over_n = " / N" if total == "mean" else ""
    result, _ = _call(check, gradients, X, T, w, b)
    unpacked = _unpack_result(check, result, ("dw", "db"), f"{name}(X, T, w, b)")
    if unpacked is not None:
        dw, db = unpacked
        dw_array = _array(dw)
        shape_hint = ""
        if dw_array is not None and dw_array.shape == (d, 1):
            shape_hint = ": a column, because Y or T was a column (N, 1). Keep them 1-D"
        elif dw_array is not None and dw_array.ndim == 2:
            shape_hint = (": a column (N, 1) met a vector (N,) in Y - T and broadcast to "
                          "(N, N). Keep Y and T 1-D")
        check.expect(dw_array is not None and dw_array.shape == (d,),
                     f"dw should have the shape of w, ({d},); got {_shape_text(dw)}{shape_hint}")
        check.expect(_is_number(db),
                     f"db should be one number, like b; got {_shape_text(db)}"
                     + (f": {'average' if total == 'mean' else 'add up'} Y - T over the samples"
                        if _shape(db) == (n,) else ""))

        # The values, where the shapes allow a comparison: {"dw": hint or None, ...}
        hints = {}
        if dw_array is not None and dw_array.size == d:
            flat = dw_array.reshape(d)
            hints["dw"] = None
            if not _close(flat, expected_dw):
                slips = _gradient_slips(flat, X, T, w, b, lambda Y: X.T @ (Y - T), total)
                hints["dw"] = (f"dw: {slips}" if slips else f"dw should be X.T @ (Y - T){over_n} "
                                                           f"= {_show(expected_dw)}; got {_show(dw)}")
        if _is_number(db):
            hints["db"] = None
            if not _close(db, expected_db):
                slips = _gradient_slips(db, X, T, w, b, lambda Y: np.sum(Y - T), total)
                if slips is None and _close(db, 0.0):
                    slips = f"it is 0, but the bias has a gradient too: sum(Y - T){over_n}"
                hints["db"] = (f"db: {slips}" if slips else f"db should be sum(Y - T){over_n} = "
                                                           f"{expected_db:.4f}; got {_show(db)}")
        dw_hint, db_hint = hints.get("dw"), hints.get("db")
        if dw_hint and db_hint and dw_hint[4:] == db_hint[4:]:
            check.fail(f"dw and db: {dw_hint[4:]}")  # the same slips in both: say it once
            check.expect(True, "")
        else:
            for hint in hints.values():
                check.expect(hint is None, hint)

    def args(k):
        return np.ones((k, 3)), (np.arange(k) % 2).astype(float), np.zeros(3), 0.0

    _check_vectorised(check, gradients, args, name)
    check.done()


def _gradient_slips(got, X, T, w, b, gradient_of, total="mean"):
    """The hint for the combination of usual slips that explains got, else None.

    gradient_of(Y): the summed gradient for predictions Y, X.T @ (Y - T) or sum(Y - T).
    """
    n, d = X.shape
    outputs = {
        (): sigmoid(X @ w + b),
        ("your Y ignores the bias: Y = sigmoid(X @ w + b)",): sigmoid(X @ w),
        ("you used the logit z = X @ w + b in place of Y = sigmoid(z)",): X @ w + b,
    }
    if total == "mean":
        scales = {
            (): 1 / n,
            (f"it is N = {n} times too large: you summed over the samples; this test uses the "
             f"mean cross-entropy, so divide by N",): 1.0,
            ("it is N times too small: you divided by N twice",): 1 / n ** 2,
            (f"it is D = {d} times too small: you averaged over all N x D numbers; average over "
             f"the samples only",): 1 / (n * d),
        }
    else:
        scales = {
            (): 1.0,
            (f"it is N = {n} times too small: you averaged over the samples; this notebook's J "
             f"is the sum of the samples' costs, so its gradient is the sum too (no / N)",): 1 / n,
            (f"it is N x D = {n * d} times too small: you averaged over all N x D numbers; this "
             f"notebook's gradient is the sum over the samples",): 1 / (n * d),
        }
    signs = {
        (): 1.0,
        ("the sign is flipped: (T - Y) gives the gradient of the log-likelihood, which points "
         "uphill for the cost; the cost's gradient uses (Y - T)",): -1.0,
    }
    for output_slip, Y in outputs.items():
        for scale_slip, scale in scales.items():
            for sign_slip, sign in signs.items():
                slips = output_slip + scale_slip + sign_slip
                if slips and _close(got, sign * scale * gradient_of(Y)):
                    return "; ".join(slips)
    return None


# --- 5. the training loop ------------------------------------------------------------

def check_training(train, total="mean"):
    """train(X, T, learning_rate, n_steps) -> (w, b, costs): full-batch gradient descent on
    the cross-entropy from w = 0, b = 0. costs holds one cost per step, taken before
    or after that step's update (either is fine).

    total="mean" (04): the mean cross-entropy and its gradient X^T (Y - T) / N;
    total="sum" (03, the lectures' J): the sum and X^T (Y - T).
    """
    _check_total(total)
    check = Checker("train")
    name = getattr(train, "__name__", "train")
    X, T = _training_problem()
    n = len(X)
    # For the sum, a learning rate N times smaller: the same path, and costs N times larger.
    setting = (dict(scale=1 / n, cost_scale=1.0) if total == "mean"
               else dict(scale=1.0, cost_scale=float(n)))
    per = 1.0 if total == "mean" else 1.0 / n
    lr, n_steps = 0.5 * per, 30
    w_ref, b_ref, before, after = _train(X, T, lr, n_steps, **setting)
    result, _ = _call(check, train, X, T, lr, n_steps)
    unpacked = _unpack_result(check, result, ("w", "b", "costs"), f"{name}(X, T, learning_rate, n_steps)")
    if unpacked is not None:
        w, b, costs = unpacked
        costs = _array(costs)
        check.expect(_shape(w) == (2,) and _array(w) is not None,
                     f"w should have shape (D,) = (2,) for X of shape {X.shape}; "
                     f"got {_shape_text(w)}")
        check.expect(_is_number(b), f"b should be one number; got {_show(b)}")
        if check.expect(costs is not None and costs.shape == (n_steps,),
                        f"costs should hold one cost per step, {n_steps} for n_steps={n_steps}; "
                        f"got {_shape_text(costs)}"):
            costs_down = check.expect(
                costs[-1] < costs[0],
                f"your cost went up, from {costs[0]:.4f} to {costs[-1]:.4f}: each step must "
                f"go against the gradient, w = w - learning_rate * dw")
        else:
            costs_down = False
        slip = None
        if _shape(w) == (2,) and _is_number(b):
            slip = _training_slip(w, b, X, T, lr, n_steps, total)
            check.expect(_close(w, w_ref, rtol=1e-5) and _close(b, b_ref, rtol=1e-5),
                         slip or f"after {n_steps} steps with learning_rate={lr:.4g} from w = 0, "
                                 f"b = 0, w should be {_show(w_ref)} and b {b_ref:.4f}; got "
                                 f"w = {_show(w)}, b = {_show(b)}")
            other, _ = _call(check, train, X, T, 0.1 * lr, n_steps)
            if isinstance(other, (tuple, list)) and len(other) == 3:
                check.expect(not _close(other[0], w),
                             f"with learning_rate={0.1 * lr:.4g} your w is the same as with "
                             f"{lr:.4g}: use the learning_rate argument, not a fixed number")
        if costs_down and slip is None:  # a known slip explains the costs as well
            check.expect(_close(costs, before, rtol=1e-5) or _close(costs, after, rtol=1e-5),
                         _cost_slip(costs, before, after, n, total))

    def args(k):
        return *_training_problem(n=k), 0.1, 2

    _check_vectorised(check, train, args, name)
    check.done()


def _cost_slip(costs, before, after, n, total="mean"):
    if total == "mean" and (_close(costs, n * before) or _close(costs, n * after)):
        return (f"your costs are N = {n} times the mean cross-entropy: record the mean, the "
                f"cost whose gradient you follow")
    if total == "sum" and (_close(costs, before / n) or _close(costs, after / n)):
        return (f"your costs are the mean cross-entropy, the sum divided by N = {n}: record the "
                f"sum, the cost whose gradient you follow")
    start = np.log(2) * (1 if total == "mean" else n)
    if not np.isclose(costs[0], start) and not _close(costs, after):
        return (f"your first cost is {costs[0]:.4f}, but from w = 0, b = 0 every prediction is "
                f"0.5 and the {total} cross-entropy is {'' if total == 'mean' else 'N '}log(2) "
                f"= {start:.4f}: start from zeros, and record the {total} cross-entropy")
    return (f"costs should be the {total} cross-entropy at each step, {_show(before)} (or "
            f"after each step, {_show(after)}); got {_show(costs)}")


def _training_slip(w, b, X, T, lr, n_steps, total="mean"):
    """The hint for the usual slip that explains the learner's final w and b, else None."""
    scale = 1 / len(X) if total == "mean" else 1.0
    if total == "mean":
        wrong_total = (dict(scale=1.0), "you followed the summed gradient X.T @ (Y - T), N times "
                                        "the mean's: divide by N (this test minimises the mean "
                                        "cross-entropy)")
    else:
        wrong_total = (dict(scale=1 / len(X)),
                       "you followed the mean gradient X.T @ (Y - T) / N, N times smaller than "
                       "the sum's: this notebook minimises the summed cross-entropy (no / N)")
    slips = [
        wrong_total,
        (dict(scale=scale, sign=-1.0), "you climbed the cost with w + learning_rate * dw; step "
                                       "against the gradient"),
        (dict(scale=scale, train_bias=False), "b was never updated: the bias learns too, "
                                              "b = b - learning_rate * db"),
        (dict(scale=scale, bias_in_y=False), "your predictions ignore the bias: "
                                             "Y = sigmoid(X @ w + b)"),
    ]
    for kwargs, hint in slips:
        w_slip, b_slip, _, _ = _train(X, T, lr, n_steps, **kwargs)
        if _close(w, w_slip, rtol=1e-5) and _close(b, b_slip, rtol=1e-5):
            return hint
    for steps in (n_steps - 1, n_steps + 1):
        w_slip, b_slip, _, _ = _train(X, T, lr, steps, scale=scale)
        if _close(w, w_slip, rtol=1e-5) and _close(b, b_slip, rtol=1e-5):
            return f"your loop made {steps} steps instead of n_steps = {n_steps}"
    if _close(b, 0.0):
        return "b is still 0 after training: update the bias too, b = b - learning_rate * db"
    return None


# --- 01: the line of best fit ----------------------------------------------------------

def _line_data():
    """Two small data sets (x, y) with their least-squares slope and intercept."""
    x1 = np.array([1.0, 2.0, 4.0, 5.0, 7.0, 9.0])
    y1 = np.array([1.5, 4.0, 9.5, 11.0, 17.5, 21.0])
    x2 = np.array([-3.0, -1.0, 0.0, 2.0, 6.0])
    y2 = np.array([10.0, 7.5, 6.0, 2.0, -3.5])
    return [(x, y, *np.polyfit(x, y, deg=1)) for x, y in ((x1, y1), (x2, y2))]


def check_fit_line(fit_line):
    """fit_line(x, y) -> (w, b): the closed-form least-squares line y = w x + b,
    w = sum((x - x_mean)(y - y_mean)) / sum((x - x_mean)^2), b = y_mean - w x_mean."""
    check = Checker("fit_line")
    name = getattr(fit_line, "__name__", "fit_line")
    for x, y, w_ref, b_ref in _line_data():
        result, _ = _call(check, fit_line, x, y)
        unpacked = _unpack_result(check, result, ("w", "b"), f"{name}(x, y)")
        if unpacked is None:
            break
        w, b = unpacked
        if not (_is_number(w) and _is_number(b)):
            check.fail(f"{name}(x, y) should return two numbers, the slope w and the intercept b; "
                       f"got {_shape_text(w)} and {_shape_text(b)}")
            break
        xm, ym = x.mean(), y.mean()
        if _close(w, b_ref) and _close(b, w_ref):
            check.fail("you returned (b, w): return the slope first, `return w, b`")
            break
        w_hint = _first_match(w, [
            (np.sum(x * y) / np.sum(x * x), "you forgot to subtract the means: "
                                            "w = sum((x - x_mean) * (y - y_mean)) / "
                                            "sum((x - x_mean) ** 2)"),
            (np.sum((x - xm) * (y - ym)) / np.sum((y - ym) ** 2),
             "you divided by sum((y - y_mean) ** 2): the denominator is the spread of the "
             "input, sum((x - x_mean) ** 2)"),
            (np.mean((x - xm) * (y - ym)) / np.sum((x - xm) ** 2),
             "the numerator is averaged but the denominator summed: use np.sum in both (or "
             "np.mean in both)"),
            (np.sum((x - xm) * (y - ym)) / np.sum(x - xm) if abs(np.sum(x - xm)) > 1e-9
             else np.nan, "square the denominator: sum((x - x_mean) ** 2)"),
        ])
        w_right = check.expect(_close(w, w_ref), w_hint or (
            f"for x = {_show(x)}, y = {_show(y)} the slope w should be {w_ref:.4f}; "
            f"got {_show(w)}"))
        b_hint = _first_match(b, [
            (ym + w * xm, "b = y_mean - w * x_mean: the sign before w * x_mean is a minus"),
            (ym, "b is not y_mean: the line must pass through (x_mean, y_mean), so "
                 "b = y_mean - w * x_mean"),
            (xm - w * ym, "you swapped the means: b = y_mean - w * x_mean"),
        ]) if _is_number(w) else None
        if w_right or b_hint is not None:
            check.expect(_close(b, b_ref),
                         b_hint or f"for x = {_show(x)}, y = {_show(y)} the intercept b should "
                                   f"be {b_ref:.4f}; got {_show(b)}")
        if check.problems:
            break
    _check_vectorised(check, fit_line, lambda n: (np.arange(n, dtype=float),
                                                  2.0 * np.arange(n) + np.sin(np.arange(n))),
                      name)
    check.done()


def check_linear_regression_step(step):
    """step(w, b, x, y, learning_rate) -> (w, b): one gradient-descent step on
    J = mean((w x + b - y)^2), with dJ/dw = 2 mean((w x + b - y) x), dJ/db = 2 mean(w x + b - y),
    both taken at the old w and b."""
    check = Checker("linear_regression_step")
    name = getattr(step, "__name__", "linear_regression_step")
    x = np.array([0.5, 1.0, 2.0, 3.5, 4.0, 6.0])
    y = np.array([2.0, 2.5, 5.5, 7.0, 9.5, 12.0])
    w, b, lr = 0.8, 0.3, 0.01
    n = len(x)
    error = w * x + b - y
    w_ref = w - lr * 2 * np.mean(error * x)
    b_ref = b - lr * 2 * np.mean(error)
    result, _ = _call(check, step, w, b, x, y, lr)
    unpacked = _unpack_result(check, result, ("w", "b"), f"{name}(w, b, x, y, learning_rate)")
    if unpacked is not None:
        new_w, new_b = unpacked
        if not (_is_number(new_w) and _is_number(new_b)):
            check.fail(f"{name} should return two numbers, the new w and the new b; got "
                       f"{_shape_text(new_w)} and {_shape_text(new_b)}"
                       + (": average over the samples" if _shape(new_w) == (n,) else ""))
        else:
            w_slip = _step_slip(new_w, w, lr, error * x, n, "w")
            if w_slip is None and _close(new_w, w - lr * 2 * np.mean(error)):
                w_slip = ("dJ/dw has the factor x_n: 2 * mean((w * x + b - y) * x); without x "
                          "it is dJ/db")
            check.expect(_close(new_w, w_ref), f"the new w: {w_slip}" if w_slip else
                         f"the new w should be w - learning_rate * 2 * mean((w * x + b - y) * x)"
                         f" = {w_ref:.4f}; got {_show(new_w)}")
            b_slip = _step_slip(new_b, b, lr, error, n, "b")
            error_new_w = new_w * x + b - y
            if b_slip is None and _close(new_b, b - lr * 2 * np.mean(error_new_w)):
                b_slip = ("you computed b's gradient with the new w: compute both gradients at "
                          "the old w and b, then update both")
            if b_slip is None and _close(new_b, b - lr * 2 * np.mean(error * x)):
                b_slip = "dJ/db has no factor x: 2 * mean(w * x + b - y)"
            if b_slip is None and _close(new_b, b):
                b_slip = "b did not change: the intercept learns too"
            check.expect(_close(new_b, b_ref), f"the new b: {b_slip}" if b_slip else
                         f"the new b should be b - learning_rate * 2 * mean(w * x + b - y) = "
                         f"{b_ref:.4f}; got {_show(new_b)}")
            other, _ = _call(check, step, w, b, x, y, 0.05)
            if isinstance(other, (tuple, list)) and len(other) == 2 and _close(new_w, w_ref):
                check.expect(_close(other[0], w - 0.05 * 2 * np.mean(error * x)),
                             f"with learning_rate=0.05 your new w is {_show(other[0])}: use the "
                             f"learning_rate argument, not a fixed number")
    _check_vectorised(check, step, lambda k: (0.5, 0.0, np.linspace(0, 1, k),
                                              np.linspace(1, 2, k), 0.1), name)
    check.done()


def _step_slip(got, old, lr, terms, n, what):
    """Name the combination of slips (the 2, sum or mean, the sign) that explains got."""
    for factor, factor_slip in ((2.0, None), (1.0, "the derivative of (y_hat - y)^2 is "
                                                   "2 (y_hat - y): the factor 2 is missing")):
        for total, total_slip in ((np.mean(terms), None),
                                  (np.sum(terms), f"it is N = {n} times too large: J is the "
                                                  f"mean squared error, so average (np.mean)")):
            for sign, sign_slip in ((1.0, None), (-1.0, f"{what} moved uphill: step against "
                                                        f"the gradient, {what} - learning_rate "
                                                        f"* d{what}")):
                slips = [s for s in (factor_slip, total_slip, sign_slip) if s]
                if slips and _close(got, old - sign * lr * factor * total):
                    return "; ".join(slips)
    return None


# --- 02: the dot product as a loop, and labels for every row ----------------------------

def check_dot_loop(dot_loop):
    """dot_loop(u, v) -> the number sum_d u_d v_d, written as a Python loop (an accumulator)."""
    check = Checker("dot_loop")
    name = getattr(dot_loop, "__name__", "dot_loop")
    cases = [(np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])),
             (np.array([0.5, -1.0, 2.0, 0.0, 3.0, -2.5, 1.5]),
              np.array([2.0, 3.0, -1.0, 4.0, 0.5, 1.0, -2.0]))]
    for u, v in cases:
        got, _ = _call(check, dot_loop, u, v)
        if got is None:
            break
        expected = float(u @ v)
        products = u * v
        hint = _first_match(got, [
            (products, "that is the element-wise product u * v: add its elements up"),
            (products[0], "that is only the first term u[0] * v[0]: is the `return` inside "
                          "the loop? Return after the loop has run"),
            (products[-1], "that is only the last term: `total = u_d * v_d` replaces the "
                           "total; `total += u_d * v_d` adds to it"),
            (expected + 1, "you started the total at 1: a sum starts at 0"),
            (float(np.prod(products)), "you multiplied the terms together: the dot product "
                                       "adds the products u_d * v_d"),
            (float(np.sum(u + v)), "that is sum(u + v): multiply each pair, then add"),
        ])
        if hint is None and not _is_number(got):
            hint = f"{name}(u, v) should return one number; got {_shape_text(got)}"
        if not check.expect(_close(got, expected), hint or (
                f"{name}({_show(u)}, {_show(v)}) should be {expected:.4f}; got {_show(got)}")):
            break
    if not check.problems:
        try:
            with _RecordedWarnings():
                small = count_python_lines(dot_loop, np.ones(_SMALL), np.ones(_SMALL))
                large = count_python_lines(dot_loop, np.ones(_LARGE), np.ones(_LARGE))
        except Exception:
            small = large = 0
        check.expect(large - small >= (_LARGE - _SMALL) // 2,
                     f"{name} ran {small} lines of Python for {_SMALL} numbers and {large} for "
                     f"{_LARGE}: no loop. This exercise is the loop itself, `for u_d, v_d in "
                     f"zip(u, v): total += u_d * v_d`; u.dot(v) comes right after it")
    check.done()


def check_predict_labels(predict_labels):
    """predict_labels(X, w, b) -> the class of every row, 1 where sigmoid(X @ w + b) >= 0.5
    (that is, X @ w + b >= 0), else 0; shape (N,)."""
    check = Checker("predict_labels")
    name = getattr(predict_labels, "__name__", "predict_labels")
    w, b = np.array([1.0, 2.0]), -1.0
    X = np.array([[1.0, 0.0],      # exactly on the line: P = 0.5, label 1
                  [2.0, 1.0], [-1.0, 0.5], [0.0, 0.2], [3.0, -2.0], [0.5, 0.5], [-2.0, 1.0],
                  [0.3, 0.3], [0.2, 0.5]])
    n = len(X)
    a = X @ w + b
    P = sigmoid(a)
    expected = (P >= 0.5).astype(float)
    got, _ = _call(check, predict_labels, X, w, b)
    if got is not None:
        values = _array(got)
        shape_hint = (": a column. Keep w 1-D, shape (D,), so that X @ w is (N,)"
                      if values is not None and values.shape == (n, 1) else "")
        check.expect(values is not None and values.shape == (n,),
                     f"{name}(X, w, b) for X of shape {X.shape} should return one label per row, "
                     f"shape ({n},); got {_shape_text(got)}{shape_hint}")
        flat = values.ravel() if values is not None and values.size == n else got
        hint = _first_match(flat, [
            (P, "those are the probabilities P(y=1|x): turn them into labels, (P >= 0.5)"),
            (np.where(a > 0, 1.0, 0.0), "the first point lies exactly on the line, P = 0.5, and "
                                        "its label should be 1: compare P >= 0.5 (np.round "
                                        "and > 0.5 both give 0 there; np.round rounds 0.5 to "
                                        "the even number 0)"),
            (1 - expected, "your labels are the wrong way round: class 1 where P >= 0.5"),
            ((sigmoid(X @ w) >= 0.5) + 0.0, "your labels ignore the bias: sigmoid(X @ w + b)"),
            ((a >= 0.5) + 0.0, "you compared the logit X @ w + b with 0.5: compare the "
                               "probability sigmoid(X @ w + b) with 0.5, or the logit with 0"),
            (a, "that is the logit X @ w + b: the label is 1 where it is >= 0, else 0"),
        ])
        check.expect(_close(flat, expected),
                     hint or f"{name}(X, w, b) should be {_show(expected)}; got {_show(got)}")
    _check_vectorised(check, predict_labels, lambda k: (np.ones((k, 2)), w, b), name)
    check.done()


# --- 03: maximum likelihood, and the penalties' gradients --------------------------------

def check_coin_mle(coin_mle):
    """coin_mle(flips) -> the maximum-likelihood estimate of P(heads), #heads / N, for flips an
    array of booleans (True = heads) or of 0s and 1s (1 = heads)."""
    check = Checker("coin_mle")
    name = getattr(coin_mle, "__name__", "coin_mle")
    cases = [np.array([True, True, False, True, True, False, True, False, True, True]),
             np.array([1, 0, 0, 1, 0, 0, 0, 0]),
             np.zeros(5, dtype=bool)]
    for flips in cases:
        got, _ = _call(check, coin_mle, flips)
        if got is None:
            break
        heads, n = int(np.sum(flips)), len(flips)
        expected = heads / n
        hint = _first_match(got, [
            (float(heads), "that is the number of heads: divide it by the number of flips N"),
            (1 - expected, "that is the fraction of tails: count the heads (True, or 1)"),
            (heads / max(n - heads, 1), "that is heads / tails, the odds: divide by all the "
                                        "flips, heads + tails = N"),
            ((heads + 1) / (n + 2), "that is Laplace's rule (H + 1) / (N + 2), what a uniform "
                                    "prior gives; the maximum likelihood is H / N"),
            (float(heads // n), "`//` is integer division (7 // 10 is 0): use `/`"),
        ]) if expected != 0 else None
        if hint is None and not _is_number(got):
            hint = f"{name}(flips) should return one number; got {_shape_text(got)}"
        if not check.expect(_close(got, expected), hint or (
                f"{heads} heads in {n} flips: {name}(flips) should be {expected:.4f}; got "
                f"{_show(got)}")):
            break
    check.done()


def check_penalty_gradients(l1_gradient, l2_gradient):
    """l1_gradient(w, l1) -> l1 * sign(w), the gradient of l1 * sum(|w_d|);
    l2_gradient(w, l2) -> l2 * w, the gradient of (l2 / 2) * sum(w_d^2). Both of shape (D,)."""
    check = Checker("penalty_gradients")
    w = np.array([2.0, -0.5, 0.0, 0.1, -3.0])
    lam = 0.3

    got, _ = _call(check, l2_gradient, w, lam)
    if got is not None:
        l2_name = getattr(l2_gradient, "__name__", "l2_gradient")
        hint = _first_match(got, [
            (2 * lam * w, "that is the gradient of l2 * sum(w ** 2); the penalty here is "
                          "(l2 / 2) * sum(w ** 2), whose 1/2 cancels the 2: l2 * w"),
            (-lam * w, "the sign is flipped: the penalty's gradient l2 * w points away from 0, "
                       "and the step w - learning_rate * gradient pulls w back towards 0"),
            (lam * w ** 2, "you squared w again: the derivative of w ** 2 / 2 is w"),
            (lam / 2 * w ** 2, "that is the penalty of each weight, (l2 / 2) w ** 2, not its "
                               "derivative l2 * w"),
            (lam * np.sign(w), "that is L1's gradient, l1 * sign(w); L2's is l2 * w"),
            (w, "that is w alone: multiply by l2"),
        ])
        if hint is None and _is_number(got):
            hint = (f"{l2_name}(w, l2) should return one number per weight, shape {w.shape}; got "
                    f"the number {_show(got)}: the penalty (a number) is not its gradient")
        check.expect(_close(got, lam * w), hint or (
            f"{l2_name}(w={_show(w)}, l2={lam}) should be {_show(lam * w)}; got {_show(got)}"))
        other, _ = _call(check, l2_gradient, w, 2.0)
        if other is not None and _close(got, lam * w):
            check.expect(_close(other, 2.0 * w), f"with l2=2.0 {l2_name} gave {_show(other)}: "
                                                 f"use the l2 argument, not a fixed number")

    with _RecordedWarnings():
        got, _ = _call(check, l1_gradient, w, lam)
    if got is not None:
        l1_name = getattr(l1_gradient, "__name__", "l1_gradient")
        values = _array(got)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = lam * w / np.abs(w)
        hint = _first_match(got, [
            (lam * np.abs(w), "that is the penalty of each weight, l1 * |w|, not its derivative: "
                              "l1 * sign(w)"),
            (lam * w, "that is L2's gradient, proportional to w; L1's is l1 * sign(w): the same "
                      "pull for every weight, however small"),
            (-lam * np.sign(w), "the sign is flipped: l1 * sign(w), so that the step pulls each "
                                "weight towards 0"),
            (np.full(w.shape, lam), "every weight got l1, whatever its sign: l1 * sign(w), so "
                                    "negative weights are pushed up, towards 0"),
            (np.sign(w), "that is sign(w) alone: multiply by l1"),
        ])
        if hint is None and values is not None and values.shape == w.shape and \
                np.isnan(values[2]) and _close(np.delete(values, 2), np.delete(ratio, 2)):
            hint = ("w / |w| is nan at w = 0 (0 / 0): np.sign(w) is 0 there, so a weight at 0 "
                    "stays at 0")
        if hint is None and _is_number(got):
            hint = (f"{l1_name}(w, l1) should return one number per weight, shape {w.shape}; got "
                    f"the number {_show(got)}")
        check.expect(_close(got, lam * np.sign(w)), hint or (
            f"{l1_name}(w={_show(w)}, l1={lam}) should be {_show(lam * np.sign(w))}; got "
            f"{_show(got)}"))
        other, _ = _call(check, l1_gradient, w, 2.0)
        if other is not None and _close(got, lam * np.sign(w)):
            check.expect(_close(other, 2.0 * np.sign(w)),
                         f"with l1=2.0 {l1_name} gave {_show(other)}: use the l1 argument, not a "
                         f"fixed number")
    for function in (l1_gradient, l2_gradient):
        _check_vectorised(check, function, lambda k: (np.linspace(-1, 1, k), 0.1),
                          getattr(function, "__name__", "your function"))
    check.done()


def check_training_l2(train_l2):
    """train_l2(X, T, learning_rate, n_steps, l2) -> (w, b, costs): check_training's loop on
    J + (l2 / 2) sum(w^2), J the mean cross-entropy: dw gets + l2 * w, db nothing. costs
    hold the penalised cost, before or after each step."""
    check = Checker("train_l2")
    name = getattr(train_l2, "__name__", "train_l2")
    X, T = _training_problem()
    lr, n_steps, l2 = 0.5, 30, 0.5
    w_ref, b_ref, before, after = _train(X, T, lr, n_steps, l2=l2)
    result, _ = _call(check, train_l2, X, T, lr, n_steps, l2)
    unpacked = _unpack_result(check, result, ("w", "b", "costs"),
                              f"{name}(X, T, learning_rate, n_steps, l2)")
    if unpacked is not None:
        w, b, costs = unpacked
        if not (_shape(w) == (2,) and _is_number(b)):
            check.fail(f"w should have shape (2,) and b be one number; got {_shape_text(w)} and "
                       f"{_shape_text(b)}")
        else:
            slips = [
                (dict(l2=0.0), "no penalty: the weights are those of plain training. Add "
                               "l2 * w to dw"),
                (dict(l2=l2, l2_factor=2.0), "the penalty's gradient is l2 * w, not 2 * l2 * w: "
                                              "the 1/2 in (l2 / 2) sum(w ** 2) cancels the 2"),
                (dict(l2=l2, l2_factor=-1.0), "the penalty pushes the weights away from 0: add "
                                               "+ l2 * w to dw (then w - learning_rate * dw "
                                               "shrinks them)"),
                (dict(l2=l2, l2_on_bias=True), "the bias is penalised too: only w gets + l2 * w; "
                                                "b only shifts the line"),
            ]
            slip = next((hint for kwargs, hint in slips
                         if _close(w, _train(X, T, lr, n_steps, **kwargs)[0], rtol=1e-5)
                         and _close(b, _train(X, T, lr, n_steps, **kwargs)[1], rtol=1e-5)), None)
            right = check.expect(
                _close(w, w_ref, rtol=1e-5) and _close(b, b_ref, rtol=1e-5),
                slip or f"after {n_steps} steps with learning_rate={lr}, l2={l2} from w = 0, "
                        f"b = 0, w should be {_show(w_ref)} and b {b_ref:.4f}; got w = "
                        f"{_show(w)}, b = {_show(b)}")
            costs = _array(costs)
            if right and check.expect(costs is not None and costs.shape == (n_steps,),
                                      f"costs should hold one cost per step, {n_steps}; got "
                                      f"{_shape_text(costs)}"):
                _, _, plain_before, plain_after = _train(X, T, lr, n_steps, l2=l2,
                                                         cost_penalty=False)
                unpenalised = _close(costs, plain_before) or _close(costs, plain_after)
                check.expect(_close(costs, before) or _close(costs, after),
                             "your costs leave the penalty out: record J + (l2 / 2) * "
                             "sum(w ** 2), the cost whose gradient you follow" if unpenalised
                             else f"costs should be J + (l2 / 2) sum(w ** 2) at each step, "
                                  f"{_show(before)}; got {_show(costs)}")
            other, _ = _call(check, train_l2, X, T, lr, n_steps, 5 * l2)
            if right and isinstance(other, (tuple, list)) and len(other) == 3:
                check.expect(not _close(other[0], w),
                             f"with l2={5 * l2} your w is the same as with l2={l2}: use the l2 "
                             f"argument")

    def args(k):
        return *_training_problem(n=k), 0.1, 2, 0.1

    _check_vectorised(check, train_l2, args, name)
    check.done()
