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
--------------------
The workbook, the database and the log are made from data/ecommerce_data.csv
by course_utils.synthetic (with the CSV's own generator), as `make data` does:

    python -m course_utils.sources [--csv PATH] [--out-dir DIR] [--force]

Introduced in 05_ecommerce_data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import sqlite3
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pandas as pd

from .data import (ACTION_NAMES, COLUMNS, DATA_DIR, DECIMALS, LABEL_COLUMN, load_ecommerce,
                   validate_ecommerce)

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
# The command line: the writers are in course_utils.synthetic, with the CSV's generator
# =====================================================================================


def main(argv: list[str] | None = None) -> int:
    """`python -m course_utils.sources`: course_utils.synthetic.sources_main."""
    from .synthetic import sources_main  # the writers need the readers: imported here, not above

    return sources_main(argv)


if __name__ == "__main__":
    sys.exit(main())
