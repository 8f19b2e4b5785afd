"""The course's e-commerce data: its schema, a loader that checks it, and preprocessing.

Each row is one visit to an online shop:

    is_mobile             0/1      the visit came from a phone or tablet
    n_products_viewed     0, 1, .. how many product pages the visitor opened
    visit_duration        >= 0     how long the visit lasted (float)
    is_returning_visitor  0/1      the visitor has been to the shop before
    time_of_day           0-3      which quarter of the day (0: 00-06h ... 3: 18-24h)
    user_action           0-3      the label: what the visitor did (see ACTION_NAMES)

Typical use in a notebook:

    df = load_ecommerce()                     # checked, with proper dtypes
    data = prepare_ecommerce(df, binary=True)
    data.X_train.shape                        # (N_train, 8)

Shapes in docstrings: N rows (samples), D features, K categories.

Introduced in 05_ecommerce_data (loading, checking, one-hot, standardising,
splitting); used again in 06 (binary=True), 08, 11 and 13.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .math import one_hot  # notebook 05 meets it here, as data.one_hot
from .validation import check_float_array, check_number

# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ECOMMERCE_ENV_VAR = "COURSE_ECOMMERCE_CSV"

# Lists, not tuples, so that `df[FEATURE_COLUMNS]` selects columns (pandas would
# read a tuple as a single column label). Copy them before changing them.
FEATURE_COLUMNS = [
    "is_mobile",
    "n_products_viewed",
    "visit_duration",
    "is_returning_visitor",
    "time_of_day",
]
LABEL_COLUMN = "user_action"
COLUMNS = FEATURE_COLUMNS + [LABEL_COLUMN]
BINARY_COLUMNS = ["is_mobile", "is_returning_visitor"]
NUMERIC_COLUMNS = ["n_products_viewed", "visit_duration"]  # the ones we z-score
ACTION_NAMES = ("bounce", "add_to_cart", "begin_checkout", "finish_checkout")
N_TIMES_OF_DAY = 4
DECIMALS = 4  # of visit_duration in the course's files: a stable, diff-friendly CSV

# What each column may hold: (smallest, largest or None, whole numbers only?,
# how a learner should read the rule in an error message).
_RULES = {
    "is_mobile": (0, 1, True, "0 or 1"),
    "n_products_viewed": (0, None, True, "a whole number >= 0 (a count)"),
    "visit_duration": (0, None, False, "a number >= 0 (a duration)"),
    "is_returning_visitor": (0, 1, True, "0 or 1"),
    "time_of_day": (0, 3, True, "a whole number from 0 to 3"),
    "user_action": (0, 3, True, "a whole number from 0 to 3 (" + ", ".join(ACTION_NAMES) + ")"),
}
_ROW_NUMBERING = "rows are numbered from 1 = the first row below the header"


def default_ecommerce_path() -> Path:
    """The CSV that notebooks load.

    The environment variable COURSE_ECOMMERCE_CSV if it is set (to run every
    notebook on another file with the same columns, e.g. the original course's
    ecommerce_data.csv), else data/ecommerce_data.csv in this repository.
    """
    override = os.environ.get(ECOMMERCE_ENV_VAR)
    return Path(override) if override else DATA_DIR / "ecommerce_data.csv"


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


def load_ecommerce(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read an e-commerce CSV, check it and return it with proper dtypes.

    path: the CSV file; None means default_ecommerce_path().
    Returns a DataFrame (N, 6) with the columns of COLUMNS, in that order.
    Raises FileNotFoundError if there is no such file and ValueError, naming
    the column and the row, if its content breaks the schema.
    """
    path = default_ecommerce_path() if path is None else Path(path)
    if not path.is_file():
        hint = "."
        if path.is_dir():
            hint = f" ({path} is a folder: give the CSV file's name, e.g. {path / 'ecommerce_data.csv'})."
        elif path == DATA_DIR / "ecommerce_data.csv":
            hint = ". Recreate it with: python -m course_utils.synthetic"
        elif os.environ.get(ECOMMERCE_ENV_VAR) == str(path):
            hint = f" (the path set in the environment variable {ECOMMERCE_ENV_VAR})."
        raise FileNotFoundError(f"No e-commerce data file at {path}{hint}")
    try:
        with warnings.catch_warnings():
            # pandas only *warns* when the first data row has more values than
            # the header has names, and then drops them: treat it as an error.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            # utf-8-sig: spreadsheet programs often start a CSV with a byte-order mark.
            df = pd.read_csv(path, index_col=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise ValueError(
            f"{path} is empty: expected a header line ({','.join(COLUMNS)}) and data rows."
        ) from None
    except pd.errors.ParserWarning:
        raise ValueError(
            f"{path}: the first data row has more values than the header has column names."
            + _layout_hint(path)
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise ValueError(f"{path} is not a readable CSV file: {err}".strip() + _layout_hint(path)) from None
    try:
        return validate_ecommerce(df, source=str(path))
    except ValueError as err:
        hint = _layout_hint(path)
        if not hint:
            raise
        raise ValueError(str(err) + hint) from None


def _layout_hint(path: Path, n_lines: int = 10) -> str:
    """A hint when the file's first lines show why pandas did not find the columns:
    another separator (';' from a spreadsheet in a European locale, a tab), or
    lines above the header (a title). "" when neither."""
    with open(path, encoding="utf-8-sig", errors="replace") as file:
        lines = [line.strip() for _, line in zip(range(n_lines), file)]
    for number, line in enumerate(lines):
        for separator, name in ((",", "commas"), (";", "semicolons"), ("\t", "tabs")):
            names = [cell.strip().strip('"') for cell in line.split(separator)]
            if not set(COLUMNS) <= set(names):
                continue
            if number:
                return (f"\nHint: line {number + 1} holds the column names; the {number} line(s) above "
                        f"it (a title?) are not part of the table. Delete them, or read the file with "
                        f"pd.read_csv(path, skiprows={number}) and check it with validate_ecommerce.")
            if separator != ",":
                return (f"\nHint: the values are separated by {name}, not commas (a spreadsheet "
                        f"saved in another locale?). Save it as comma-separated, or read it with "
                        f"pd.read_csv(path, sep={separator!r}) and check it with validate_ecommerce.")
            return ""
    return ""


def validate_ecommerce(df: pd.DataFrame, source: str = "the e-commerce data") -> pd.DataFrame:
    """Check a table against the schema and return a clean copy.

    df: a DataFrame as read from a CSV, a spreadsheet or a database; its
        columns may come in any order, numbers may be stored as text.
    source: how error messages name the data (e.g. the file name).
    Returns a new DataFrame (N, 6): columns in schema order, int64 for whole
    number columns, float64 for visit_duration, index 0..N-1.
    Raises ValueError listing every problem: for each bad column, the first
    offending row (1 = first row below the header) and how many rows are bad.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}.")
    # "is_mobile " (a stray space) is a typo, not a new column.
    df = df.rename(columns=lambda name: str(name).strip())

    problems = _column_name_problems(list(df.columns))
    if problems:
        raise ValueError(_report(source, problems))
    if len(df) == 0:
        raise ValueError(f"{source} has a header but no data rows.")

    problems = [p for name in COLUMNS for p in _value_problems(name, df[name])]
    if problems:
        raise ValueError(_report(source, problems, f"({_ROW_NUMBERING})"))

    clean = {}
    for name in COLUMNS:
        values = _as_numbers(df[name])
        clean[name] = values if name == "visit_duration" else values.astype(np.int64)
    return pd.DataFrame(clean)


def _column_name_problems(found: list[str]) -> list[str]:
    problems = [
        f"column '{name}' is missing (expected columns: {', '.join(COLUMNS)})"
        for name in COLUMNS
        if name not in found
    ]
    for name in COLUMNS:
        # pandas renames a repeated column name: is_mobile, is_mobile.1, is_mobile.2
        renamed = [other for other in found if other.startswith(name + ".")
                   and other[len(name) + 1:].isdigit()]
        if found.count(name) + len(renamed) > 1:
            problems.append(f"column '{name}' appears {found.count(name) + len(renamed)} times"
                            + (f" (pandas renamed the repeats {', '.join(map(repr, renamed))})"
                               if renamed else ""))
            found = [other for other in found if other not in renamed]
    for name in found:
        if name not in COLUMNS:
            hint = ""
            if name.startswith("Unnamed"):
                hint = "; a saved DataFrame index? write the file with to_csv(..., index=False)"
            problems.append(f"unexpected column '{name}'{hint}")
    return problems


def _as_numbers(column: pd.Series) -> np.ndarray:
    """(N,) float array of a column; NaN where a cell is empty or not a number."""
    if pd.api.types.is_bool_dtype(column):
        column = column.astype(int)
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _value_problems(name: str, column: pd.Series) -> list[str]:
    lo, hi, whole, expected = _RULES[name]
    values = _as_numbers(column)
    empty = column.isna().to_numpy()
    is_number = ~np.isnan(values)
    with np.errstate(invalid="ignore"):  # comparisons with inf are fine, NaNs are masked out
        breaks_rule = ~np.isfinite(values) | (values < lo)
        if hi is not None:
            breaks_rule |= values > hi
        if whole:
            breaks_rule |= values != np.round(values)

    problems = []
    for bad, what in [
        (empty, lambda v: "is empty (or NaN)"),
        (~empty & ~is_number, lambda v: f"{_show(v)} is not a number"),
        (is_number & breaks_rule, lambda v: f"{_show(v)} is not {expected}"),
    ]:
        if bad.any():
            first = int(np.argmax(bad))  # position of the first True
            count = int(bad.sum())
            rows = "1 row" if count == 1 else f"{count} rows"
            problems.append(
                f"column '{name}', row {first + 1}: {what(column.iloc[first])} ({rows} like this)"
            )
    return problems


def _show(value) -> str:
    if isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)):
        return f"{value:g}"
    return repr(value)


def _report(source: str, problems: list[str], note: str = "") -> str:
    lines = [f"{source} does not match the e-commerce schema {note}".rstrip() + ":"]
    return "\n".join(lines + [f"  - {p}" for p in problems])


# ---------------------------------------------------------------------------
# Preprocessing
# ---------------------------------------------------------------------------


def fit_standardizer(X_train) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each column of the TRAINING data.

    X_train: (N, D) (or (N,) for one feature).
    Returns mean, std: (D,) each. A constant column has std 0; we return 1
    for it instead, so standardize() leaves it centred rather than dividing by 0.
    Fit on training rows only and reuse the result for test data: the test
    set must not influence anything the model learns, scaling included.
    """
    X_train = check_float_array(X_train, "X_train").astype(float)
    if X_train.ndim not in (1, 2) or X_train.shape[0] == 0:
        raise ValueError(f"fit_standardizer needs X_train of shape (N, D) or (N,) with at least one "
                         f"training row; got shape {X_train.shape}.")
    _check_finite(X_train, "X_train")
    with np.errstate(over="ignore", invalid="ignore"):  # checked just below
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
    bad = ~(np.isfinite(mean) & np.isfinite(std))
    if bad.any():
        column = int(np.argmax(bad)) if X_train.ndim == 2 else 0
        values = X_train[:, column] if X_train.ndim == 2 else X_train
        row = int(np.argmax(np.abs(values)))
        raise ValueError(
            f"fit_standardizer: column {column} has values too large to average in floating point "
            f"({values[row]:g} at row {row}); is it in the right unit?")
    std = np.where(std == 0, 1.0, std)
    return mean, std


def _check_finite(X, name):
    if not np.all(np.isfinite(X)):
        position = np.argwhere(~np.isfinite(X))[0]
        where = f"row {position[0]}, column {position[1]}" if X.ndim == 2 else f"row {position[0]}"
        raise ValueError(f"{name} has a NaN or infinite value at {where}; fill or drop it first.")


def standardize(X, mean, std) -> np.ndarray:
    """z-score: (X - mean) / std, column by column.

    X: (N, D); mean, std: (D,) from fit_standardizer on the training data.
    Returns (N, D) float array.
    """
    X = np.asarray(X, dtype=float)
    mean, std = np.asarray(mean, dtype=float), np.asarray(std, dtype=float)
    if X.shape[1:] != mean.shape or mean.shape != std.shape:
        raise ValueError(
            f"standardize: X has shape {X.shape} but mean/std have shape "
            f"{mean.shape}/{std.shape}; they need one value per column of X."
        )
    return (X - mean) / std


def binary_subset(df: pd.DataFrame) -> pd.DataFrame:
    """Only the rows whose user_action is 0 (bounce) or 1 (add_to_cart), re-indexed 0..M-1."""
    return df[df[LABEL_COLUMN].isin([0, 1])].reset_index(drop=True)


def train_test_split(X, y, test_size: float | int = 0.2, seed: int = 0, stratify: bool = False):
    """Shuffle the rows, then split them into a training and a test set.

    X: (N, D) (or (N,)); y: (N,).
    test_size: a fraction in (0, 1) (rounded up to whole rows) or a row count.
    seed: for numpy.random.default_rng; the same seed gives the same split.
    stratify: if True, split each class of y separately so both sets keep
        the class proportions (each class gives round(fraction * its size)
        rows to the test set, so the test size can differ slightly).
    Returns X_train, X_test, y_train, y_test.
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with one row per sample; got shapes {X.shape} "
                         f"and {y.shape}.")
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)}; they must match.")
    if n < 2:
        raise ValueError(f"X has {n} rows: a split into training and test rows needs at least 2.")
    if isinstance(test_size, (float, np.floating)):
        if not 0 < test_size < 1:
            raise ValueError(f"test_size as a fraction must be between 0 and 1, got {test_size}.")
        n_test = int(np.ceil(test_size * n))
    else:
        n_test = check_number(test_size, "test_size",
                              "a fraction between 0 and 1 or a whole number of rows", whole=True)
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"test_size gives {n_test} test rows out of {n}; need 1 to {n - 1}.")

    rng = np.random.default_rng(seed)
    if stratify:
        test_idx = []
        for label in np.unique(y):
            rows = rng.permutation(np.flatnonzero(y == label))
            test_idx.append(rows[: int(round(n_test / n * len(rows)))])
        is_test = np.zeros(n, dtype=bool)
        is_test[np.concatenate(test_idx)] = True
        order = rng.permutation(n)
        test, train = order[is_test[order]], order[~is_test[order]]
    else:
        order = rng.permutation(n)
        test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


@dataclass(frozen=True)
class PreparedData:
    """The model-ready e-commerce data (see prepare_ecommerce).

    X_train: (N_train, 8), X_test: (N_test, 8) float64; columns feature_names.
    y_train: (N_train,), y_test: (N_test,) int64 user_action labels.
    mean, std: (2,) training statistics of NUMERIC_COLUMNS, used to z-score
        both sets (apply them to new visits too).
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray


FEATURE_NAMES = (
    "is_mobile",
    "n_products_viewed",
    "visit_duration",
    "is_returning_visitor",
    *(f"tod_{k}" for k in range(N_TIMES_OF_DAY)),
)
_NUMERIC_IDX = [FEATURE_NAMES.index(name) for name in NUMERIC_COLUMNS]


def ecommerce_features(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Raw (not yet standardised) feature matrix and labels.

    df: a checked e-commerce DataFrame (N rows).
    Returns X: (N, 8) float64 with columns FEATURE_NAMES (time_of_day becomes
    tod_0..tod_3; a binary column stays one column, the bias absorbs "off"),
    and y: (N,) int64.
    """
    X = np.column_stack(
        [
            df[list(FEATURE_NAMES[:4])].to_numpy(dtype=float),
            one_hot(df["time_of_day"].to_numpy(), N_TIMES_OF_DAY),
        ]
    )
    return X, df[LABEL_COLUMN].to_numpy(dtype=np.int64)


def prepare_ecommerce(
    df: pd.DataFrame,
    binary: bool = False,
    test_size: float | int = 0.2,
    seed: int = 0,
    stratify: bool = False,
) -> PreparedData:
    """Features, split and scaling in one call.

    df: e-commerce DataFrame (checked again here).
    binary: keep only user_action 0 and 1 (for logistic regression).
    test_size, seed, stratify: as in train_test_split.
    Returns PreparedData with X: (N, 8) float64 and y: (N,) int64. The split
    comes first and the standardiser is fitted on the training rows only,
    so nothing about the test rows leaks into training.
    """
    df = validate_ecommerce(df, source="the DataFrame passed to prepare_ecommerce")
    if binary:
        df = binary_subset(df)
        labels = sorted(set(df[LABEL_COLUMN]))
        if len(df) < 2 or len(labels) < 2:
            raise ValueError(
                f"binary=True keeps the rows with {LABEL_COLUMN} 0 (bounce) or 1 (add_to_cart), "
                f"and the data has {len(df)} such rows (labels among them: {labels or 'none'}); "
                f"a binary model needs rows of both.")
    X, y = ecommerce_features(df)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size, seed, stratify)
    mean, std = fit_standardizer(X_train[:, _NUMERIC_IDX])
    X_train[:, _NUMERIC_IDX] = standardize(X_train[:, _NUMERIC_IDX], mean, std)
    X_test[:, _NUMERIC_IDX] = standardize(X_test[:, _NUMERIC_IDX], mean, std)
    return PreparedData(X_train, X_test, y_train, y_test, FEATURE_NAMES, mean, std)
