"""Four ways the e-commerce data arrives, and one reader for each.

Real data rarely comes as one tidy CSV. The same visits may sit in a
spreadsheet someone exported, in a table of the shop's database, or only in
the web server's log of page events. Each reader below returns the same
checked DataFrame as course_utils.data.load_ecommerce (it ends with
validate_ecommerce), so a notebook does not care where the rows came from:

    read_csv(path)          the CSV (data.load_ecommerce)
    read_excel(path)        an .xlsx workbook, sheet "visits" (pandas + openpyxl)
    read_sqlite(path)       table "visits" of a SQLite database (sqlite3 + pandas)
    read_event_log(path)    a log of page events, aggregated into one row per session
    read_visits(path)       any of the four, chosen by the file's extension

With no path, each reads its file in data/. Bad input raises an error that
names the problem and, where it applies, the line or row: FileNotFoundError
for a missing file, ValueError for everything else.

The event log
-------------
A text file in the W3C extended log style of web servers: lines starting with
"#" are directives or comments, the "#Fields:" directive names the columns,
and every other line is one page event, its fields separated by spaces, in
time order:

    #Fields: timestamp session device visitor page action
    2026-01-05T00:04:31.118 9c2e51a0 mobile new home view
    2026-01-05T00:05:02.006 9c2e51a0 mobile new product view

    timestamp  local shop time, to the millisecond: 2026-01-05T00:04:31.118
    session    an opaque id; all events of one visit share it
    device     desktop, mobile or tablet (mobile and tablet give is_mobile = 1)
    visitor    new or returning
    page       home, product, cart or checkout
    action     view, add_to_cart, begin_checkout, finish_checkout or leave

One session becomes one row, in the order the sessions start:

    is_mobile             its device is mobile or tablet
    n_products_viewed     its number of (product, view) events
    visit_duration        minutes from its first to its last event, to 4 decimals
    is_returning_visitor  its visitor field is "returning"
    time_of_day           the hour of its first event // 6 (0: 00-06h ... 3: 18-24h)
    user_action           the furthest action it reached: 3 finish_checkout,
                          2 begin_checkout, 1 add_to_cart, else 0 (bounce)

Durations in the CSV have 4 decimals of a minute, i.e. multiples of 6 ms, so
millisecond timestamps hold them exactly and the log round-trips to the CSV.

Generating the files
-------------------
    python -m course_utils.sources [--csv PATH] [--out-dir DIR]

writes data/ecommerce_data.xlsx, data/ecommerce_data.sqlite and
data/ecommerce_events.log from data/ecommerce_data.csv. Do not edit them by
hand. The same CSV gives the same bytes on one machine: the workbook's
created/modified dates and its zip entries' times are fixed, and the log comes
from a seeded generator. Across machines the log is byte-identical, but the
workbook's bytes depend on zlib and openpyxl, and a SQLite file records the
SQLite version that wrote it; so tests compare those two by content (the rows
they hold), and the command only rewrites a file whose content changed.

Introduced in 05_ecommerce_data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import os
import re
import sqlite3
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd

from .data import ACTION_NAMES, COLUMNS, DATA_DIR, LABEL_COLUMN, load_ecommerce, validate_ecommerce
from .synthetic import DECIMALS, shown_path

CSV_PATH = DATA_DIR / "ecommerce_data.csv"
EXCEL_PATH = DATA_DIR / "ecommerce_data.xlsx"
SQLITE_PATH = DATA_DIR / "ecommerce_data.sqlite"
EVENT_LOG_PATH = DATA_DIR / "ecommerce_events.log"
SHEET = "visits"
TABLE = "visits"

# --- the event log's vocabulary ------------------------------------------------------

LOG_FIELDS = ("timestamp", "session", "device", "visitor", "page", "action")
FIELDS_LINE = "#Fields: " + " ".join(LOG_FIELDS)  # the directive that names them
DEVICES = {"desktop": 0, "mobile": 1, "tablet": 1}  # -> is_mobile
VISITORS = {"new": 0, "returning": 1}  # -> is_returning_visitor
PAGES = ("home", "product", "cart", "checkout")
# action -> how far along the funnel it is; the session's label is the maximum.
ACTION_LEVELS = {"view": 0, "leave": 0, **{name: k for k, name in enumerate(ACTION_NAMES) if k}}
MS_PER_MINUTE = 60_000
HOURS_PER_TIME_OF_DAY = 6
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}")
_TIMESTAMP_EXAMPLE = "2026-01-05T14:03:27.125"

# --- what the generator writes: fixed, so the files are reproducible ---------------------

LOG_SEED = 2026
LOG_START = dt.datetime(2026, 1, 5)  # the first day of the log, 00:00
MEAN_GAP_MINUTES = 3.0  # between the starts of consecutive sessions
P_TABLET = 0.2  # of mobile visits
P_LAND_ON_PRODUCT = 0.5  # of visits that view a product: they arrive on one
DOCUMENT_DATE = dt.datetime(2026, 1, 1)  # the workbook's created/modified properties
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


# =====================================================================================
# Readers
# =====================================================================================


def read_csv(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The CSV: course_utils.data.load_ecommerce, under the name of its kind."""
    return load_ecommerce(path)


def read_excel(path: str | os.PathLike | None = None, sheet: str = SHEET) -> pd.DataFrame:
    """Read sheet `sheet` of an .xlsx workbook: a header row, then one row per visit.

    Returns the checked DataFrame (N, 6) of course_utils.data.validate_ecommerce.
    Raises FileNotFoundError for a missing file, ValueError for a file that is not
    an .xlsx workbook, a missing sheet, an empty sheet, or rows that break the schema.
    """
    path = _existing_file(path, EXCEL_PATH, "spreadsheet")
    try:
        with pd.ExcelFile(path, engine="openpyxl") as workbook:
            if sheet not in workbook.sheet_names:
                raise ValueError(
                    f"{path} has no sheet '{sheet}' (its sheets: {_listed(workbook.sheet_names)})."
                )
            df = pd.read_excel(workbook, sheet_name=sheet)
    except (zipfile.BadZipFile, KeyError, OSError) as err:
        raise ValueError(f"{path} is not a readable .xlsx workbook ({err}).") from None
    source = f"{path}, sheet '{sheet}',"
    if df.shape == (0, 0):
        raise ValueError(f"{source} is empty: expected a header row ({', '.join(COLUMNS)}).")
    return validate_ecommerce(df, source=source)


def connect_sqlite(path: str | os.PathLike | None = None) -> sqlite3.Connection:
    """A read-only connection to a SQLite database file (the course's by default).

    Read-only, so that a query cannot change the file, and a missing file is an
    error (sqlite3.connect would silently create an empty database). Close it
    when done: `with closing(connect_sqlite()) as con: ...`.
    """
    path = _existing_file(path, SQLITE_PATH, "database")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_sqlite(
    database: str | os.PathLike | sqlite3.Connection | None = None, table: str = TABLE
) -> pd.DataFrame:
    """Read table `table` of a SQLite database, in the order its rows were inserted.

    database: a file path (None: the course's file) or an open sqlite3.Connection
        (e.g. sqlite3.connect(":memory:")), which is left open.
    Returns the checked DataFrame (N, 6). Raises FileNotFoundError for a missing
    file, ValueError for a file that is not a database, a missing or empty table,
    or rows that break the schema.
    """
    if isinstance(database, sqlite3.Connection):
        return _read_table(database, table, "the database")
    path = _existing_file(database, SQLITE_PATH, "database")
    with closing(connect_sqlite(path)) as con:
        return _read_table(con, table, str(path))


def _read_table(con: sqlite3.Connection, table: str, name: str) -> pd.DataFrame:
    try:
        found = dict(con.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        ).fetchall())
    except sqlite3.DatabaseError as err:
        raise ValueError(f"{name} is not a readable SQLite database ({err}).") from None
    if table not in found:
        raise ValueError(f"{name} has no table '{table}' (its tables: {_listed(found)}).")
    quoted = '"' + table.replace('"', '""') + '"'
    # A SQL table has no order of its own; a table's rowid is its insertion order.
    order = " ORDER BY rowid" if found[table] == "table" else ""
    df = pd.read_sql_query(f"SELECT * FROM {quoted}{order}", con)
    source = f"table '{table}' of {name}"
    if len(df) == 0:
        raise ValueError(f"{source} is empty: it has no rows.")
    return validate_ecommerce(df, source=source)


def read_events(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read an event log into one row per event, checked line by line (see the module doc).

    Returns a DataFrame with columns line (its line number in the file),
    timestamp (datetime64), session, device, visitor, page, action.
    """
    path = _existing_file(path, EVENT_LOG_PATH, "event log")
    # utf-8-sig: a byte-order mark, as some editors write one, is not part of line 1.
    with open(path, encoding="utf-8-sig") as file:
        try:
            return parse_events(file, source=str(path))
        except UnicodeDecodeError as err:
            raise ValueError(f"{path} is not a UTF-8 text file ({err.reason}).") from None


def parse_events(lines, source: str = "the event log") -> pd.DataFrame:
    """Check and parse the lines of an event log (an open file or a list of strings).

    Returns the DataFrame of read_events. Raises ValueError naming the line for:
    no #Fields directive, a field missing from it, a line with the wrong number
    of fields, a bad timestamp, an unknown device, visitor, page or action, and
    a timestamp earlier than the line before (the log must be in time order).
    """
    fields, rows, previous = None, [], None
    allowed = {"device": DEVICES, "visitor": VISITORS, "page": PAGES, "action": ACTION_LEVELS}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line.startswith("#Fields:"):
            fields = line[len("#Fields:"):].split()
            missing = [name for name in LOG_FIELDS if name not in fields]
            if missing:
                raise ValueError(
                    f"{source}, line {number}: the #Fields line has no field "
                    f"{_listed(missing)} (needed: {' '.join(LOG_FIELDS)})."
                )
            continue
        if not line or line.startswith("#"):
            continue
        if fields is None:
            raise ValueError(
                f"{source}, line {number}: an event before any '#Fields:' line, so the "
                f"columns are unknown (expected '#Fields: {' '.join(LOG_FIELDS)}')."
            )
        values = line.split()
        if len(values) != len(fields):
            raise ValueError(
                f"{source}, line {number}: expected {len(fields)} fields "
                f"({' '.join(fields)}), found {len(values)}: {line!r}"
            )
        event = dict(zip(fields, values, strict=True))
        stamp = event["timestamp"]
        try:
            if not _TIMESTAMP.fullmatch(stamp):
                raise ValueError
            time = dt.datetime.fromisoformat(stamp)
        except ValueError:
            raise ValueError(
                f"{source}, line {number}: timestamp {stamp!r} is not a valid date and "
                f"time in the form {_TIMESTAMP_EXAMPLE}."
            ) from None
        for field, known in allowed.items():
            if event[field] not in known:
                raise ValueError(
                    f"{source}, line {number}: unknown {field} {event[field]!r} "
                    f"(expected {_listed(known)})."
                )
        if previous is not None and time < previous[1]:
            raise ValueError(
                f"{source}, line {number}: timestamp {stamp} is earlier than line "
                f"{previous[0]}'s ({previous[1].isoformat(timespec='milliseconds')}); "
                f"the log must be in time order."
            )
        previous = (number, time)
        rows.append((number, time, *(event[name] for name in LOG_FIELDS[1:])))
    if not rows:
        raise ValueError(f"{source} has no events (only blank lines, comments or directives).")
    events = pd.DataFrame(rows, columns=["line", *LOG_FIELDS])
    events["timestamp"] = pd.to_datetime(events["timestamp"])
    return events


def sessions_from_events(events: pd.DataFrame, source: str = "the event log") -> pd.DataFrame:
    """Aggregate events (as from read_events) into one row per session, in start order.

    Returns the checked DataFrame (N, 6) (the rules are in the module doc).
    Raises ValueError if a session changes device or visitor status midway.
    """
    sessions = events.groupby("session", sort=False)
    for field, what in [("device", "device"), ("visitor", "visitor status")]:
        changes = sessions[field].transform("nunique") > 1
        if changes.any():
            session = events.loc[changes.idxmax(), "session"]
            own = events[events["session"] == session]
            other = own[own[field] != own[field].iloc[0]].iloc[0]
            raise ValueError(
                f"{source}: session {session} has {field} {own[field].iloc[0]!r} on line "
                f"{own['line'].iloc[0]} but {other[field]!r} on line {other['line']}; "
                f"a session keeps one {what}."
            )
    first, last = sessions.first(), sessions.last()
    milliseconds = (last["timestamp"] - first["timestamp"]) / pd.Timedelta(milliseconds=1)
    product_view = (events["page"] == "product") & (events["action"] == "view")
    level = events["action"].map(ACTION_LEVELS)
    visits = pd.DataFrame({
        "is_mobile": first["device"].map(DEVICES),
        "n_products_viewed": product_view.groupby(events["session"], sort=False).sum(),
        "visit_duration": (milliseconds / MS_PER_MINUTE).round(DECIMALS),
        "is_returning_visitor": first["visitor"].map(VISITORS),
        "time_of_day": first["timestamp"].dt.hour // HOURS_PER_TIME_OF_DAY,
        LABEL_COLUMN: level.groupby(events["session"], sort=False).max(),
    })
    return validate_ecommerce(visits.reset_index(drop=True), source=source)


def read_event_log(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read an event log and aggregate it: one checked row (N, 6) per session."""
    path = _existing_file(path, EVENT_LOG_PATH, "event log")
    return sessions_from_events(read_events(path), source=str(path))


def read_visits(path: str | os.PathLike) -> pd.DataFrame:
    """Read any of the four sources, chosen by the file's extension.

    .csv, .xlsx, .sqlite/.sqlite3/.db, .log. Returns the checked DataFrame (N, 6).
    """
    readers = {".csv": read_csv, ".xlsx": read_excel, ".sqlite": read_sqlite,
               ".sqlite3": read_sqlite, ".db": read_sqlite, ".log": read_event_log}
    suffix = Path(path).suffix.lower()
    if suffix not in readers:
        raise ValueError(
            f"{path}: no reader for files ending in {suffix or '(nothing)'!r} "
            f"(known: {', '.join(readers)})."
        )
    return readers[suffix](path)


def preview_lines(path: str | os.PathLike | None = None, n: int = 8) -> str:
    """The first n lines of a text file (the event log by default), to look at."""
    path = _existing_file(path, EVENT_LOG_PATH, "event log" if path is None else "text")
    with open(path, encoding="utf-8-sig") as file:
        return "".join(itertools.islice(file, n)).rstrip("\n")


def _existing_file(path, default: Path, kind: str) -> Path:
    path = default if path is None else Path(path)
    if not path.is_file():
        hint = "."
        if path == default:
            hint = ". Recreate it with: python -m course_utils.sources"
        elif path.is_dir():
            hint = " (that is a folder; give the file's name)."
        raise FileNotFoundError(f"No {kind} file at {path}{hint}")
    return path


def _listed(names) -> str:
    names = list(names)
    return ", ".join(repr(n) if isinstance(n, str) else str(n) for n in names) if names else "none"


# =====================================================================================
# Writers: the same rows as a workbook, a database and an event log
# =====================================================================================


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


def write_excel(df: pd.DataFrame, path: str | os.PathLike, sheet: str = SHEET) -> Path:
    """Write df as sheet `sheet` of an .xlsx workbook (see excel_bytes)."""
    path = Path(path)
    _write_atomically(path, excel_bytes(df, sheet))
    return path


def write_sqlite(df: pd.DataFrame, path: str | os.PathLike, table: str = TABLE) -> Path:
    """Write df into a new SQLite database file with one table, `table`.

    Column types are declared (INTEGER, REAL), as a database would have them.
    An existing file is replaced as a whole.
    """
    df = validate_ecommerce(df, source="the data to write")
    path = Path(path)
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


def write_event_log(df: pd.DataFrame, path: str | os.PathLike, seed: int = LOG_SEED) -> Path:
    """Write event_log_lines(df, seed) to path ('\\n' line endings, UTF-8)."""
    path = Path(path)
    _write_atomically(path, ("\n".join(event_log_lines(df, seed)) + "\n").encode("utf-8"))
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
                     out_dir: str | os.PathLike = DATA_DIR) -> dict[str, tuple[Path, bool]]:
    """Write the workbook, the database and the event log of a CSV into out_dir.

    csv_path: the CSV (default data/ecommerce_data.csv, whatever
        COURSE_ECOMMERCE_CSV says: these files belong to the repository's data).
    A file whose content is already right is left alone: the log when its
    bytes are equal, the workbook and the database when the rows they hold are
    (their bytes depend on the library versions, see the module doc).
    Returns {name: (path, written?)}. Raises ValueError if a file, read back,
    does not give the CSV's rows.
    """
    df = load_ecommerce(CSV_PATH if csv_path is None else csv_path)
    log_text = ("\n".join(event_log_lines(df)) + "\n").encode("utf-8")  # first: it may refuse df
    out_dir = Path(out_dir)
    results = {}
    for name, (file_name, write, read) in SOURCE_FILES.items():
        path = out_dir / file_name
        if name == "event_log":
            up_to_date = path.is_file() and path.read_bytes() == log_text
        else:
            up_to_date = _holds(read, path, df)
        if not up_to_date:
            write(df, path)
            if not _holds(read, path, df):
                raise ValueError(f"{path} does not read back to the CSV's rows.")
        results[name] = (path, not up_to_date)
    return results


def _holds(read, path: Path, df: pd.DataFrame) -> bool:
    """path exists and read(path) gives exactly df."""
    try:
        pd.testing.assert_frame_equal(read(path), df)
    except (FileNotFoundError, ValueError, AssertionError):
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Command line: write the three files from the CSV. Returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.sources",
        description="Write the e-commerce data as a spreadsheet, a SQLite database and an "
                    "event log, from the CSV (deterministic).",
    )
    parser.add_argument("--csv", type=Path, default=CSV_PATH,
                        help="the CSV to convert (default: data/ecommerce_data.csv)")
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR,
                        help="where to write the three files (default: data/)")
    args = parser.parse_args(argv)
    try:
        results = generate_sources(args.csv, args.out_dir)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for path, written in results.values():
        print(f"Wrote {shown_path(path)}." if written else f"{shown_path(path)} is already up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
