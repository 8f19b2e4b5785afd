"""Input checks at the boundary of course_utils, in the learner's language.

Every public function checks its arguments here before doing any work, so
that a wrong call fails at once with a message that names the argument (and
the row or column) instead of deep inside NumPy. The rules:

- A number may be a Python int or float or a NumPy scalar (np.float32(0.1),
  np.int64(5)); a bool is not a number here (True would silently mean 1),
  nor is a string. Wrong type: TypeError; right type, wrong value: ValueError.
- An array is converted with np.asarray; what cannot be converted to numbers
  is a TypeError naming the argument.

scikit-learn keeps the same checks in sklearn/utils/validation.py.
"""

import numbers

import numpy as np


class InvalidArgumentError(ValueError, TypeError):
    """A wrong argument: a ValueError and a TypeError both, so either `except` catches it.

    (scikit-learn's InvalidParameterError does the same.)
    """


def check_number(value, name, rule, low=None, high=None, low_open=False, whole=False):
    """`value` as a Python float (or int if whole), after checking it is a finite number.

    rule: how the message says what is allowed, e.g. "a positive number".
    low, high: the allowed range (inclusive; low_open=True excludes low).
    whole: it must be an integer type (a float, even 3.0, is refused).
    Raises InvalidArgumentError "<name> must be <rule>; got <value>" for a bool,
    a string, None, an array, NaN, infinity or a value out of range.
    """
    accepted = numbers.Integral if whole else numbers.Real
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, accepted):
        raise InvalidArgumentError(f"{name} must be {rule}; got {_shown(value)} "
                                   f"(a {type(value).__name__})")
    number = int(value) if whole else float(value)
    out_of_range = ((low is not None and (number <= low if low_open else number < low))
                    or (high is not None and number > high))
    if not np.isfinite(number) or out_of_range:
        raise InvalidArgumentError(f"{name} must be {rule}; got {value!r}")
    return number


def check_float_array(x, name):
    """x as a float NumPy array (float32 stays float32); TypeError naming `name` otherwise."""
    if x is None:
        raise TypeError(f"{name} must be an array of numbers; got None")
    try:
        x = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise TypeError(f"{name} must be an array of numbers; got {type(x).__name__} ({err})") from None
    if x.dtype.kind == "f":
        return x
    if x.dtype.kind not in "iub":
        raise TypeError(f"{name} must be an array of numbers; got an array of {_kind(x)}")
    return x.astype(float)


def check_not_empty(x, name):
    """Raise ValueError if array x has no elements (a mean over nothing is NaN)."""
    if x.size == 0:
        raise ValueError(f"{name} is empty (shape {x.shape}); it needs at least one value")
    return x


def check_X(X, name, dtype=np.float64):
    """X as a finite 2-D array (N, D) of `dtype` with at least one row."""
    if X is None:
        raise ValueError(f"{name} must be a numeric array of shape (N, D); got None")
    try:
        X = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric array of shape (N, D); got {type(X).__name__} "
                         f"holding something that is not a number") from None
    if X.ndim != 2:
        hint = " (one feature? use X.reshape(-1, 1))" if X.ndim == 1 else ""
        raise ValueError(f"{name} must be 2-D, shape (N, D); got shape {X.shape}{hint}")
    if len(X) == 0:
        raise ValueError(f"{name} has no rows; a model needs at least one sample")
    if not np.all(np.isfinite(X)):
        row, col = np.argwhere(~np.isfinite(X))[0]
        raise ValueError(f"{name} has a NaN or infinite value at row {row}, column {col}")
    return X


def check_labels(y, n_rows, name):
    """Integer class labels (N,) as int64: whole numbers >= 0, one per row of X."""
    if y is None:
        raise ValueError(f"{name} is missing: pass the labels of the {n_rows} rows")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        raise ValueError(
            f"{name} must be integer labels of shape (N,), not one-hot {y.shape}; "
            f"use y.argmax(axis=1)")
    y = y.reshape(-1) if y.ndim == 2 else y
    if y.ndim != 1 or len(y) != n_rows:
        raise ValueError(f"{name} must have shape ({n_rows},) to match X; got {y.shape}")
    if y.dtype.kind not in "iubf":
        position = _first_non_number(y)
        raise TypeError(f"{name} must hold integer class labels 0, 1, ..., K-1; got "
                        f"{y.tolist()[position]!r} at position {position} (an array of {_kind(y)}); "
                        f"turn names into numbers first, e.g. np.unique(y, return_inverse=True)[1]")
    whole = y.dtype.kind in "iub" or np.all(np.mod(y, 1) == 0)
    if not whole:
        raise ValueError(f"{name} must hold integer class labels 0, 1, ..., K-1")
    y = y.astype(np.int64)
    if y.min() < 0:
        raise ValueError(f"{name} has a negative label ({y.min()}); labels are 0, 1, ..., K-1")
    return y


def check_classes(y, name, n_classes=None):
    """The number of classes K for training on labels y (checked by check_labels).

    A classifier needs two classes or more, and labels 0, 1, ..., K-1 with none
    missing: labels 0 and 2 alone would silently train a 3-class model whose
    class 1 never occurs. With n_classes given, classes may be missing from y
    (a small training set may lack a rare class) but no label may reach n_classes.
    """
    present = np.unique(y)
    if len(present) < 2:
        raise ValueError(f"{name} has only one class ({present[0]}): a classifier needs "
                         f"examples of at least two classes")
    found = int(present[-1]) + 1
    if n_classes is None:
        if len(present) != found:
            missing = sorted(set(range(found)) - set(present.tolist()))
            raise ValueError(
                f"{name} has labels {_listed(present)} but no {_listed(missing)}: labels must be "
                f"0, 1, ..., K-1 with every class present. Renumber them "
                f"(np.unique(y, return_inverse=True)[1]) or pass n_classes={found} if the "
                f"missing classes are real")
        return found
    if found > n_classes:
        raise ValueError(f"{name} has label {found - 1} but n_classes={n_classes}")
    return n_classes


def check_hidden_layer_sizes(sizes):
    """Units per hidden layer as a tuple of ints: 5 -> (5,), (8, 4) -> (8, 4), () -> ()."""
    if isinstance(sizes, numbers.Integral) and not isinstance(sizes, (bool, np.bool_)):
        sizes = (sizes,)
    try:
        whole = all(isinstance(m, numbers.Integral) and not isinstance(m, (bool, np.bool_)) and m >= 1
                    for m in sizes)
    except TypeError:  # not iterable
        whole = False
    if isinstance(sizes, (str, bytes)) or not whole:
        raise InvalidArgumentError(
            f"hidden_layer_sizes must be whole numbers >= 1, like (5,) or (8, 8); got {sizes!r}")
    return tuple(int(m) for m in sizes)


def check_fitted(model):
    """RuntimeError if model.fit has not run (nor from_weights)."""
    if not hasattr(model, "n_features_in_"):
        raise RuntimeError(
            f"This {type(model).__name__} is not fitted yet: call fit(X, y) first")


def _shown(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(x):
    return {"U": "strings", "S": "bytes", "O": "Python objects", "c": "complex numbers",
            "M": "dates", "m": "time differences"}.get(x.dtype.kind, str(x.dtype))


def _first_non_number(y):
    for position, value in enumerate(y.tolist()):
        if isinstance(value, (bool, str, bytes)) or not isinstance(value, numbers.Real):
            return position
    return 0


def _listed(values):
    values = [int(v) for v in values]
    if len(values) > 6:
        return ", ".join(map(str, values[:6])) + ", ..."
    return ", ".join(map(str, values))
