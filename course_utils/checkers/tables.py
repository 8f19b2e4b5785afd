"""Checkers for the exercises of notebook 15 (your own data).

    check_encode_classes(encode_classes)             classes -> labels 0..K-1 and their names
    check_scale_numeric_columns(scale_numeric_columns)
                                                     z-scores of a new table's numeric columns
                                                     with the TRAINING table's statistics

Each calls the learner's function on small tables whose right answer it knows,
and when an answer is wrong looks for the usual slip (classes numbered in order
of appearance, labels from 1, pandas' N-1 standard deviation, the new table's
own statistics, a category column scaled too...) and names it. It prints
"<exercise>: all n checks passed." or raises ExerciseError listing every problem;
on the practice notebook's stub it raises NotWrittenYet.
"""

import numpy as np
import pandas as pd

from . import Checker, as_array, call_safely, first_match, is_close, shape_text, show, unpack

# --- classes -> labels --------------------------------------------------------------------------

_CLASS_CASES = [
    # (values given, expected y, expected class names)
    (["dog", "cat", "dog", "emu", "cat"], [1, 0, 1, 2, 0], ["cat", "dog", "emu"]),
    (np.array([3, 1, 3, 2, 2]), [2, 0, 2, 1, 1], [1, 2, 3]),
    (pd.Series(["benign", "malignant", "benign", "benign"]), [0, 1, 0, 0], ["benign", "malignant"]),
]


def _shown(values):
    if isinstance(values, pd.Series):
        return f"pd.Series({values.tolist()})"
    return f"np.array({values.tolist()})" if isinstance(values, np.ndarray) else str(values)


def _as_list(names):
    """names as a list of plain Python values, or None when it is not a sequence."""
    if isinstance(names, (str, bytes)) or names is None:
        return None
    try:
        return [v.item() if isinstance(v, np.generic) else v for v in list(names)]
    except TypeError:
        return None


def _same(got, expected) -> bool:
    """got (a list from _as_list, maybe holding arrays) equals the list expected."""
    try:
        return bool(got == expected)
    except (TypeError, ValueError):  # elements that are arrays compare element-wise
        return False


def check_encode_classes(encode_classes):
    """encode_classes(values) -> (y, class_names).

    y: (N,) integers 0..K-1, class k being the k-th class name in sorted order;
    class_names: the K names, so that class_names[y[n]] == values[n].
    """
    check = Checker("encode_classes")
    name = getattr(encode_classes, "__name__", "encode_classes")
    for values, expected_y, expected_names in _CLASS_CASES:
        call = f"{name}({_shown(values)})"
        given = values.copy()
        n_problems = len(check.problems)
        result = call_safely(check, encode_classes, given)
        if len(check.problems) > n_problems:
            continue  # it raised; call_safely recorded it
        if isinstance(values, pd.Series) and not given.equals(values) or (
                isinstance(values, np.ndarray) and not np.array_equal(given, values)):
            check.fail(f"{call} changed the values it was given: build new arrays instead")
        pair = unpack(check, result, ("y", "class_names"), call)
        if pair is None:
            continue
        y, names = pair
        if _same(_as_list(y), expected_names) and is_close(names, expected_y):
            check.fail(f"{call}: y and class_names are swapped; return y first, then class_names")
            continue
        got = as_array(y)
        expected = np.array(expected_y)
        order_of_appearance = pd.factorize(pd.Series(values))[0]
        slips = [
            (order_of_appearance,
             f"{call}: the classes are numbered in order of first appearance (pd.factorize or a dict "
             "filled row by row); number them in SORTED order (np.unique), so the same "
             "classes get the same numbers whatever order the rows come in"),
            (expected + 1, f"{call}: the labels start at 1; the course's labels are 0..K-1 (label k is "
                           "column k of the softmax output)"),
        ]
        if got is not None and got.shape == (len(expected), len(expected_names)):
            check.fail(f"{call}: y should hold one label per row, shape ({len(expected)},), not "
                       f"one-hot {got.shape}: the models one-hot the labels themselves")
        elif got is None or got.shape != expected.shape:
            check.fail(f"{call}: y should be an array of shape {expected.shape}, one label per "
                       f"row; got {shape_text(y)}")
        elif check.expect(is_close(got, expected),
                          first_match(got, slips)
                          or f"{call}: y should be {expected_y}, got {show(y)}"):
            check.expect(np.asarray(y).dtype.kind in "iu",
                         f"{call}: y should hold integers, got dtype {np.asarray(y).dtype}; "
                         f"use .astype(int)")
        got_names = _as_list(names)
        if got_names is not None and _same(sorted(map(str, got_names)),
                                           sorted(map(str, expected_names))) \
                and not _same(got_names, expected_names):
            hint = "in sorted order (np.unique sorts them)"
        else:
            hint = "the K different values, sorted"
        check.expect(_same(got_names, expected_names),
                     f"{call}: class_names should be {expected_names} ({hint}); got {names!r}")
    return check.done()


# --- z-scores of a new table with the training table's statistics ----------------------------------


def _tables():
    """A training table and a new table: two numeric columns on different scales, a 0/1
    column and a category that must not be scaled, and new rows from a shifted population."""
    rng = np.random.default_rng(15)
    n_train, n_new = 10, 4
    train = pd.DataFrame({
        "age": rng.integers(20, 70, n_train).astype(float),
        "income": rng.normal(40_000, 9_000, n_train).round(0),
        "smoker": rng.integers(0, 2, n_train),
        "city": rng.choice(["Lyon", "Oslo"], n_train),
    })
    new = pd.DataFrame({
        "age": rng.integers(35, 90, n_new).astype(float),
        "income": rng.normal(55_000, 15_000, n_new).round(0),
        "smoker": rng.integers(0, 2, n_new),
        "city": rng.choice(["Lyon", "Oslo"], n_new),
    }, index=range(100, 100 + n_new))  # not 0..3: a new table has its own row labels
    return train, new


def _z(table, mean, std, columns):
    out = table.copy()
    out[columns] = (table[columns] - mean) / std
    return out


def check_scale_numeric_columns(scale_numeric_columns):
    """scale_numeric_columns(train, new, columns) -> (train_scaled, new_scaled).

    train, new: DataFrames with the same columns. Returns two NEW DataFrames,
    equal to the inputs except in `columns`, which are z-scored with the mean
    and standard deviation (dividing by N, as np.std) of `train`'s rows; a
    column constant in train is divided by 1, not 0. The inputs stay unchanged.
    """
    check = Checker("scale_numeric_columns")
    name = getattr(scale_numeric_columns, "__name__", "scale_numeric_columns")
    train, new = _tables()
    columns = ["age", "income"]
    mean, std = train[columns].mean(), train[columns].std(ddof=0)
    expected = _z(train, mean, std, columns), _z(new, mean, std, columns)

    _check_case(check, name, scale_numeric_columns, train, new, columns, expected)
    if not check.problems:
        # A column that never changes in the training rows (every patient 40 years old).
        constant = train.assign(age=40.0)
        std0 = constant[columns].std(ddof=0).replace(0.0, 1.0)
        mean0 = constant[columns].mean()
        expected0 = _z(constant, mean0, std0, columns), _z(new, mean0, std0, columns)
        _check_case(check, name, scale_numeric_columns, constant, new, columns, expected0,
                    constant_column="age")
    return check.done()


def _check_case(check, name, function, train, new, columns, expected, constant_column=None):
    call = f"{name}(train, new, {columns})"
    given = train.copy(), new.copy()
    n_problems = len(check.problems)
    result = call_safely(check, function, *given, list(columns))
    raised = len(check.problems) > n_problems
    for original, passed, which in zip((train, new), given, ("train", "new")):
        if not passed.equals(original):
            check.fail(f"{call} changed the `{which}` table it was given (an assignment into "
                       f"it): work on a copy, `scaled = {which}.copy()`, so the caller's table "
                       f"stays as it was")
    pair = None if raised else unpack(check, result, ("train_scaled", "new_scaled"), call)
    if pair is None:
        return
    both = pd.concat([train, new])
    for got, want, table, part in zip(pair, expected, (train, new), ("train_scaled", "new_scaled")):
        if not isinstance(got, pd.DataFrame):
            check.fail(f"{part} should be a DataFrame like its input (a copy with the columns "
                       f"replaced); got {type(got).__name__}")
            continue
        if not check.expect(list(got.columns) == list(table.columns) and got.index.equals(table.index),
                            f"{part} should keep the columns {list(table.columns)} and the row "
                            f"labels of its input; got columns {list(got.columns)}"):
            continue
        others = [c for c in table.columns if c not in columns]
        changed = [c for c in others if not got[c].equals(table[c])]
        check.expect(not changed,
                     f"{part}: column{'s' if len(changed) > 1 else ''} "
                     f"{', '.join(repr(c) for c in changed)} changed, but only "
                     f"the numeric columns you were given ({columns}) are z-scored: a 0/1 or "
                     f"category column is one-hot, not scaled")
        try:
            values = got[columns].to_numpy(dtype=float)
        except (TypeError, ValueError):
            check.fail(f"{part}[{columns}] should hold numbers; got {got[columns].dtypes.tolist()}")
            continue
        if constant_column is not None:
            check.expect(np.isfinite(values).all() and is_close(values, want[columns].to_numpy()),
                         f"{part}: '{constant_column}' is constant in the training rows, so its "
                         f"std is 0 and dividing by it gives nan or inf. Divide such a column by "
                         f"1: std = std.replace(0, 1) (or np.where(std == 0, 1, std))")
            continue
        mean, std = train[columns].mean(), train[columns].std(ddof=0)
        slips = [
            (_z(table, table[columns].mean(), table[columns].std(ddof=0), columns),
             f"{part} was scaled with its own table's mean and std: use the TRAINING table's "
             f"for both, since new rows stand for data the model has never seen"),
            (_z(table, both[columns].mean(), both[columns].std(ddof=0), columns),
             f"{part} uses the mean and std of train and new together: the new rows leaked into "
             f"the statistics; compute them from `train` only"),
            (_z(table, mean, train[columns].std(), columns),
             f"{part} divides by pandas' .std(), which divides by N-1; the course (np.std, "
             f"fit_standardizer) divides by N: use .std(ddof=0)"),
            (_z(table, train[columns].to_numpy().mean(), train[columns].to_numpy().std(), columns),
             f"{part} uses one mean and std for all the columns together; each column needs "
             f"its own: train[columns].mean() gives one per column"),
            (table.assign(**{c: table[c] - mean[c] for c in columns}),
             f"{part} is only centred: divide by the training std as well"),
        ]
        slip = first_match(values, [(s[columns].to_numpy(dtype=float), hint) for s, hint in slips])
        check.expect(is_close(values, want[columns].to_numpy()),
                     slip or f"{part}[{columns}] should be (x - mean) / std with the training "
                             f"mean {show(mean.to_numpy())} and std {show(std.to_numpy())}; "
                             f"expected {show(want[columns].to_numpy())}, got {show(values)}")
