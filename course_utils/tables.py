"""Any table, ready for the course's models: read it, check it, encode it, split it.

"All data is the same" (the lectures): whatever the rows mean, a classifier
sees numbers X (N, D) and labels y (N,). This module turns any table with a
target column into exactly that, with the e-commerce pipeline's own pieces
(course_utils.data: the seeded split and the training-statistics z-score;
course_utils.math.one_hot):

    table = read_table("my_data.csv")          # a CSV, a spreadsheet or a SQLite table
    data = prepare_table(table, target="diagnosis", seed=0)
    data.X_train, data.y_train                 # (N_train, D) float64, (N_train,) int64
    data.class_names                           # what label k means, e.g. ('benign', 'malignant')
    print(data.describe())

or both steps at once: load_table("my_data.csv", target="diagnosis").

What prepare_table does, in order:
1. checks the table, and stops with an error naming the column and the rows:
   the target missing, or with a single class, or holding measurements rather
   than classes; text in a column of numbers; missing values (unless you choose
   missing="drop" or missing="fill"). A column of text or of row numbers with a
   different value on every row (an ID, a name) gets a warning: it cannot help
   on new rows.
2. encodes the target's classes as 0..K-1, in sorted order, keeping their names;
3. splits the rows (train / validation / test, stratified, seeded);
4. one-hot encodes every categorical column with the categories of the
   TRAINING rows, and z-scores every numeric column with the TRAINING mean and
   standard deviation: nothing about the validation or test rows shapes the
   features.

Rows are numbered from 1 = the first row below the header, as in a
spreadsheet without its header line. Shapes: N rows, D features, K classes.

Introduced in 15_your_own_data.
"""

from __future__ import annotations

import os
import re
import sqlite3
import warnings
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import numpy as np
import pandas as pd

from .data import fit_standardizer, standardize, train_test_split
from .math import one_hot
from .synthetic import shown_path

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
MISSING_CHOICES = (None, "drop", "fill")
MISSING_CATEGORY = "(missing)"  # what missing="fill" puts in an empty categorical cell
_SHOW_ROWS = 5  # how many row numbers a message lists before "..."

# scikit-learn's data sets that ship inside the package (no download): loader
# name -> the name we give the target column.
BUNDLED = {
    "breast_cancer": "diagnosis",
    "wine": "cultivar",
    "digits": "digit",
    "iris": "species",
}


class IdLikeColumnWarning(UserWarning):
    """A column holds a different value on every row, like an ID or a name."""


# =====================================================================================
# Reading: a CSV, a spreadsheet or a SQLite table -> DataFrame
# =====================================================================================


def read_table(path: str | os.PathLike, *, sheet: str | int = 0, table: str | None = None,
               source: str | None = None, **read_options) -> pd.DataFrame:
    """Read a table from a file, chosen by the file's extension.

    .csv/.txt/.tsv: pandas.read_csv (a .tsv is split at tabs); .xlsx/.xlsm: sheet
    `sheet` (the first by default) through openpyxl; .sqlite/.sqlite3/.db: table
    `table` of a SQLite database (may be omitted when it holds only one table).
    source: how error messages name the file (default: the path).
    read_options: passed to pandas (e.g. sep=";", na_values=["?"] for a CSV).
    Returns the DataFrame as read, unchecked (prepare_table checks it).
    Raises FileNotFoundError for a missing file and ValueError for anything
    that is not a table: an unknown extension, an empty or binary file,
    rows of different lengths, a single column, a repeated column name.
    """
    path = Path(path)
    name = source or shown_path(path)
    if not path.is_file():
        what = " (that is a folder; give the file's name)" if path.is_dir() else ""
        raise FileNotFoundError(f"No file at {name}{what}.")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        df = _read_csv(path, name, read_options)
    elif suffix in EXCEL_SUFFIXES:
        df = _read_excel(path, name, sheet, read_options)
    elif suffix in SQLITE_SUFFIXES:
        df = _read_sqlite(path, name, table)
    else:
        known = ", ".join(CSV_SUFFIXES + EXCEL_SUFFIXES + SQLITE_SUFFIXES)
        raise ValueError(f"{name}: no reader for files ending in {suffix or '(nothing)'!r} "
                         f"(known: {known}).")
    _check_shape(df, name)
    return df


def _read_csv(path: Path, name: str, options: dict) -> pd.DataFrame:
    # utf-8-sig: a spreadsheet's byte-order mark is no column. index_col=False: a row
    # with one value too many is an error, not silently the row's index.
    options = {"encoding": "utf-8-sig", "index_col": False, **options}
    if path.suffix.lower() == ".tsv":
        options.setdefault("sep", "\t")
    if _looks_binary(path):
        raise ValueError(f"{name} is not a table: it holds binary data (an image, an archive, "
                         f"a workbook renamed to {path.suffix}?), not lines of text.")
    try:
        with warnings.catch_warnings():
            # pandas only warns when a row has more values than the header has names,
            # and then drops them: a table that loses values is an error.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(path, **options)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name} is empty: a table needs a header line and rows.") from None
    except pd.errors.ParserWarning:
        raise ValueError(f"{name} is not a table: a row has more values than the header has "
                         f"column names.") from None
    except pd.errors.ParserError as err:
        raise ValueError(f"{name} is not a table: its rows do not have the same number of "
                         f"values ({_first_line(err)}).") from None
    except UnicodeDecodeError as err:
        raise ValueError(f"{name} is not a UTF-8 text table ({err.reason} at byte {err.start}); "
                         f"if it is text in another encoding, pass encoding=\"latin-1\", "
                         f"for example.") from None
    _check_repeated_names(name, df)
    return df


def _looks_binary(path: Path) -> bool:
    """A NUL byte in the first 8 KB: text files (UTF-8, Latin-1) never hold one."""
    with open(path, "rb") as file:
        return b"\0" in file.read(8192)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0].rstrip(".")


def _check_repeated_names(name: str, df: pd.DataFrame) -> None:
    """pandas renames a repeated column name 'x' to 'x.1': say so instead."""
    for column in df.columns:
        match = re.fullmatch(r"(.*)\.(\d+)", str(column))
        if match and match.group(1) in df.columns:
            raise ValueError(f"{name}: the column name '{match.group(1)}' appears more than once "
                             f"in the header; give each column its own name.")


def _read_excel(path: Path, name: str, sheet, options: dict) -> pd.DataFrame:
    try:
        with pd.ExcelFile(path, engine="openpyxl") as workbook:
            if isinstance(sheet, str) and sheet not in workbook.sheet_names:
                raise ValueError(f"{name} has no sheet '{sheet}' "
                                 f"(its sheets: {', '.join(map(repr, workbook.sheet_names))}).")
            return pd.read_excel(workbook, sheet_name=sheet, **options)
    except (zipfile.BadZipFile, KeyError, OSError) as err:
        raise ValueError(f"{name} is not a readable spreadsheet (.xlsx) ({err}).") from None
    except IndexError:
        raise ValueError(f"{name} has no sheet number {sheet}.") from None


def _read_sqlite(path: Path, name: str, table: str | None) -> pd.DataFrame:
    # Read-only: a query cannot change the file, and sqlite3 cannot create a new one.
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
        try:
            found = dict(con.execute("SELECT name, type FROM sqlite_master "
                                     "WHERE type IN ('table', 'view') ORDER BY name").fetchall())
        except sqlite3.DatabaseError as err:
            raise ValueError(f"{name} is not a readable SQLite database ({err}).") from None
        listed = ", ".join(map(repr, found)) or "none"
        if table is None:
            if len(found) != 1:
                raise ValueError(f"{name} holds {len(found)} tables ({listed}): say which one "
                                 f"with table=...")
            table = next(iter(found))
        if table not in found:
            raise ValueError(f"{name} has no table '{table}' (its tables: {listed}).")
        quoted = '"' + table.replace('"', '""') + '"'
        # A SQL table has no order of its own; rowid is the order the rows were inserted in.
        order = " ORDER BY rowid" if found[table] == "table" else ""
        return pd.read_sql_query(f"SELECT * FROM {quoted}{order}", con)


def _check_shape(df: pd.DataFrame, name: str) -> None:
    if df.shape[1] < 2:
        header = str(df.columns[0]) if df.shape[1] else ""
        hint = ""
        for sep, what in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in header:
                hint = f"; its header holds {what}: read it with sep={sep!r}"
                break
        raise ValueError(f"{name} is not a table of features and a target: it has "
                         f"{df.shape[1]} column{'s' if df.shape[1] != 1 else ''}{hint}.")
    if len(df) == 0:
        raise ValueError(f"{name} has a header but no rows.")


def bundled_table(name: str) -> pd.DataFrame:
    """One of scikit-learn's bundled data sets as a table: features, then the target.

    name: "breast_cancer", "wine", "digits" or "iris" (they ship inside the
    scikit-learn package: nothing is downloaded). The target column is named
    as in BUNDLED ("diagnosis", "cultivar", "digit", "species") and holds the
    class names (e.g. "malignant"), as a table from the field would.
    """
    if name not in BUNDLED:
        raise ValueError(f"no bundled data set {name!r}; choose one of {', '.join(BUNDLED)}.")
    from sklearn import datasets  # only here: importing scikit-learn takes a second

    bunch = getattr(datasets, f"load_{name}")(as_frame=True)
    names = np.asarray(bunch.target_names)
    table = bunch.frame.drop(columns="target")
    table[BUNDLED[name]] = names[bunch.target.to_numpy()]
    return table


# =====================================================================================
# Checking: which columns are numbers, which are categories, what is wrong
# =====================================================================================


def _rows(positions, total=None) -> str:
    """'rows 3, 8 and 12' (1-based), shortened after _SHOW_ROWS."""
    numbers = [str(int(p) + 1) for p in positions]
    total = len(numbers) if total is None else total
    if total == 1:
        return f"row {numbers[0]}"
    if total > _SHOW_ROWS:
        return f"rows {', '.join(numbers[:_SHOW_ROWS])}, ..."
    return f"rows {', '.join(numbers[:-1])} and {numbers[-1]}"


def _as_numbers(column: pd.Series) -> np.ndarray:
    """(N,) floats; NaN where a cell is empty or not a number."""
    if pd.api.types.is_bool_dtype(column):
        column = column.astype(float)
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def column_kinds(df: pd.DataFrame, target: str, categorical=(), source: str = "the table"):
    """Split the feature columns into numeric and categorical ones.

    A column is numeric when every filled cell is a number (numbers stored
    as text, "3.5", count too), categorical when (almost) none is, or when it
    is listed in `categorical` (e.g. a code such as a postcode or a
    time-of-day slot 0-3, which is a number only in appearance).
    Returns (numeric, categorical): two lists of column names, in table order.
    Raises ValueError for a column of numbers with some text in it, naming the
    column, the first rows and how many: a typo, a unit ("12 kg"), a
    placeholder for a missing value ("?", "n/a").
    """
    unknown = [c for c in categorical if c not in df.columns]
    if unknown:
        raise ValueError(f"{source}: categorical names {_names(unknown)}, which "
                         f"{'is' if len(unknown) == 1 else 'are'} not a column.")
    numeric, categories = [], []
    for name in df.columns:
        if name == target:
            continue
        if name in categorical:
            categories.append(name)
            continue
        column = df[name]
        filled = column.notna().to_numpy()
        is_number = ~np.isnan(_as_numbers(column))
        text = filled & ~is_number
        if not text.any():
            numeric.append(name)
        elif is_number.sum() >= text.sum():
            first = np.flatnonzero(text)
            words = list(dict.fromkeys(str(v) for v in column.iloc[first]))[:3]
            one = len(first) == 1
            raise ValueError(
                f"{source}: column '{name}' holds numbers, but {_rows(first)} "
                f"{'holds' if one else 'hold'} text: {', '.join(map(repr, words))} "
                f"({len(first)} of {int(filled.sum())} filled cells). Correct "
                f"{'it' if one else 'them'}; if {'it marks' if one else 'they mark'} a missing "
                f"value, read the file with na_values={[w.strip() for w in words]!r}; if the "
                f"column is a category, pass categorical=['{name}'].")
        else:
            categories.append(name)
    return numeric, categories


def _value(value) -> str:
    """A cell's value as a message shows it: 141.5, 'forty'."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_)):
        return f"{value:g}"
    return repr(value)


def _names(names) -> str:
    return ", ".join(f"'{n}'" for n in names)


def missing_cells(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """{column: 0-based positions of its missing cells}, for the columns that have any."""
    return {name: np.flatnonzero(df[name].isna().to_numpy())
            for name in df.columns if df[name].isna().any()}


def _check_target(df: pd.DataFrame, target: str, source: str) -> None:
    if not isinstance(target, str) or target not in df.columns:
        close = get_close_matches(str(target), [str(c) for c in df.columns], n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        listed = _names(df.columns[:12]) + (", ..." if df.shape[1] > 12 else "")
        raise ValueError(f"{source} has no target column {target!r} (its columns: {listed}).{hint}")
    labels = df[target].dropna()
    classes = labels.unique()
    if len(classes) < 2:
        what = f"only the class {classes[0]!r}" if len(classes) else "no values at all"
        raise ValueError(f"{source}: the target column '{target}' has {what} in {len(df)} rows; a "
                         f"classifier needs at least two classes to tell apart.")
    numbers = _as_numbers(labels)
    if not np.isnan(numbers).any() and not np.all(numbers == np.round(numbers)):
        row = int(np.flatnonzero(numbers != np.round(numbers))[0])
        raise ValueError(f"{source}: the target column '{target}' holds measurements, not classes "
                         f"({_value(labels.iloc[row])} in {_rows([labels.index[row]])}, "
                         f"{len(classes)} different values): predicting a number is regression, "
                         f"which these classifiers do not do. Choose a column of classes.")


def _warn_id_like(df: pd.DataFrame, numeric: list, categorical: list, source: str) -> None:
    """Warn about columns with a different value on every row that look like IDs.

    Text and category columns, and whole numbers that count the rows (every
    value from the smallest to the largest appears once: 1, 2, ..., N or a
    saved index 0..N-1). A measurement (a length in cm, an income) is
    naturally different on every row, and is not warned about.
    """
    if len(df) < 3:
        return
    for name in [*numeric, *categorical]:
        column = df[name].dropna()
        if len(column) < len(df) or column.nunique() < len(df):
            continue
        if name in numeric:
            numbers = np.sort(_as_numbers(column))
            if not np.array_equal(numbers, numbers[0] + np.arange(len(numbers))):
                continue
        hint = (" (a saved DataFrame index? write files with to_csv(..., index=False))"
                if str(name).startswith("Unnamed") else "")
        warnings.warn(
            f"{source}: column '{name}' has a different value on every one of its {len(df)} rows, "
            f"like an ID or a name{hint}. It cannot help predict a new row, and a model may "
            f"memorise it: drop it with table.drop(columns=['{name}']).",
            IdLikeColumnWarning, stacklevel=3)


def _missing_message(df: pd.DataFrame, cells: dict, source: str) -> str:
    rows_with_gaps = np.unique(np.concatenate(list(cells.values())))
    total = sum(len(p) for p in cells.values())
    lines = [f"{source} has {total} missing value{'s' if total != 1 else ''} in "
             f"{len(rows_with_gaps)} of its {len(df)} rows:"]
    lines += [f"  - column '{name}': {len(p)} missing ({_rows(p)})" for name, p in cells.items()]
    lines.append("Choose what to do, explicitly: missing='drop' leaves those rows out; "
                 "missing='fill' fills a number with the training mean and a category with "
                 f"'{MISSING_CATEGORY}' (rows whose target is missing are never filled: drop them).")
    return "\n".join(lines)


def check_table(df: pd.DataFrame, target: str, *, categorical=(), missing: str | None = None,
                source: str = "the table") -> tuple[pd.DataFrame, list, list, np.ndarray]:
    """Check a table before it becomes numbers (see the module doc).

    Returns (table, numeric, categorical, dropped): the table to use (index
    0..M-1; without the dropped rows if missing="drop"), the numeric and the
    categorical feature columns, and the 0-based positions of the rows dropped.
    Raises ValueError naming the column and rows of each problem; warns
    (IdLikeColumnWarning) about ID-like columns.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{source}: expected a pandas DataFrame, got {type(df).__name__}.")
    if missing not in MISSING_CHOICES:
        raise ValueError(f"missing must be None (stop and report), 'drop' or 'fill'; "
                         f"got {missing!r}.")
    # "age " is a typo, not a new column; positions, not labels, number the rows.
    df = df.rename(columns=lambda name: str(name).strip()).reset_index(drop=True)
    if df.columns.duplicated().any():
        raise ValueError(f"{source}: the column name '{df.columns[df.columns.duplicated()][0]}' "
                         f"appears more than once; give each column its own name.")
    if len(df) == 0:
        raise ValueError(f"{source} has no rows.")
    if df.shape[1] < 2:
        raise ValueError(f"{source} needs a target column and at least one feature column.")
    _check_target(df, target, source)
    numeric, categories = column_kinds(df, target, categorical, source)

    cells = missing_cells(df)
    dropped = np.array([], dtype=np.int64)
    if cells and missing is None:
        raise ValueError(_missing_message(df, cells, source))
    if target in cells and missing == "fill":
        raise ValueError(f"{source}: the target column '{target}' is missing in "
                         f"{_rows(cells[target])}: a label cannot be made up. Use missing='drop'.")
    if cells and missing == "drop":
        dropped = np.flatnonzero(df.isna().any(axis=1).to_numpy())
        df = df.drop(index=dropped).reset_index(drop=True)
        if len(df) == 0:
            raise ValueError(f"{source}: every row has a missing value, so missing='drop' "
                             f"leaves nothing.")
        _check_target(df, target, f"{source} (after dropping rows with missing values)")
    _warn_id_like(df, numeric, categories, source)
    return df, numeric, categories, dropped


# =====================================================================================
# Encoding and splitting
# =====================================================================================


def encode_labels(values) -> tuple[np.ndarray, tuple]:
    """Classes -> integer labels 0..K-1, in sorted order of the class names.

    values: (N,) class names or numbers, e.g. ["cat", "dog", "cat"].
    Returns y (N,) int64 and class_names (K,) with class_names[y[n]] == values[n].
    Sorted order, not order of appearance, so a shuffled copy of the same
    table gives each class the same number.
    """
    class_names, y = np.unique(np.asarray(values), return_inverse=True)
    return y.astype(np.int64).reshape(-1), tuple(class_names.tolist())


def split_rows(y, test_size=0.2, val_size=0.2, seed=0, stratify=True):
    """Positions of the train, validation and test rows: three (N_part,) int arrays.

    test_size, val_size: fractions of ALL rows (or row counts). Both splits use
    course_utils.data.train_test_split with the same seed; stratified, each
    part keeps the class proportions of y.
    """
    y = np.asarray(y)
    positions = np.arange(len(y))
    rest, test, y_rest, _ = train_test_split(positions, y, test_size, seed, stratify)
    if isinstance(val_size, (float, np.floating)):
        val_size = int(np.ceil(val_size * len(y)))  # a fraction of all rows, not of the rest
    train, val, _, _ = train_test_split(rest, y_rest, val_size, seed, stratify)
    return train, val, test


@dataclass(frozen=True)
class PreparedTable:
    """A table as numbers, split and scaled (see prepare_table).

    X_train (N_train, D), X_val (N_val, D), X_test (N_test, D): float64, columns
        feature_names; y_train, y_val, y_test: int64 labels 0..K-1.
    class_names: (K,) what each label means. numeric: the z-scored columns,
        with the training mean and std; categories: {column: its training
        categories, one feature each}. rows_*: each part's rows (0-based
        positions in the checked table); dropped: rows left out (missing="drop").
    """

    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    y_test: np.ndarray
    feature_names: tuple
    class_names: tuple
    numeric: tuple
    categories: dict
    mean: np.ndarray
    std: np.ndarray
    rows_train: np.ndarray
    rows_val: np.ndarray
    rows_test: np.ndarray
    dropped: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    source: str = "the table"

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def describe(self) -> str:
        """A few lines: sizes, columns and classes."""
        n = len(self.rows_train) + len(self.rows_val) + len(self.rows_test)
        lines = [
            f"{self.source}: {n} rows -> train {len(self.rows_train)}, validation "
            f"{len(self.rows_val)}, test {len(self.rows_test)}",
            f"  features: {len(self.numeric)} numeric (z-scored), {len(self.categories)} "
            f"categorical (one-hot: {_count(sum(map(len, self.categories.values())), 'column')}) "
            f"-> D = {len(self.feature_names)}",
            f"  classes: K = {self.n_classes}: " + ", ".join(
                f"{k} {name}" for k, name in enumerate(self.class_names[:10]))
            + (", ..." if self.n_classes > 10 else ""),
        ]
        if len(self.dropped):
            lines.append(f"  dropped {_count(len(self.dropped), 'row')} with missing values "
                         f"({_rows(self.dropped)})")
        return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _one_hot_column(values: pd.Series, categories: list, name: str, part: str) -> np.ndarray:
    """(N, C) one-hot of a column over the training categories; unseen ones get all zeros."""
    lookup = {category: k for k, category in enumerate(categories)}
    codes = values.map(lookup)
    unseen = codes.isna().to_numpy()
    encoded = np.zeros((len(values), len(categories)))
    if (~unseen).any():
        encoded[~unseen] = one_hot(codes[~unseen].to_numpy(dtype=np.int64), len(categories))
    if unseen.any():
        warnings.warn(f"column '{name}': {unseen.sum()} {part} row(s) hold a category the training "
                      f"rows never had ({values[unseen].iloc[0]!r}); they get all-zero one-hot "
                      f"columns.", UserWarning, stacklevel=4)
    return encoded


def prepare_table(df: pd.DataFrame, target: str, *, categorical=(), missing: str | None = None,
                  test_size=0.2, val_size=0.2, seed: int = 0, stratify: bool = True,
                  source: str = "the table") -> PreparedTable:
    """Check, encode, split and scale a table (the module doc lists the steps).

    df: the table (N rows), e.g. from read_table. target: the name of the
    column to predict. categorical: columns to one-hot even though they hold
    numbers. missing: None (stop and report missing values), "drop" or "fill".
    test_size, val_size: fractions of all rows; seed, stratify: as in
    course_utils.data.train_test_split.
    Returns a PreparedTable; raises ValueError naming column and rows.
    """
    df, numeric, categories, dropped = check_table(df, target, categorical=categorical,
                                                   missing=missing, source=source)
    labels = df[target]
    if not pd.api.types.is_numeric_dtype(labels):
        labels = labels.astype(str)  # 1 and "1" in one column are one class, and sortable
    y, class_names = encode_labels(labels)
    rows = split_rows(y, test_size, val_size, seed, stratify)
    train = rows[0]

    # Numeric columns: z-scores with the training rows' mean and std (course_utils.data).
    numbers = np.column_stack([_as_numbers(df[name]) for name in numeric]) if numeric else None
    mean, std = np.zeros(0), np.ones(0)
    if numeric:
        gaps = np.isnan(numbers)
        if gaps.any():  # only with missing="fill": the training mean, which z-scores to 0
            counts = (~gaps[train]).sum(axis=0)
            fill = np.where(gaps[train], 0.0, numbers[train]).sum(axis=0) / np.maximum(counts, 1)
            numbers = np.where(gaps, fill, numbers)
        mean, std = fit_standardizer(numbers[train])

    # Categorical columns: the categories of the training rows, one feature each.
    texts = {name: df[name].astype(object).where(df[name].notna(), MISSING_CATEGORY).astype(str)
             for name in categories}
    levels = {name: sorted(texts[name].iloc[train].unique()) for name in categories}

    parts = []
    for part, positions in zip(("train", "validation", "test"), rows):
        blocks = [standardize(numbers[positions], mean, std)] if numeric else []
        blocks += [_one_hot_column(texts[name].iloc[positions], levels[name], name, part)
                   for name in categories]
        parts.append(np.column_stack(blocks))
    feature_names = tuple(numeric) + tuple(f"{name}={category}" for name in categories
                                           for category in levels[name])
    return PreparedTable(parts[0], parts[1], parts[2], y[rows[0]], y[rows[1]], y[rows[2]],
                         feature_names, class_names, tuple(numeric), levels, mean, std,
                         *rows, dropped=dropped, source=source)


def load_table(path: str | os.PathLike, target: str, *, sheet: str | int = 0,
               table: str | None = None, read_options: dict | None = None,
               **prepare_options) -> PreparedTable:
    """read_table then prepare_table: a file (CSV, spreadsheet, SQLite) -> PreparedTable."""
    source = prepare_options.pop("source", None) or shown_path(Path(path))
    df = read_table(path, sheet=sheet, table=table, source=source, **(read_options or {}))
    return prepare_table(df, target, source=source, **prepare_options)
