"""The playground's data sets: points in the plane, split into training and test points.

    data = load_playground_data("spirals", noise=0.1, seed=0, test_size=0.3)
    data.X_train.shape, data.y_train.shape     # (N_train, 2), (N_train,)

Classification sets (a label per point): XOR, donut, three clouds, spirals
(the toy sets of course_utils.datasets) and two features of the course's
e-commerce data. Regression sets (a number per point, the colour of the
point): a tilted plane and a sum of Gaussian bumps, as in TensorFlow
Playground. Every set is drawn from `seed`: the same seed gives the same points,
and changing only `noise` moves the same points further from their clean place.
"""

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from .. import data as ecommerce
from ..datasets import make_clouds, make_donut, make_spirals, make_xor


@dataclass(frozen=True)
class NoiseSetting:
    """The range of a data set's `noise` argument (its meaning differs per generator)."""

    default: float
    low: float
    high: float
    step: float
    meaning: str


class DataSet(NamedTuple):
    """How to make one data set: make(noise, seed) -> X, y; its noise range (None for real
    data); its task, "classification" or "regression"."""

    make: Callable | None
    noise: NoiseSetting | None
    task: str = "classification"


# Gaussian bumps: centre (x1, x2) and height; the regression target is their sum.
BUMPS = (((-0.5, -0.5), 1.0), ((0.5, 0.5), 1.0), ((-0.5, 0.5), -1.0), ((0.5, -0.5), -1.0))
BUMP_WIDTH = 0.3


def make_plane(n=200, noise=0.0, seed=0):
    """Points uniform in [-1, 1]^2 with the target t = (x1 + x2) / 2 + N(0, noise^2)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, (X[:, 0] + X[:, 1]) / 2 + rng.normal(0, 1, n) * noise


def make_bumps(n=300, noise=0.0, seed=0):
    """Points uniform in [-1, 1]^2; the target is a sum of four Gaussian bumps (two up, two
    down, width BUMP_WIDTH) plus N(0, noise^2): t = sum_k a_k exp(-|x - c_k|^2 / (2 w^2))."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    t = sum(height * np.exp(-np.sum((X - centre) ** 2, axis=1) / (2 * BUMP_WIDTH ** 2))
            for centre, height in BUMPS)
    return X, t + rng.normal(0, 1, n) * noise


DATASETS = {
    "XOR": DataSet(lambda noise, seed: make_xor(200, noise=noise, seed=seed),
                   NoiseSetting(0.05, 0.0, 0.5, 0.05, "std of the jitter added to each point")),
    "donut": DataSet(lambda noise, seed: make_donut(200, noise=noise, seed=seed),
                     NoiseSetting(0.25, 0.0, 0.8, 0.05, "std of each point's radius")),
    "three clouds": DataSet(lambda noise, seed: make_clouds(80, noise=noise, seed=seed),
                            NoiseSetting(1.0, 0.2, 2.5, 0.1, "std of each cloud")),
    "spirals": DataSet(lambda noise, seed: make_spirals(300, noise=noise, seed=seed),
                       NoiseSetting(0.1, 0.0, 0.4, 0.02,
                                    "std of the jitter, relative to the radius")),
    "e-commerce": DataSet(None, None),
    "plane": DataSet(lambda noise, seed: make_plane(200, noise=noise, seed=seed),
                     NoiseSetting(0.05, 0.0, 0.5, 0.05, "std of the noise added to the target"),
                     "regression"),
    "Gaussian bumps": DataSet(lambda noise, seed: make_bumps(300, noise=noise, seed=seed),
                              NoiseSetting(0.05, 0.0, 0.5, 0.05,
                                           "std of the noise added to the target"),
                              "regression"),
}
# The two e-commerce features the playground shows: both numeric, both z-scored.
ECOMMERCE_FEATURES = ("n_products_viewed", "visit_duration")


@dataclass(frozen=True, repr=False)
class PlaygroundData:
    """A 2-D problem, split into training and test points.

    X_train: (N_train, 2), X_test: (N_test, 2) float64. Classification: y_train,
    y_test int64 labels and one name per class in class_names. Regression
    (task "regression"): y float64 targets and class_names == ().
    feature_names: the two axes' names; seed: what the points were drawn with.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple
    feature_names: tuple = ("$x_1$", "$x_2$")
    noise: float | None = None
    task: str = "classification"
    seed: int = 0

    def __repr__(self):  # a summary, not every point
        return f"PlaygroundData({self.describe()})"

    @property
    def n_classes(self):
        """K, the number of classes; 1 output for regression."""
        return len(self.class_names) if self.task == "classification" else 1

    @property
    def is_regression(self):
        return self.task == "regression"

    def describe(self):
        """One line: name, sizes, points per class (or the targets' range), seed."""
        noise = "" if self.noise is None else f", noise {self.noise:g}"
        head = (f"{self.name}: {len(self.X_train)} train + {len(self.X_test)} test points"
                f"{noise}, seed {self.seed}")
        if self.is_regression:
            t = np.concatenate([self.y_train, self.y_test])
            return f"{head} (targets from {t.min():.2f} to {t.max():.2f})"
        counts = np.bincount(np.concatenate([self.y_train, self.y_test]), minlength=self.n_classes)
        per_class = ", ".join(f"{name} {count}"
                              for name, count in zip(self.class_names, counts, strict=True))
        return f"{head} ({per_class})"


def check_test_size(test_size):
    """test_size as a float strictly between 0 and 1, or a ValueError naming it."""
    if isinstance(test_size, bool) or not isinstance(test_size, (int, float, np.floating)) \
            or not 0 < test_size < 1:
        raise ValueError(f"test_size must be a fraction strictly between 0 and 1 (the share of "
                         f"test points); got {test_size!r}")
    return float(test_size)


def load_playground_data(name="XOR", noise=None, seed=0, test_size=0.3):
    """One of the playground's data sets (see DATASETS), split into train and test.

    noise: the generator's noise (None: its default); ignored for "e-commerce",
        which is real data: n_products_viewed and visit_duration, z-scored with
        the training rows' mean and std, and the four user actions as classes.
    seed: the same seed gives the same points; changing only `noise` moves the
        same points further from their clean position.
    test_size: the share of test points, in (0, 1); the train/test ratio is
        (1 - test_size) : test_size.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {list(DATASETS)}")
    test_size = check_test_size(test_size)
    make, setting, task = DATASETS[name]
    if make is None:
        df = ecommerce.load_ecommerce()
        X = df[list(ECOMMERCE_FEATURES)].to_numpy(dtype=float)
        y = df[ecommerce.LABEL_COLUMN].to_numpy(dtype=np.int64)
        X_train, X_test, y_train, y_test = ecommerce.train_test_split(X, y, test_size, seed)
        mean, std = ecommerce.fit_standardizer(X_train)
        return PlaygroundData(name, ecommerce.standardize(X_train, mean, std), y_train,
                              ecommerce.standardize(X_test, mean, std), y_test,
                              tuple(ecommerce.ACTION_NAMES),
                              tuple(f"{f} (z-score)" for f in ECOMMERCE_FEATURES), seed=seed)
    noise = setting.default if noise is None else float(noise)
    if not setting.low <= noise <= setting.high + 1e-9:
        raise ValueError(
            f"noise for {name} must be in [{setting.low}, {setting.high}]; got {noise}")
    X, y = make(noise, seed)
    X_train, X_test, y_train, y_test = ecommerce.train_test_split(X, y, test_size, seed)
    if task == "regression":
        return PlaygroundData(name, X_train, y_train.astype(float), X_test, y_test.astype(float),
                              (), noise=noise, task=task, seed=seed)
    return PlaygroundData(name, X_train, y_train, X_test, y_test,
                          tuple(f"class {k}" for k in range(int(y.max()) + 1)), noise=noise,
                          seed=seed)
