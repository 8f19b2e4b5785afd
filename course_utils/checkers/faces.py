"""Checkers for notebook 16's exercises (facial expressions).

- check_row_to_image: one row of fer2013's pixels column -> a 48 x 48 image;
- check_balanced_indices: oversample every class up to the largest one;
- check_per_class_accuracy: the fraction of each true class predicted right.
"""

import numpy as np

from ..faces import N_PIXELS, SIZE, pixels_to_image
from . import Checker, as_array, call_safely, first_match, is_close, show


def _rows_of_pixels(n, seed):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, SIZE, SIZE))
    return images, [" ".join(map(str, image.ravel().tolist())) for image in images]


def check_row_to_image(row_to_image):
    """row_to_image(text) -> (48, 48) array of the grey levels 0-255, row by row."""
    check = Checker("row_to_image")
    images, texts = _rows_of_pixels(3, seed=16)
    texts.append(" ".join(["0"] * (N_PIXELS - 1) + ["255"]))  # the last pixel is bottom right
    expected = [*images, pixels_to_image(texts[-1])]
    for text, right in zip(texts, expected):
        got = call_safely(check, row_to_image, text)
        if got is None:
            if not check.problems:  # it ran, and gave nothing back
                check.fail("row_to_image returned None: is a `return` missing?")
            break
        values = as_array(got)
        if isinstance(got, (list, tuple, np.ndarray)) and _is_text(got):
            check.fail(f"row_to_image returned {type(got).__name__} of strings: convert them to "
                       "numbers, np.array(text.split(), dtype=int)")
            break
        if values is None:
            check.fail(f"row_to_image should return an array of numbers; got "
                       f"{type(got).__name__}: convert the strings with dtype=int (or np.uint8)")
            break
        if is_close(values, right):
            check.expect(True, "")
            continue
        slip = first_match(values, [
            (right.T, "rows and columns are swapped: the file stores the image row by row, "
                      "which is what reshape(48, 48) fills (no transpose, no order='F')"),
            (right.ravel(), "that is the flat row of 2304 numbers: reshape it to (48, 48)"),
            (right / 255, "keep the grey levels 0-255 here; scaling to [0, 1] comes later"),
        ])
        got_text = show(values) if values.size < 10 else f"shape {values.shape}"
        check.fail(slip or f"for a row ending in {text[-11:]!r}: expected shape (48, 48) with "
                           f"last pixel {right[-1, -1]}, got {got_text}")
        break
    check.done()


def _is_text(values):
    try:
        return np.asarray(values).dtype.kind in "US"
    except ValueError:  # a ragged list
        return False


def _labels(seed=3):
    rng = np.random.default_rng(seed)
    return rng.permutation(np.repeat(np.arange(4), [9, 2, 5, 1]))


def check_balanced_indices(balanced_indices):
    """balanced_indices(y, rng) -> row indices in which every class appears as often as the largest."""
    check = Checker("balanced_indices")
    y = _labels()
    counts = np.bincount(y)
    got = call_safely(check, balanced_indices, y.copy(), np.random.default_rng(0))
    if got is None and not check.problems:
        check.fail("balanced_indices returned None: is a `return` missing?")
    elif got is not None:
        index = as_array(got)
        if index is None or index.ndim != 1 or not np.all(index == np.round(index)):
            check.fail(f"return a 1-D array of whole-number row indices; got {type(got).__name__}")
        elif index.size and (index.min() < 0 or index.max() >= len(y)):
            check.fail(f"indices must lie in 0..{len(y) - 1} (rows of y); got {int(index.min())} "
                       f"to {int(index.max())}: did you return labels instead of row indices?")
        else:
            index = index.astype(int)
            got_counts = np.bincount(y[index], minlength=len(counts))
            if check.expect(np.all(got_counts == counts.max()),
                            _count_hint(got_counts, counts)):
                missing = np.setdiff1d(np.arange(len(y)), index)
                check.expect(missing.size == 0,
                             f"rows {missing[:5].tolist()} are never used: keep every row of each "
                             "class and add random repeats (rng.choice) until it reaches the largest count")
            check.expect(not np.array_equal(got, np.arange(len(y))), "the rows were returned unchanged")
    check.done()


def _count_hint(got, counts):
    if np.all(got == counts.min()):
        return (f"every class has {counts.min()} rows, as many as the SMALLEST class: that throws "
                f"faces away (undersampling); oversample up to the largest class, {counts.max()} rows")
    if np.array_equal(got, counts):
        return "the class counts are unchanged: repeat rows of the small classes"
    return (f"class counts should all be {counts.max()} (the largest class); got {got.tolist()} "
            f"for classes 0..{len(counts) - 1}")


def check_per_class_accuracy(per_class_accuracy):
    """per_class_accuracy(y, p, n_classes) -> (n_classes,): for each true class k, the
    fraction of its rows predicted as k; NaN for a class with no rows."""
    check = Checker("per_class_accuracy")
    y = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 0])
    p = np.array([0, 1, 0, 1, 2, 2, 2, 0, 2, 1])
    right = np.array([2 / 4, 1 / 2, 3 / 4, np.nan])      # class 3 has no rows
    precision = np.array([2 / 3, 1 / 3, 3 / 4, np.nan])  # the same, divided by predicted counts
    got = call_safely(check, per_class_accuracy, y.copy(), p.copy(), 4)
    if got is None and not check.problems:
        check.fail("per_class_accuracy returned None: is a `return` missing?")
    elif got is not None:
        values = as_array(got)
        if values is None or values.shape != (4,):
            check.fail(f"return one number per class, shape (4,) for n_classes=4; got "
                       f"{type(got).__name__ if values is None else values.shape}")
        elif is_close(values, right, equal_nan=True):
            check.expect(True, "")
        else:
            slip = first_match(values, [
                (precision, "you divided by how often each class was PREDICTED (that is "
                            "precision); divide by how many rows truly are of that class"),
                (np.full(4, np.mean(p == y)), "that is the overall accuracy for every class"),
                (np.nan_to_num(right), "a class with no rows should be NaN (0/0), not 0: "
                                       "it was never tested, not always wrong"),
            ], close=lambda g, e: is_close(g, e, equal_nan=True))
            check.fail(slip or f"expected {show(right)}, got {show(values)}")
    check.done()
