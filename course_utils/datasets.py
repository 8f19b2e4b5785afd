"""Small 2-D data sets that show what a model can and cannot learn.

Each function returns X (N, 2) float64 and y (N,) int64, and takes a `seed`
so the same call always gives the same points.

- make_blobs: two linearly separable clouds (logistic regression is enough), 03
- make_clouds: three Gaussian clouds, three classes (softmax), 07-09
- make_xor: the four quadrants, labels x1 * x2 > 0 (no line separates them), 10
- make_donut: an inner disc inside an outer ring (no line either), 10
- make_spirals: interleaved spiral arms (hard even for small networks), 14
"""

import numpy as np

from .validation import check_number


def make_blobs(n=200, distance=4.0, noise=1.0, seed=0):
    """Two Gaussian clouds of n // 2 points each, centred `distance` apart on the diagonal."""
    _check_count(n, "n", at_least=2)
    check_number(distance, "distance", "a number >= 0", low=0)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    half = n // 2
    centre = distance / (2 * np.sqrt(2))
    X = np.vstack([rng.normal(-centre, noise, (half, 2)),
                   rng.normal(+centre, noise, (n - half, 2))])
    y = np.array([0] * half + [1] * (n - half))
    return _shuffled(X, y, rng)


def make_clouds(n_per_class=100, noise=1.0, seed=0, centres=((0, -2), (2, 2), (-2, 2))):
    """Three Gaussian clouds (one per class) around `centres`, n_per_class points each."""
    _check_count(n_per_class, "n_per_class")
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    centres = np.asarray(centres, dtype=float)
    X = np.vstack([rng.normal(c, noise, (n_per_class, 2)) for c in centres])
    y = np.repeat(np.arange(len(centres)), n_per_class)
    return _shuffled(X, y, rng)


def make_xor(n=200, noise=0.0, seed=0):
    """Points uniform in [-1, 1]^2, label 1 where x1 and x2 have the same sign.

    noise: standard deviation of Gaussian noise added to the points after labelling.
    """
    _check_count(n, "n")
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + rng.normal(0, noise, X.shape), y


def make_donut(n=200, r_inner=1.0, r_outer=2.0, noise=0.2, seed=0):
    """Class 0 on a circle of radius r_inner, class 1 on a circle of r_outer (n // 2 each).

    noise: the standard deviation of each point's radius around its circle.
    """
    _check_count(n, "n", at_least=2)
    check_number(r_inner, "r_inner", "a number >= 0", low=0)
    check_number(r_outer, "r_outer", "a number > 0", low=0, low_open=True)
    _check_noise(noise)
    if not 0 <= r_inner < r_outer:
        raise ValueError(f"need 0 <= r_inner < r_outer; got r_inner={r_inner}, r_outer={r_outer}")
    rng = np.random.default_rng(seed)
    half = n // 2
    radius = np.concatenate([np.full(half, r_inner), np.full(n - half, r_outer)])
    radius = radius + rng.normal(0, noise, n)
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    y = np.array([0] * half + [1] * (n - half))
    return _shuffled(X, y, rng)


def make_spirals(n=300, n_arms=2, turns=1.0, noise=0.1, seed=0):
    """n_arms interleaved spirals from the centre outwards, one class per arm."""
    _check_count(n, "n", at_least=n_arms)
    _check_count(n_arms, "n_arms", at_least=2)
    check_number(turns, "turns", "a number > 0", low=0, low_open=True)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    per_arm = n // n_arms
    points, labels = [], []
    for arm in range(n_arms):
        count = per_arm if arm < n_arms - 1 else n - per_arm * (n_arms - 1)
        r = np.linspace(0.1, 1.0, count)
        theta = 2 * np.pi * (turns * r + arm / n_arms)
        xy = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
        points.append(xy + rng.normal(0, noise * r[:, None], xy.shape))
        labels.append(np.full(count, arm))
    return _shuffled(np.vstack(points), np.concatenate(labels), rng)


def _shuffled(X, y, rng):
    order = rng.permutation(len(X))
    return X[order].astype(np.float64), y[order].astype(np.int64)


def _check_count(value, name, at_least=1):
    check_number(value, name, f"a whole number >= {at_least}", low=at_least, whole=True)


def _check_noise(noise):
    check_number(noise, "noise", "a number >= 0 (the standard deviation of the noise)", low=0)
