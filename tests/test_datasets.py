"""The toy data sets: shapes, labels, seeds, and the geometry each promises."""

import numpy as np
import pytest

from course_utils import datasets

MAKERS = [datasets.make_blobs, datasets.make_clouds, datasets.make_xor,
          datasets.make_donut, datasets.make_spirals]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_dtypes_and_seeds(make):
    X, y = make(seed=5)
    assert X.ndim == 2 and X.shape[1] == 2 and y.shape == (len(X),)
    assert X.dtype == np.float64 and y.dtype == np.int64
    X2, y2 = make(seed=5)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(make(seed=6)[0], X)


def test_xor_labels_follow_the_quadrants():
    X, y = datasets.make_xor(400, seed=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) == np.sign(X[:, 1])).astype(int))
    assert 0.4 < y.mean() < 0.6


def test_donut_radii():
    X, y = datasets.make_donut(400, r_inner=1, r_outer=3, noise=0.1, seed=0)
    r = np.linalg.norm(X, axis=1)
    assert abs(r[y == 0].mean() - 1) < 0.05 and abs(r[y == 1].mean() - 3) < 0.05


def test_clouds_and_spirals_counts():
    _, y = datasets.make_clouds(50)
    np.testing.assert_array_equal(np.bincount(y), [50, 50, 50])
    _, y = datasets.make_spirals(301, n_arms=3)
    np.testing.assert_array_equal(np.bincount(y), [100, 100, 101])


@pytest.mark.parametrize(("call", "message"), [
    (lambda: datasets.make_xor(0), "n must be a whole number >= 1; got 0"),
    (lambda: datasets.make_clouds(2.5), "n_per_class must be a whole number"),
    (lambda: datasets.make_donut(r_inner=2, r_outer=1), "need 0 <= r_inner < r_outer"),
    (lambda: datasets.make_spirals(n_arms=1), "n_arms must be a whole number >= 2"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: datasets.make_xor(noise=-1),
     r"noise must be a number >= 0 \(the standard deviation of the noise\); got -1"),
    (lambda: datasets.make_blobs(n=True), r"n must be a whole number >= 2; got True"),
    (lambda: datasets.make_clouds(n_per_class="10"), r"n_per_class must be a whole number >= 1; got '10'"),
    (lambda: datasets.make_donut(noise=float("nan")), r"noise must be a number >= 0"),
    (lambda: datasets.make_spirals(turns=0), r"turns must be a number > 0; got 0"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_numpy_scalars_are_accepted():
    X, y = datasets.make_xor(n=np.int64(10), noise=np.float32(0.1))
    assert X.shape == (10, 2) and y.shape == (10,)
