"""The inputs the network sees: functions of the two coordinates x1 and x2.

TensorFlow Playground lets you feed a network more than x1 and x2: with x1^2
and x2^2 as inputs, a network with no hidden layer draws a circle, the lesson
of notebook 10 (a good feature can replace a hidden layer).

    Phi = make_features(X, ("x1", "x2", "x1^2", "x2^2"))   # (N, 4)

FEATURES maps each name to its function of X (N, 2) -> (N,).
"""

import numpy as np

FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1^2": lambda X: X[:, 0] ** 2,
    "x2^2": lambda X: X[:, 1] ** 2,
    "x1*x2": lambda X: X[:, 0] * X[:, 1],
    "sin x1": lambda X: np.sin(X[:, 0]),
    "sin x2": lambda X: np.sin(X[:, 1]),
}
DEFAULT_FEATURES = ("x1", "x2")


def check_features(features):
    """features as a tuple of names of FEATURES (at least one, no repeats), or a ValueError."""
    if isinstance(features, str):
        features = (features,)
    features = tuple(features)
    unknown = [f for f in features if f not in FEATURES]
    if unknown or not features or len(set(features)) != len(features):
        raise ValueError(f"features must be distinct names from {list(FEATURES)}, at least one; "
                         f"got {features!r}")
    return features


def make_features(X, features=DEFAULT_FEATURES):
    """The columns `features` (names of FEATURES) computed from points X (N, 2): (N, F)."""
    features = check_features(features)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must be (N, 2) points of the plane; got shape {X.shape}")
    return np.column_stack([FEATURES[f](X) for f in features])
