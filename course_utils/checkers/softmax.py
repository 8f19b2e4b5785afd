"""Checkers for the exercises of notebook 07 (softmax regression).

    check_softmax(softmax)                        a stable, vectorised softmax over the rows
    check_cross_entropy(cross_entropy)            the mean categorical cross-entropy
    check_softmax_gradients_loops(gradients)      dJ/dW and dJ/db with loops (values only)
    check_softmax_gradients(gradients)            the same, vectorised

Shapes as in course_utils.math and course_utils.models: logits A and
probabilities P are (N, K), one row per sample; X is (N, D), W is (D, K),
b is (K,), one-hot targets T are (N, K). The cost is the MEAN over the samples,
J = -1/N sum_n sum_k T_nk log P_nk, so dJ/dW = X^T (P - T) / N, dJ/db = sum_n (P - T) / N.

Each prints "<exercise>: all n checks passed." or raises ExerciseError with a
hint for every problem (the axis of the sum, a forgotten keepdims, overflow,
the max of the whole array instead of each row's, the sign, the 1/N...).
"""

import numpy as np

from ..math import one_hot_targets, sigmoid
from ..math import softmax as _softmax
from . import Checker, as_array as _array, call_learner, expect_vectorised, first_match, is_close
from . import shape_text as _shape_text, show as _show, unpack as _pair

_VECTORISED_ADVICE = ("work on the whole array: np.exp(A), A.max(axis=1, keepdims=True), "
                      "... .sum(axis=1, keepdims=True)")


def _close(got, expected):
    """got has expected's shape and (finite or not) values."""
    return is_close(got, expected, atol=1e-9, equal_nan=True)


def _first_match(got, candidates):
    return first_match(got, candidates, _close)


def _shape_advice(message):
    if "broadcast" in message or "matmul" in message or "shapes" in message:
        return (". Shapes: X (N, D), W (D, K), b (K,), A and P (N, K); a sum over the "
                "classes, A.sum(axis=1), has shape (N,): keep it a column (N, 1) with "
                "keepdims=True to divide each row by its own sum")
    return ""


def _result_and_warnings(check, function, *args, none_is_a_problem=True):
    """The learner's result (call_learner) and the texts of NumPy's warnings in this call.

    None after a recorded problem: an exception (with advice about shapes when NumPy
    could not broadcast) or, if none_is_a_problem, a missing `return`.
    """
    n_problems, n_warnings = len(check.problems), len(check.warnings)
    result = call_learner(check, function, *args)
    if result is None and len(check.problems) > n_problems:
        check.problems[-1] += _shape_advice(check.problems[-1])
        return None, []
    if result is None and none_is_a_problem:
        name = getattr(function, "__name__", "your function")
        check.fail(f"{name} returned None: is a `return` missing?")
    return result, check.warnings[n_warnings:]


# --- a stable softmax -----------------------------------------------------------------------------

def check_softmax(softmax):
    """softmax(A) -> P: for logits A (N, K), P[n] = exp(A[n]) / sum(exp(A[n])), each row
    summing to 1, without overflow for large logits."""
    check = Checker("softmax")
    name = getattr(softmax, "__name__", "softmax")
    A = np.array([[1.0, 2.0, 0.5],
                  [0.0, 0.0, 0.0],
                  [-1.0, 3.0, 2.0],
                  [2.0, -2.0, 0.1]])  # (4, 3): not square, so a wrong axis cannot hide
    expected = _softmax(A)
    P, caught = _result_and_warnings(check, softmax, A)
    right = False
    if P is not None:
        e = np.exp(A)
        column_sums = e / e.sum(axis=0, keepdims=True)
        hint = _first_match(P, [
            (column_sums, "the COLUMNS sum to 1: the sum runs over the classes of each sample, "
                          "axis=1 (with keepdims=True)"),
            (e, "that is exp(A); divide each row by its sum"),
            (e / e.sum(), "the whole array sums to 1; each ROW should: "
                          "e.sum(axis=1, keepdims=True)"),
            (sigmoid(A), "that is the sigmoid of each logit; softmax divides by the sum over "
                         "the row"),
        ])
        if hint is None and _array(P) is not None and np.shape(P) != A.shape:
            hint = (f"for A of shape {A.shape} the result should have the same shape; got "
                    f"{_shape_text(P)}"
                    + (": without keepdims=True the row sums have shape (N,) and broadcast "
                       "along the wrong axis" if np.ndim(P) == 2 else ""))
        right = check.expect(_close(P, expected),
                             f"{name}({_show(A)}) should be {_show(expected)}; got {_show(P)}"
                             + (f": {hint}" if hint else ""))

    square = np.array([[1.0, 2.0, 3.0], [0.0, 5.0, 1.0], [2.0, 2.0, -1.0]])
    P_square, _ = _result_and_warnings(check, softmax, square) if right else (None, None)
    if P_square is not None:
        e = np.exp(square)
        check.expect(_close(P_square, _softmax(square)),
                     "right for a (4, 3) array but wrong for a square (3, 3) one"
                     + (": the row sums need keepdims=True (shape (N, 1)), else they broadcast "
                        "along the columns" if _close(P_square, e / e.sum(axis=1)) else ""))

    # Logits of a few hundred happen (a confident network, unscaled inputs); exp(710) = inf.
    large = np.array([[1000.0, 1001.0, 999.0], [998.0, 1000.0, 1002.0]])
    P_large, caught = _result_and_warnings(check, softmax, large) if right else (None, None)
    if P_large is not None:
        values = _array(P_large)
        overflow = values is None or not np.all(np.isfinite(values)) or any(
            "overflow" in m or "invalid" in m for m in caught)
        check.expect(not overflow and _close(P_large, _softmax(large)),
                     f"{name}([[1000, 1001, 999], ...]) should be {_show(_softmax(large))}; got "
                     f"{_show(P_large)}"
                     + (": np.exp(1000) overflows to inf and inf / inf is nan. Subtract each "
                        "row's maximum first, A - A.max(axis=1, keepdims=True): it cancels in "
                        "the fraction and makes the largest exponent exp(0) = 1"
                        if overflow else ""))

    # Rows on very different scales: the max of the whole array is not enough.
    mixed = np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]])
    P_mixed, _ = _result_and_warnings(check, softmax, mixed) if right else (None, None)
    if P_mixed is not None and _close(P_large, _softmax(large)):
        values = _array(P_mixed)
        check.expect(values is not None and np.all(np.isfinite(values))
                     and _close(P_mixed, _softmax(mixed)),
                     f"{name}([[0, 1, 2], [1000, 1001, 1002]]) should give the same row twice, "
                     f"{_show(_softmax(mixed)[0])}; got {_show(P_mixed)}. Subtract each ROW's "
                     f"maximum (A.max(axis=1, keepdims=True)), not the largest value of the "
                     f"whole array: for the first row exp(0 - 1002) underflows to 0, and 0 / 0 "
                     f"is nan")

    P_one, _ = _result_and_warnings(check, softmax, A[:1]) if right else (None, None)
    if P_one is not None:
        check.expect(_close(P_one, expected[:1]),
                     f"one sample, A of shape (1, 3), should give shape (1, 3); got "
                     f"{_shape_text(P_one)}")

    expect_vectorised(check, softmax, lambda n: (np.tile(A[:2], (n // 2, 1)),), name,
                      advice=_VECTORISED_ADVICE)
    return check.done()


# --- the gradient of the mean categorical cross-entropy ---------------------------------------------

def _problem(n=7, d=3, k=4, seed=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.arange(n) % k
    return X, one_hot_targets(y, k), rng.normal(size=(d, k)), rng.normal(size=k)


def check_softmax_gradients(gradients):
    """gradients(X, T, W, b) -> (dW, db): the gradient of the MEAN categorical cross-entropy
    of softmax regression, P = softmax(X W + b): dW = X^T (P - T) / N, shape (D, K);
    db = sum over the samples of (P - T) / N, shape (K,). Vectorised: no loop over the rows."""
    return _check_gradients(gradients, "softmax_gradients", vectorised=True)


def check_softmax_gradients_loops(gradients_loops):
    """The same gradients as check_softmax_gradients, written with Python loops over the
    samples and classes (CS231n's "naive" version): only the values and shapes are checked."""
    return _check_gradients(gradients_loops, "softmax_gradients_loops", vectorised=False)


def _check_gradients(gradients, exercise, vectorised):
    check = Checker(exercise)
    name = getattr(gradients, "__name__", "gradients")
    X, T, W, b = _problem()
    n, d = X.shape
    k = T.shape[1]
    P = _softmax(X @ W + b)
    expected_dW, expected_db = X.T @ (P - T) / n, (P - T).sum(axis=0) / n

    n_problems = len(check.problems)
    result, _ = _result_and_warnings(check, gradients, X, T, W, b, none_is_a_problem=False)
    raised = result is None and len(check.problems) > n_problems
    pair = None if raised else _pair(check, result, ("dW", "db"), f"{name}(X, T, W, b)")
    if pair is not None:
        dW, db = pair
        shape_hint = ""
        if np.shape(dW) == (k, d):
            shape_hint = ": that is (K, D), transposed. dW = X.T @ (P - T) has W's shape"
        elif np.shape(dW) == (n, n) or np.shape(dW) == (d, d):
            shape_hint = ": check which side X.T goes: X.T @ (P - T), (D, N) @ (N, K)"
        check.expect(np.shape(dW) == W.shape,
                     f"dW should have W's shape {W.shape}; got {_shape_text(dW)}{shape_hint}")
        db_hint = ""
        if np.shape(db) == (n, k):
            db_hint = ": sum (P - T) over the samples, axis=0"
        elif np.shape(db) == (n,):
            db_hint = ": that sums over the classes, axis=1; sum over the samples, axis=0"
        elif np.ndim(db) == 0:
            db_hint = ": one bias per class, so one gradient per class; sum over axis=0 only"
        check.expect(np.shape(db) == b.shape,
                     f"db should have b's shape {b.shape}; got {_shape_text(db)}{db_hint}")

        for what, got, expected, of in (("dW", dW, expected_dW, lambda E: X.T @ E),
                                        ("db", db, expected_db, lambda E: E.sum(axis=0))):
            if np.shape(got) != np.shape(expected):
                continue
            slips = []
            for P_used, p_hint in ((P, None),
                                   (_softmax(X @ W), "P ignores the bias: P = softmax(X @ W + b)"),
                                   (sigmoid(X @ W + b), "P uses the sigmoid; softmax regression "
                                                        "uses softmax over the classes")):
                for scale, s_hint in ((1 / n, None),
                                      (1.0, f"{n} = N times too large: you summed over the "
                                            f"samples; the cost is the mean, so divide by N"),
                                      (1 / n ** 2, "N times too small: divided by N twice")):
                    for sign, sign_hint in ((1, None),
                                            (-1, "the sign is flipped: the cost's gradient is "
                                                 "(P - T), not (T - P)")):
                        hints = [h for h in (p_hint, s_hint, sign_hint) if h]
                        if hints:
                            slips.append((sign * scale * of(P_used - T), "; ".join(hints)))
            if what == "dW":
                slips.append((X.T @ ((P - T) * P * (1 - P)) / n,
                              "an extra factor P (1 - P): that is the sigmoid's derivative; "
                              "for softmax with cross-entropy dJ/dA is simply (P - T) / N"))
            slip = _first_match(got, slips)
            check.expect(_close(got, expected),
                         f"{what}: expected {_show(expected)}, got {_show(got)}"
                         + (f": {slip}" if slip else ""))

    if vectorised:
        def args(rows):
            X_, T_, W_, b_ = _problem(n=rows)
            return X_, T_, W_, b_

        expect_vectorised(check, gradients, args, name,
                          advice="work on whole arrays: P = softmax(X @ W + b) for all rows, "
                                 "then X.T @ (P - T) / N and (P - T).sum(axis=0) / N")
    return check.done()


# --- the categorical cross-entropy --------------------------------------------------------------------

def check_cross_entropy(cross_entropy):
    """cross_entropy(T, P) -> J, one number: the MEAN categorical cross-entropy
    J = -1/N sum_n sum_k T_nk log P_nk, for one-hot targets T and probabilities P, both
    (N, K). A probability of exactly 0 in a class that is not the target must not make J nan."""
    check = Checker("cross_entropy")
    name = getattr(cross_entropy, "__name__", "cross_entropy")
    y = np.array([2, 0, 1, 2, 3])
    T = one_hot_targets(y, 4)
    P = _softmax(np.array([[0.5, 1.0, 2.0, -1.0],
                           [2.0, 0.1, -0.3, 0.0],
                           [0.0, 0.2, 0.1, 0.4],
                           [1.0, 1.0, 3.0, 0.5],
                           [-1.0, 0.5, 0.0, 1.5]]))  # (5, 4): N and K differ
    n, k = T.shape
    right_class = P[np.arange(n), y]
    expected = float(-np.mean(np.log(right_class)))

    J, caught = _result_and_warnings(check, cross_entropy, T, P)
    if J is not None:
        value = _array(J)
        if value is not None and value.shape == (n,):
            check.fail(f"{name}(T, P) returned {n} numbers, one per sample; J is one number, "
                       f"their MEAN over the samples")
        elif value is None or value.size != 1:
            check.fail(f"{name}(T, P) should return one number, {expected:.4f}; got "
                       f"{_shape_text(J)}")
        else:
            with np.errstate(all="ignore"):
                slips = [
                    (n * expected, f"{n} = N times too large: you summed over the samples; J "
                                   f"is the mean, divide by N"),
                    (-expected, "the sign is flipped: J = -mean(sum T log P); log P < 0, so J "
                                "is positive"),
                    (expected / k, f"{k} = K times too small: np.mean over the whole (N, K) "
                                   f"array divides by N K; sum over the classes, average over "
                                   f"the samples"),
                    (float(-np.mean(np.sum(T * np.log(P) + (1 - T) * np.log(1 - P), axis=1))),
                     "that is the BINARY cross-entropy summed over the classes; with softmax "
                     "only the target class counts: -mean(sum_k T log P)"),
                    (float(-np.mean(np.sum(np.log(P), axis=1))),
                     "the log of every probability was summed; multiply by T so only the "
                     "target class counts"),
                    (float(-np.mean(np.log10(right_class))),
                     "that is log base 10; the cross-entropy uses the natural log, np.log"),
                ]
            slip = _first_match(value.reshape(()), slips)
            check.expect(_close(value.reshape(()), expected),
                         f"{name}(T, P) should be {expected:.4f}; got {_show(value)}"
                         + (f": {slip}" if slip else ""))

    # An exact 0 where the target is 0: softmax gives it when logits are far apart.
    P_zero = np.array([[0.0, 0.3, 0.7], [0.5, 0.5, 0.0]])
    T_zero = one_hot_targets(np.array([2, 0]), 3)
    expected_zero = float(-np.mean(np.log([0.7, 0.5])))
    J_zero, caught_zero = _result_and_warnings(check, cross_entropy, T_zero, P_zero)
    if J_zero is not None:
        value = _array(J_zero)
        finite = value is not None and value.size == 1 and bool(np.isfinite(value).all())
        check.expect(finite and _close(value.reshape(()), expected_zero),
                     f"with P = [[0, 0.3, 0.7], [0.5, 0.5, 0]] and targets 2 and 0, J should be "
                     f"{expected_zero:.4f}; got {_show(J_zero)}"
                     + (": T * np.log(P) is 0 * log(0) = 0 * -inf = nan where a wrong class has "
                        "probability 0. Take only the target class's probability, "
                        "P[T == 1] (or P[np.arange(N), labels]), or clip P first, "
                        "np.clip(P, 1e-15, 1)" if not finite or any(
                            "invalid" in m or "divide" in m for m in caught_zero) else ""))
    return check.done()
