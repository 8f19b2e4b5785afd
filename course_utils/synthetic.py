"""The generator of the course's e-commerce data files (what `make data` runs).

1. data/ecommerce_data.csv, drawn from the model below (`python -m course_utils.synthetic`).
2. The same rows as data/ecommerce_data.xlsx, data/ecommerce_data.sqlite and
   data/ecommerce_events.log (`python -m course_utils.sources`): the writers at
   the end of this module; course_utils.sources reads the four files.
Both commands refuse to replace a file that differs from what they would
write (edited by hand?) unless given --force.

The original course ships a 500-row ecommerce_data.csv; this project makes its
own data with the same columns (see course_utils.data), the same class balance
and close per-class feature means, so that every lesson about "which feature
signals which action" holds.

The model is class-conditional: first decide what each visitor did, then draw
the visit given that action.

1. user_action c: exact counts in the ratio ACTION_COUNTS = 253 : 145 : 77 : 25
   (bounce : add_to_cart : begin_checkout : finish_checkout); for n=500 that
   is exactly 253/145/77/25 rows. The rows are then shuffled.
2. Given c, each feature is drawn independently of the others:
       is_mobile            ~ Bernoulli(P_MOBILE[c])
       is_returning_visitor ~ Bernoulli(P_RETURNING[c])
       n_products_viewed    ~ Categorical(PRODUCTS_VIEWED_PROBS[c]) over 0..4
       time_of_day          ~ Categorical(TIME_OF_DAY_PROBS[c]) over 0..3
       visit_duration       ~ Gamma(shape, scale) = DURATION_GAMMA[c], mean shape*scale

"Independent given the class" is the naive Bayes assumption. The course file's
labels depend on the features in ways this model leaves out, so a classifier
separates its classes a little better. To keep the learnable signal comparable,
the durations of classes 1-3 are less spread out than in the course file
(same means, smaller standard deviations); bounces keep the course file's
exponential shape (shape 1). With these constants a softmax regression reaches
about the same test accuracy on both files.

Regenerate the file (refuses to replace a file that differs, unless --force):

    python -m course_utils.synthetic [--out PATH] [--force]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sqlite3
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd

from course_utils.data import COLUMNS, DATA_DIR, DECIMALS, LABEL_COLUMN, load_ecommerce, validate_ecommerce
from course_utils.sources import (CSV_PATH, EVENT_LOG_PATH, EXCEL_PATH,
                                  FIELDS_LINE, HOURS_PER_TIME_OF_DAY, MS_PER_MINUTE, SHEET,
                                  SQLITE_PATH, TABLE, read_event_log, read_excel, read_sqlite)

SEED = 7  # the seed of the committed data file
N_VISITS = 500

# One entry per user_action: bounce, add_to_cart, begin_checkout, finish_checkout.
ACTION_COUNTS = (253, 145, 77, 25)  # class balance, per 500 visits
P_MOBILE = (0.43, 0.40, 0.74, 0.76)  # checkouts happen more often on phones
P_RETURNING = (0.49, 0.50, 0.56, 0.80)  # finishers tend to come back
PRODUCTS_VIEWED_PROBS = (  # P(n_products_viewed = 0, 1, 2, 3, 4)
    (0.95, 0.02, 0.03, 0.00, 0.00),  # a bounce rarely opens a product page
    (0.00, 0.66, 0.23, 0.07, 0.04),
    (0.00, 0.58, 0.18, 0.17, 0.07),
    (0.00, 0.24, 0.32, 0.28, 0.16),
)
TIME_OF_DAY_PROBS = (  # P(time_of_day = 0, 1, 2, 3)
    (0.21, 0.26, 0.245, 0.285),
    (0.20, 0.14, 0.30, 0.36),
    (0.27, 0.36, 0.17, 0.20),
    (0.40, 0.24, 0.32, 0.04),
)
DURATION_GAMMA = (  # (shape, scale); mean = shape * scale
    (1.0, 1.06),  # bounces: exponential, mostly short, sometimes long
    (6.0, 0.105),  # mean 0.63
    (9.0, 0.163),  # mean 1.47
    (9.0, 0.248),  # mean 2.23
)


def class_counts(n: int) -> np.ndarray:
    """(4,) ints summing to n, in the ratio ACTION_COUNTS.

    Rounding down loses a few rows; they go to the classes with the largest
    remainders, so the counts are deterministic (no sampling noise).
    """
    weights = np.array(ACTION_COUNTS)
    counts = n * weights // weights.sum()
    remainders = n * weights % weights.sum()
    counts[np.argsort(-remainders, kind="stable")[: n - counts.sum()]] += 1
    return counts


def make_ecommerce(n: int = N_VISITS, seed: int = SEED) -> pd.DataFrame:
    """Draw n visits from the class-conditional model in the module docstring.

    Returns a DataFrame (n, 6) with the columns and dtypes of
    course_utils.data.load_ecommerce. The same (n, seed) gives the same frame.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}.")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(4), class_counts(n)))

    columns = {name: np.zeros(n, dtype=np.int64) for name in COLUMNS}
    columns["visit_duration"] = np.zeros(n)
    for c in range(4):
        rows = labels == c
        k = int(rows.sum())
        columns["is_mobile"][rows] = rng.random(k) < P_MOBILE[c]
        columns["is_returning_visitor"][rows] = rng.random(k) < P_RETURNING[c]
        columns["n_products_viewed"][rows] = rng.choice(5, size=k, p=PRODUCTS_VIEWED_PROBS[c])
        columns["time_of_day"][rows] = rng.choice(4, size=k, p=TIME_OF_DAY_PROBS[c])
        shape, scale = DURATION_GAMMA[c]
        columns["visit_duration"][rows] = np.round(rng.gamma(shape, scale, size=k), DECIMALS)
    columns[LABEL_COLUMN] = labels
    return validate_ecommerce(pd.DataFrame(columns), source="make_ecommerce")


def ecommerce_csv_text(df: pd.DataFrame) -> str:
    """The CSV text we write: no index, fixed decimals, '\\n' line endings."""
    return df.to_csv(index=False, float_format=f"%.{DECIMALS}f", lineterminator="\n")


def shown_path(path: Path) -> str:
    """A path as we print it: relative to the working directory when it can be
    (shorter, and no machine-specific prefix in what the course prints)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the e-commerce CSV. Returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.synthetic",
        description="Write the course's synthetic e-commerce data (deterministic).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR / "ecommerce_data.csv",
        help="where to write the CSV (default: data/ecommerce_data.csv in the repository)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the file even if its content differs"
    )
    args = parser.parse_args(argv)
    out: Path = args.out

    df = make_ecommerce()
    text = ecommerce_csv_text(df)
    if out.is_dir():
        print(f"error: {shown_path(out)} is a folder; give a file name.", file=sys.stderr)
        return 2
    if out.exists():
        old = out.read_text(encoding="utf-8", errors="replace")
        if old.splitlines() == text.splitlines():  # a CRLF checkout is not a change
            print(f"{shown_path(out)} is already up to date.")
            return 0
        if not args.force:
            print(
                f"error: {shown_path(out)} exists and differs from the generated data; "
                "not overwriting it. Pass --force to replace it (its content will be lost).",
                file=sys.stderr,
            )
            return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {len(df)} rows to {shown_path(out)}.")
    return 0


# --- what the generator writes: fixed, so the files are reproducible ---------------------

LOG_SEED = 2026
LOG_START = dt.datetime(2026, 1, 5)  # the first day of the log, 00:00
MEAN_GAP_MINUTES = 3.0  # between the starts of consecutive sessions
P_TABLET = 0.2  # of mobile visits
P_LAND_ON_PRODUCT = 0.5  # of visits that view a product: they arrive on one
DOCUMENT_DATE = dt.datetime(2026, 1, 1)  # the workbook's created/modified properties
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


# =====================================================================================
# The same rows as a workbook, a database and an event log (course_utils.sources reads them)
# =====================================================================================
# The same CSV gives the same bytes on one machine: the workbook's created/modified
# dates and its zip entries' times are fixed, and the log comes from a seeded
# generator. Across machines the log is byte-identical, but the workbook's bytes
# depend on zlib and openpyxl, and a SQLite file records the SQLite version that
# wrote it; so the writers and tests compare those two by content (the rows they
# hold), and the command only rewrites a file whose content changed.


def excel_bytes(df: pd.DataFrame, sheet: str = SHEET) -> bytes:
    """The .xlsx file of df (one header row, one row per visit) as bytes, reproducibly.

    openpyxl stamps a workbook with the time it was created, and zip entries
    carry the time they were written; both are fixed here (DOCUMENT_DATE, ZIP_DATE).
    """
    from openpyxl import Workbook  # only the writer needs it directly
    from openpyxl.xml.functions import tostring

    df = validate_ecommerce(df, source="the data to write")
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(COLUMNS)
    for row in _python_rows(df):
        worksheet.append(row)
    workbook.properties.creator = "course_utils.sources"
    raw = io.BytesIO()
    workbook.save(raw)  # sets the "modified" property to now
    workbook.properties.created = workbook.properties.modified = DOCUMENT_DATE
    core = tostring(workbook.properties.to_tree())  # docProps/core.xml, as openpyxl writes it

    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = core if info.filename == "docProps/core.xml" else source.read(info.filename)
            target.writestr(entry, data)
    return fixed.getvalue()


def write_excel(df: pd.DataFrame, path: str | os.PathLike, sheet: str = SHEET,
                force: bool = False) -> Path:
    """Write df as sheet `sheet` of an .xlsx workbook (see excel_bytes).

    An existing file that holds other rows is replaced only with force=True.
    """
    path = Path(path)
    data = excel_bytes(df, sheet)
    _refuse_to_replace(path, lambda: _holds(lambda p: read_excel(p, sheet), path, df), force)
    _write_atomically(path, data)
    return path


def write_sqlite(df: pd.DataFrame, path: str | os.PathLike, table: str = TABLE,
                 force: bool = False) -> Path:
    """Write df into a new SQLite database file with one table, `table`.

    Column types are declared (INTEGER, REAL), as a database would have them.
    An existing file is replaced as a whole, and only with force=True if it holds other rows.
    """
    df = validate_ecommerce(df, source="the data to write")
    path = Path(path)
    _refuse_to_replace(path, lambda: _holds(lambda p: read_sqlite(p, table), path, df), force)
    types = {name: "REAL" if name == "visit_duration" else "INTEGER" for name in COLUMNS}
    quoted = '"' + table.replace('"', '""') + '"'
    create = (f"CREATE TABLE {quoted} (\n"
              + ",\n".join(f"    {name} {types[name]} NOT NULL" for name in COLUMNS) + "\n)")
    insert = f"INSERT INTO {quoted} VALUES ({', '.join('?' * len(COLUMNS))})"
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(temporary)) as con:
            con.execute(create)
            con.executemany(insert, _python_rows(df))
            con.commit()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def event_log_lines(df: pd.DataFrame, seed: int = LOG_SEED) -> list[str]:
    """The event log of df's visits: a list of lines, directives first (see the module doc).

    Session n starts after session n-1, at an hour inside its time_of_day, and
    lasts exactly its visit_duration; the events in between (landing page,
    product views, the actions up to user_action, leaving) are placed at random
    moments of it. Raises ValueError for a duration that millisecond timestamps
    cannot hold exactly (more than 4 decimals of a minute): round it first.
    """
    df = validate_ecommerce(df, source="the data to write")
    durations_ms = np.round(df["visit_duration"].to_numpy() * MS_PER_MINUTE).astype(np.int64)
    exact = np.round(durations_ms / MS_PER_MINUTE, DECIMALS) == df["visit_duration"].to_numpy()
    if not exact.all():
        row = int(np.argmin(exact))
        raise ValueError(
            f"row {row + 1}: visit_duration {float(df['visit_duration'].iloc[row])!r} has "
            f"more than {DECIMALS} decimals, which the log's millisecond timestamps cannot hold; "
            f"round the durations to {DECIMALS} decimals first."
        )

    rng = np.random.default_rng(seed)
    ids = _session_ids(len(df), rng)
    events = []  # (time in ms since LOG_START, session number, event number, text fields)
    start = 0
    for n, visit in enumerate(df.itertuples(index=False)):
        start = _next_start(start, visit.time_of_day, rng)
        device = "desktop" if not visit.is_mobile else (
            "tablet" if rng.random() < P_TABLET else "mobile")
        visitor = "returning" if visit.is_returning_visitor else "new"
        steps = _session_steps(visit.n_products_viewed, visit.user_action, rng)
        duration = int(durations_ms[n])
        inner = np.sort(rng.integers(0, duration + 1, size=len(steps) - 2))
        times = [start, *(start + inner).tolist(), start + duration]
        for k, (time, (page, action)) in enumerate(zip(times, steps, strict=True)):
            events.append((time, n, k, (ids[n], device, visitor, page, action)))

    lines = [
        "#Software: course_utils.sources (from the course's e-commerce CSV)",
        FIELDS_LINE,
    ]
    for time, _, _, fields in sorted(events):  # time order; ties in session order
        stamp = (LOG_START + dt.timedelta(milliseconds=time)).isoformat(timespec="milliseconds")
        lines.append(" ".join((stamp, *fields)))
    return lines


def write_event_log(df: pd.DataFrame, path: str | os.PathLike, seed: int = LOG_SEED,
                    force: bool = False) -> Path:
    """Write event_log_lines(df, seed) to path ('\\n' line endings, UTF-8).

    An existing file with other content (an edited log) is replaced only with force=True.
    """
    path = Path(path)
    data = ("\n".join(event_log_lines(df, seed)) + "\n").encode("utf-8")
    _refuse_to_replace(path, lambda: path.read_bytes() == data, force)
    _write_atomically(path, data)
    return path


def _session_ids(n: int, rng: np.random.Generator) -> list[str]:
    """n different opaque ids, 8 hex digits each."""
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < n:
        new = f"{int(rng.integers(0, 2**32)):08x}"
        if new not in seen:
            seen.add(new)
            ids.append(new)
    return ids


def _next_start(previous_ms: int, time_of_day: int, rng: np.random.Generator) -> int:
    """A start time after previous_ms whose hour lies in quarter `time_of_day` of the day."""
    start = previous_ms + 1 + int(rng.exponential(MEAN_GAP_MINUTES * MS_PER_MINUTE))
    quarter_ms = HOURS_PER_TIME_OF_DAY * 3_600_000
    day_ms = 4 * quarter_ms
    if (start % day_ms) // quarter_ms != time_of_day:
        # Jump to the next time the clock enters that quarter, then somewhere inside it.
        entry = start - start % day_ms + time_of_day * quarter_ms
        if entry <= start:
            entry += day_ms
        start = entry + int(rng.integers(0, quarter_ms))
    return start


def _session_steps(n_products: int, user_action: int, rng: np.random.Generator) -> list:
    """The (page, action) events of one visit, in order: landing ... leave."""
    steps = []
    views = n_products
    if views and rng.random() < P_LAND_ON_PRODUCT:
        steps.append(("product", "view"))  # arrived from a search engine on a product page
        views -= 1
    else:
        steps.append(("home", "view"))
    steps += [("product", "view")] * views
    if user_action >= 1:
        steps.append(("product" if n_products else "home", "add_to_cart"))
    if user_action >= 2:
        steps.append(("cart", "begin_checkout"))
    if user_action >= 3:
        steps.append(("checkout", "finish_checkout"))
    steps.append((steps[-1][0], "leave"))
    return steps


def _python_rows(df: pd.DataFrame) -> list[tuple]:
    """df's rows as tuples of Python ints and floats (what openpyxl and sqlite3 store)."""
    return list(zip(*(df[name].tolist() for name in COLUMNS), strict=True))


def _refuse_to_replace(path: Path, same_content, force: bool) -> None:
    """FileExistsError if path is a file whose content differs (same_content() is False), unless force."""
    if path.is_dir():
        raise IsADirectoryError(f"{shown_path(path)} is a folder; give a file name.")
    if path.exists() and not force and not same_content():
        raise FileExistsError(
            f"{shown_path(path)} exists and differs from what would be written; not overwriting it. "
            f"Pass force=True (--force on the command line) to replace it (its content will be lost).")


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file next to path, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


# =====================================================================================
# Generating the course's files
# =====================================================================================

# name -> (default file name, writer, reader); the readers check what was written.
SOURCE_FILES = {
    "excel": (EXCEL_PATH.name, write_excel, read_excel),
    "sqlite": (SQLITE_PATH.name, write_sqlite, read_sqlite),
    "event_log": (EVENT_LOG_PATH.name, write_event_log, read_event_log),
}


def generate_sources(csv_path: str | os.PathLike | None = None,
                     out_dir: str | os.PathLike = DATA_DIR,
                     force: bool = False) -> dict[str, tuple[Path, bool]]:
    """Write the workbook, the database and the event log of a CSV into out_dir.

    csv_path: the CSV (default data/ecommerce_data.csv, whatever
        COURSE_ECOMMERCE_CSV says: these files belong to the repository's data).
    A file whose content is already right is left alone: the log when its
    bytes are equal, the workbook and the database when the rows they hold are
    (their bytes depend on the library versions, see the module doc). A file
    with other content (an edited log, a damaged workbook) is replaced only
    with force=True; otherwise FileExistsError names them all and nothing is written.
    Returns {name: (path, written?)}. Raises ValueError if a file, read back,
    does not give the CSV's rows.
    """
    df = load_ecommerce(CSV_PATH if csv_path is None else csv_path)
    log_text = ("\n".join(event_log_lines(df)) + "\n").encode("utf-8")  # first: it may refuse df
    out_dir = Path(out_dir)
    up_to_date = {}
    for name, (file_name, _, read) in SOURCE_FILES.items():
        path = out_dir / file_name
        if name == "event_log":
            up_to_date[name] = path.is_file() and path.read_bytes() == log_text
        else:
            up_to_date[name] = _holds(read, path, df)
    differing = [shown_path(out_dir / SOURCE_FILES[name][0]) for name, ok in up_to_date.items()
                 if not ok and (out_dir / SOURCE_FILES[name][0]).exists()]
    if differing and not force:
        raise FileExistsError(
            f"{', '.join(differing)} exist{'s' if len(differing) == 1 else ''} and differ"
            f"{'s' if len(differing) == 1 else ''} from what the CSV gives (edited by hand?); not "
            f"overwriting. Pass --force (force=True) to replace them (their content will be lost).")
    results = {}
    for name, (file_name, write, read) in SOURCE_FILES.items():
        path = out_dir / file_name
        if not up_to_date[name]:
            write(df, path, force=True)
            if not _holds(read, path, df):
                raise ValueError(f"{path} does not read back to the CSV's rows.")
        results[name] = (path, not up_to_date[name])
    return results


def _holds(read, path: Path, df: pd.DataFrame) -> bool:
    """path exists and read(path) gives exactly df."""
    try:
        pd.testing.assert_frame_equal(read(path), df)
    except (FileNotFoundError, ValueError, AssertionError):
        return False
    return True


def sources_main(argv: list[str] | None = None) -> int:
    """`python -m course_utils.sources`: write the three files from the CSV. Returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.sources",
        description="Write the e-commerce data as a spreadsheet, a SQLite database and an "
                    "event log, from the CSV (deterministic).",
    )
    parser.add_argument("--csv", type=Path, default=CSV_PATH,
                        help="the CSV to convert (default: data/ecommerce_data.csv)")
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR,
                        help="where to write the three files (default: data/)")
    parser.add_argument("--force", action="store_true",
                        help="replace files whose content differs (edited by hand); it is lost")
    args = parser.parse_args(argv)
    try:
        results = generate_sources(args.csv, args.out_dir, force=args.force)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for path, written in results.values():
        print(f"Wrote {shown_path(path)}." if written else f"{shown_path(path)} is already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
