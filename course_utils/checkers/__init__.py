"""Checkers for the notebooks' exercises: they say what is wrong, not just "failed".

Each topic has its own module (neuron, ecommerce, networks, ...) whose
check_* functions take the learner's answer, try it on small cases, and either
print how many checks passed or raise ExerciseError listing every problem found
with a hint ("your softmax rows do not sum to 1: did you sum over axis=1?").

This module holds what every checker shares: the Checker that collects
problems and call_safely, which turns an exception in the learner's code into
a readable problem instead of a traceback from deep inside NumPy.
"""

import numpy as np


class ExerciseError(AssertionError):
    """An exercise answer is not right yet; the message lists what to fix."""


class Checker:
    """Collects the results of one exercise's checks.

        check = Checker("sigmoid")
        check.expect(np.isclose(answer(0.0), 0.5), "sigmoid(0) should be 0.5")
        check.done()   # prints "sigmoid: all 1 checks passed." or raises ExerciseError
    """

    def __init__(self, exercise):
        self.exercise = exercise
        self.n_checks = 0
        self.problems = []

    def expect(self, condition, hint):
        """Count one check; remember `hint` when `condition` is false. Returns the condition."""
        self.n_checks += 1
        if not condition:
            self.problems.append(hint)
        return bool(condition)

    def fail(self, hint):
        """Record a problem found outside expect (e.g. an exception in the answer)."""
        self.n_checks += 1
        self.problems.append(hint)

    def done(self):
        if self.problems:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            raise ExerciseError(
                f"{self.exercise}: {len(self.problems)} of {self.n_checks} checks failed:\n{listed}")
        print(f"{self.exercise}: all {self.n_checks} checks passed.")


def call_safely(check, function, *args, **kwargs):
    """Call the learner's function; on an exception, record it as a problem and return None."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # the learner's code may raise anything
        name = getattr(function, "__name__", "your function")
        check.fail(f"{name}{_describe_args(args)} raised {type(error).__name__}: {error}")
        return None


def same_shape(check, result, expected, what):
    """expect that result is an array of expected's shape; hint with both shapes."""
    shape = np.shape(result) if result is not None else None
    return check.expect(
        shape == np.shape(expected),
        f"{what} should have shape {np.shape(expected)}, got {shape}")


def unpack(check, result, names, call):
    """The len(names) values the learner returned, or None after recording a hint.

    names: what the function should return, e.g. ("w", "b"); call: how the
    hint names the call, e.g. "gradient_step(w, b, dw, db, 0.1)".
    """
    if isinstance(result, (tuple, list)) and len(result) == len(names):
        return tuple(result)
    if result is None:
        got = "None (is a `return` missing?)"
    elif isinstance(result, (tuple, list)):
        got = f"{len(result)} values"
    else:
        got = f"one {type(result).__name__}"
    check.fail(f"{call} should return {len(names)} values, `return {', '.join(names)}`; got {got}")
    return None


def as_array(value):
    """value as a float array, or None when it is not numeric (None, a ragged list, ...)."""
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def is_close(got, expected, rtol=1e-6, atol=1e-10, equal_nan=False):
    """got has expected's shape and values (NaN equals NaN only with equal_nan)."""
    got = as_array(got)
    return (got is not None and got.shape == np.shape(expected)
            and bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def show(value):
    """A short, rounded text of a value for a hint."""
    a = as_array(value)
    if a is None:
        return repr(value)
    return np.array2string(np.round(a, 4) + 0.0, precision=4, separator=", ", threshold=8)


def shape_text(value):
    """"shape (3, 4)" for an array, else the value's type and repr."""
    a = as_array(value)
    return f"shape {a.shape}" if a is not None else f"{type(value).__name__} {value!r}"


def first_match(got, candidates, close=is_close):
    """The hint of the first (expected, hint) in candidates that got equals, else None.

    candidates list the results of typical mistakes, so a wrong answer can be
    named ("you summed instead of averaging") rather than only called wrong.
    """
    return next((hint for expected, hint in candidates if close(got, expected)), None)


def _describe_args(args):
    shapes = ", ".join(f"array{np.shape(a)}" if np.ndim(a) else repr(a) for a in args)
    return f"({shapes})"
