"""Check a hand-derived gradient against a numerical one.

The centred difference (f(x + h) - f(x - h)) / 2h approximates df/dx with an
error of order h^2, so with h = 1e-5 in float64 an analytic gradient that is
right agrees to about 1e-8 relative error; a wrong one (a missing factor, a
transposed matrix, a forgotten bias) is off by far more.

Introduced in 03 (the neuron's gradient) and used for every gradient after it.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """df/dx by centred differences, one element of x at a time.

    f: a function of no arguments that reads x and returns a number.
    x: a float array that f reads; it is changed in place during the call and
       restored before returning. Returns an array of x's shape.
    """
    x = _check_float_array(x, "x")
    grad = np.zeros_like(x, dtype=float)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = f()
        x[index] = original - h
        f_minus = f()
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b):
    """max |a - b| / max(|a| + |b|, 1e-8), element-wise: 0 for equal arrays."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def check_model_gradients(model, X, y, h=1e-5):
    """Relative error of model.gradients(X, y) against numerical gradients of model.cost.

    model: a fitted course_utils model (LogisticRegression, SoftmaxRegression, MLP).
    Returns {parameter name: relative error}; each should be below 1e-6 in float64.
    """
    analytic = model.gradients(X, y)
    errors = {}
    for name, param in model.parameters().items():
        numeric = numerical_gradient(lambda: model.cost(X, y), param, h)
        errors[name] = rel_error(analytic[name], numeric)
    return errors


def _check_float_array(x, name):
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(
            f"{name} must be a float NumPy array that f reads (it is perturbed in place); "
            f"got {type(x).__name__}")
    return x
