"""Tests of course_utils.sources: four readers that agree, generated files that are
reproducible, and bad input rejected with a message that names the problem."""

import io
import sqlite3
import zipfile
from contextlib import closing

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import sources
from course_utils.data import COLUMNS, load_ecommerce, validate_ecommerce
from course_utils.sources import (
    EVENT_LOG_PATH,
    EXCEL_PATH,
    SQLITE_PATH,
    parse_events,
    read_csv,
    read_event_log,
    read_events,
    read_excel,
    read_sqlite,
    read_visits,
    sessions_from_events,
)
from course_utils.synthetic import (
    DOCUMENT_DATE,
    ZIP_DATE,
    event_log_lines,
    excel_bytes,
    generate_sources,
    write_event_log,
    write_excel,
    write_sqlite,
)

FIELDS = "#Fields: timestamp session device visitor page action"


@pytest.fixture(scope="module")
def csv_rows():
    return read_csv(sources.CSV_PATH)


def small_frame():
    """Six visits covering every action, a 0-product add to cart and a 0-minute visit."""
    return pd.DataFrame({
        "is_mobile": [1, 0, 0, 1, 0, 1],
        "n_products_viewed": [0, 1, 0, 3, 2, 0],
        "visit_duration": [0.6575, 0.0, 1.2345, 2.25, 0.0001, 6.4],
        "is_returning_visitor": [0, 1, 1, 0, 1, 0],
        "time_of_day": [3, 0, 1, 2, 0, 3],
        "user_action": [0, 1, 1, 3, 2, 0],
    })


@pytest.fixture
def log_error(tmp_path):
    """A function: write lines to tmp_path/bad.log, read it with read_event_log, and
    return the error message (the file named bad.log in it)."""
    def read(lines) -> str:
        path = tmp_path / "bad.log"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(ValueError) as info:
            read_event_log(path)
        return str(info.value).replace(str(path), "bad.log")
    return read


def event(time, session="a1", device="mobile", visitor="new", page="home", action="view"):
    return f"2026-01-05T{time} {session} {device} {visitor} {page} {action}"


# --- the committed files agree with the CSV ------------------------------------------------


@pytest.mark.parametrize("path", [EXCEL_PATH, SQLITE_PATH, EVENT_LOG_PATH], ids=lambda p: p.name)
def test_each_committed_source_holds_the_csv_rows(path, csv_rows):
    # Compared by content: the workbook's and the database's bytes depend on the
    # versions of zlib/openpyxl and SQLite that wrote them (see the module doc).
    pd.testing.assert_frame_equal(read_visits(path), csv_rows)


def test_committed_event_log_is_byte_for_byte_what_the_generator_writes(csv_rows):
    assert EVENT_LOG_PATH.read_text(encoding="utf-8") == "\n".join(event_log_lines(csv_rows)) + "\n"


def test_readers_default_to_the_files_in_data(csv_rows):
    for read in (read_excel, read_sqlite, read_event_log):
        pd.testing.assert_frame_equal(read(), csv_rows)


def test_the_log_has_one_session_per_row_and_a_realistic_shape(csv_rows):
    events = read_events()
    assert events["session"].nunique() == len(csv_rows)
    assert events["timestamp"].is_monotonic_increasing
    # Sessions overlap in time somewhere, so the reader must group, not just cut.
    sessions = events["session"].to_numpy()
    assert (sessions[1:] != sessions[:-1]).sum() > len(csv_rows)
    assert set(events["device"]) == {"desktop", "mobile", "tablet"}


# --- reproducible generation ------------------------------------------------------------------


def test_generating_twice_gives_the_same_bytes(tmp_path, csv_rows):
    first = generate_sources(out_dir=tmp_path / "a")
    second = generate_sources(out_dir=tmp_path / "b")
    for name in first:
        assert first[name][0].read_bytes() == second[name][0].read_bytes(), name


def test_the_workbook_carries_no_time_of_writing(csv_rows):
    data = excel_bytes(csv_rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_DATE}
        core = archive.read("docProps/core.xml").decode()
    stamp = DOCUMENT_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.count(stamp) == 2  # created and modified, nothing else
    assert "<dcterms:created" in core and "<dcterms:modified" in core


def test_the_database_declares_column_types(tmp_path, csv_rows):
    path = write_sqlite(csv_rows, tmp_path / "v.sqlite")
    with sqlite3.connect(path) as con:
        info = {row[1]: row[2] for row in con.execute("PRAGMA table_info(visits)")}
    con.close()
    assert list(info) == COLUMNS
    assert info["visit_duration"] == "REAL"
    assert {info[c] for c in COLUMNS if c != "visit_duration"} == {"INTEGER"}


def test_command_line_writes_then_leaves_up_to_date_files_alone(tmp_path, capsys):
    assert sources.main(["--out-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("Wrote") == 3
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert sources.main(["--out-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("already up to date") == 3
    assert stamps == {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}


def test_command_line_keeps_an_edited_file_without_force(tmp_path, capsys):
    sources.main(["--out-dir", str(tmp_path)])
    capsys.readouterr()
    log = tmp_path / EVENT_LOG_PATH.name
    edited = log.read_text() + "# my own note\n"
    log.write_text(edited)
    (tmp_path / SQLITE_PATH.name).unlink()
    assert sources.main(["--out-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{EVENT_LOG_PATH.name} exists and differs" in err and "--force" in err
    assert log.read_text() == edited  # nothing lost
    assert not (tmp_path / SQLITE_PATH.name).exists()  # and nothing half done


def test_writers_refuse_to_replace_a_differing_file(tmp_path, csv_rows):
    for write, name in [(write_excel, "v.xlsx"), (write_sqlite, "v.sqlite"), (write_event_log, "v.log")]:
        path = tmp_path / name
        path.write_text("mine")
        with pytest.raises(FileExistsError, match=f"{name} exists and differs.*force=True"):
            write(csv_rows, path)
        assert path.read_text() == "mine"
        write(csv_rows, path, force=True)
        write(csv_rows, path)  # the same content again: no refusal
        pd.testing.assert_frame_equal(sources.read_visits(path), csv_rows)


def test_command_line_rewrites_a_damaged_file_with_force(tmp_path, capsys, csv_rows):
    sources.main(["--out-dir", str(tmp_path)])
    capsys.readouterr()
    (tmp_path / EXCEL_PATH.name).write_bytes(b"not a workbook")
    (tmp_path / EVENT_LOG_PATH.name).write_text("#Fields: x\n")
    assert sources.main(["--out-dir", str(tmp_path), "--force"]) == 0
    out = capsys.readouterr().out
    assert out.count("Wrote") == 2 and out.count("already up to date") == 1
    assert f"{SQLITE_PATH.name} is already up to date" in out
    pd.testing.assert_frame_equal(read_excel(tmp_path / EXCEL_PATH.name), csv_rows)


def test_command_line_reports_a_missing_csv(tmp_path, capsys):
    assert sources.main(["--csv", str(tmp_path / "none.csv"), "--out-dir", str(tmp_path)]) == 1
    assert "No e-commerce data file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- round trips -------------------------------------------------------------------------------


def test_small_frame_round_trips_through_every_writer(tmp_path):
    df = validate_ecommerce(small_frame())
    write_excel(df, tmp_path / "v.xlsx")
    write_sqlite(df, tmp_path / "v.sqlite")
    write_event_log(df, tmp_path / "v.log")
    for name in ("v.xlsx", "v.sqlite", "v.log"):
        pd.testing.assert_frame_equal(read_visits(tmp_path / name), df)


visits = st.fixed_dictionaries({
    "is_mobile": st.integers(0, 1),
    "n_products_viewed": st.integers(0, 6),
    # 4 decimals of a minute, as in the CSV: up to a day long.
    "visit_duration": st.integers(0, 24 * 60 * 10_000).map(lambda k: round(k / 10_000, 4)),
    "is_returning_visitor": st.integers(0, 1),
    "time_of_day": st.integers(0, 3),
    "user_action": st.integers(0, 3),
})


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(visits, min_size=1, max_size=12), seed=st.integers(0, 2**32 - 1))
def test_any_csv_rows_round_trip_through_the_event_log(rows, seed):
    df = validate_ecommerce(pd.DataFrame(rows, columns=COLUMNS))
    lines = event_log_lines(df, seed=seed)
    pd.testing.assert_frame_equal(sessions_from_events(parse_events(lines)), df)


def test_the_log_refuses_durations_it_cannot_hold_exactly():
    df = validate_ecommerce(small_frame())
    df.loc[2, "visit_duration"] = 0.123456
    with pytest.raises(ValueError, match=r"row 3: visit_duration 0.123456 has more than 4 decimals"):
        event_log_lines(df)


def test_course_file_rounded_to_four_decimals_round_trips(tmp_path, reference_csv):
    df = load_ecommerce(reference_csv)
    with pytest.raises(ValueError, match="more than 4 decimals"):
        generate_sources(reference_csv, tmp_path)
    assert list(tmp_path.iterdir()) == []  # refused before writing anything
    rounded = df.assign(visit_duration=df["visit_duration"].round(4))
    csv = tmp_path / "rounded.csv"
    rounded.to_csv(csv, index=False)
    generate_sources(csv, tmp_path)
    for name in (EXCEL_PATH.name, SQLITE_PATH.name, EVENT_LOG_PATH.name):
        pd.testing.assert_frame_equal(read_visits(tmp_path / name), rounded)


# --- the log's aggregation rules -----------------------------------------------------------------


def test_time_of_day_comes_from_the_first_event_and_duration_in_minutes():
    lines = [FIELDS, event("05:59:59.000"), event("06:00:29.006", action="leave")]
    row = sessions_from_events(parse_events(lines)).iloc[0]
    assert row["time_of_day"] == 0
    assert row["visit_duration"] == 0.5001  # 30.006 s = 0.5001 min


def test_tablets_are_mobile_and_returning_is_per_session():
    lines = [FIELDS, event("10:00:00.000", "t", "tablet", "returning"),
             event("10:00:01.000", "d", "desktop", "new")]
    rows = sessions_from_events(parse_events(lines))
    assert rows["is_mobile"].tolist() == [1, 0]
    assert rows["is_returning_visitor"].tolist() == [1, 0]


def test_only_product_views_count_and_the_furthest_action_wins():
    lines = [FIELDS,
             event("10:00:00.000", page="product"),
             event("10:00:01.000", page="product", action="add_to_cart"),
             event("10:00:02.000", page="checkout", action="finish_checkout"),
             event("10:00:03.000", page="cart", action="view"),  # came back to the cart
             event("10:00:04.000", page="product"),
             event("10:00:05.000", page="product", action="leave")]
    row = sessions_from_events(parse_events(lines)).iloc[0]
    assert row["n_products_viewed"] == 2
    assert row["user_action"] == 3


def test_interleaved_sessions_come_out_in_start_order():
    lines = [FIELDS, event("10:00:00.000", "zz"), event("10:00:01.000", "aa", "desktop"),
             event("10:00:02.000", "zz", page="product"), event("10:00:03.000", "aa", "desktop",
                                                                page="product"),
             event("10:00:04.000", "zz", action="leave")]
    rows = sessions_from_events(parse_events(lines))
    assert rows["is_mobile"].tolist() == [1, 0]  # zz first: it started first
    assert rows["visit_duration"].tolist() == [round(4 / 60, 4), round(2 / 60, 4)]


def test_comments_blank_lines_and_windows_line_endings_are_fine():
    lines = ["#Software: a shop\r\n", FIELDS + "\r\n", "\r\n", event("10:00:00.000") + "\r\n",
             "# a note\n", event("10:00:06.000", action="leave") + "\r\n"]
    assert sessions_from_events(parse_events(lines))["visit_duration"].tolist() == [0.1]


def test_fields_may_come_in_any_order_the_directive_names():
    lines = ["#Fields: session timestamp action page visitor device",
             "s1 2026-01-05T10:00:00.000 view home new desktop",
             "s1 2026-01-05T10:00:30.000 add_to_cart home new desktop"]
    row = sessions_from_events(parse_events(lines)).iloc[0]
    assert (row["is_mobile"], row["user_action"], row["visit_duration"]) == (0, 1, 0.5)


def test_read_events_numbers_lines_as_in_the_file(tmp_path):
    path = tmp_path / "v.log"
    path.write_text("\n".join(["# hello", FIELDS, "", event("10:00:00.000")]) + "\n")
    events = read_events(path)
    assert events["line"].tolist() == [4]
    assert list(events.columns) == ["line", "timestamp", "session", "device", "visitor", "page",
                                    "action"]


# --- bad input: every reader names the problem -------------------------------------------------------


@pytest.mark.parametrize("read, name, kind", [
    (read_excel, "none.xlsx", "spreadsheet"),
    (read_sqlite, "none.sqlite", "database"),
    (read_event_log, "none.log", "event log"),
    (read_events, "none.log", "event log"),
    (read_csv, "none.csv", "e-commerce data"),
])
def test_missing_files_are_named(tmp_path, read, name, kind):
    with pytest.raises(FileNotFoundError, match=f"No {kind} file at .*{name}"):
        read(tmp_path / name)


def test_a_missing_database_is_not_created(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_sqlite(tmp_path / "none.sqlite")
    assert not (tmp_path / "none.sqlite").exists()


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="that is a folder"):
        read_excel(tmp_path)


def test_missing_default_file_says_how_to_recreate_it(monkeypatch, tmp_path):
    monkeypatch.setattr(sources, "SQLITE_PATH", tmp_path / "gone.sqlite")
    with pytest.raises(FileNotFoundError, match="Recreate it with: python -m course_utils.sources"):
        read_sqlite()


# Excel


def workbook(tmp_path, rows, header=COLUMNS, sheet="visits"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    if header is not None:
        ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    path = tmp_path / "v.xlsx"
    book.save(path)
    return path


def test_excel_missing_column(tmp_path):
    path = workbook(tmp_path, [[1, 2, 0.5, 0, 1]], header=COLUMNS[:-1])
    with pytest.raises(ValueError, match="sheet 'visits'.*\n.*column 'user_action' is missing"):
        read_excel(path)


def test_excel_bad_value_names_column_and_row(tmp_path):
    path = workbook(tmp_path, [[1, 2, 0.5, 0, 1, 0], [1, 2, 0.5, 0, 7, 0]])
    with pytest.raises(ValueError, match=r"column 'time_of_day', row 2: 7 is not a whole number"):
        read_excel(path)


def test_excel_empty_sheet_and_header_only(tmp_path):
    with pytest.raises(ValueError, match="sheet 'visits', is empty"):
        read_excel(workbook(tmp_path, [], header=None))
    with pytest.raises(ValueError, match="has a header but no data rows"):
        read_excel(workbook(tmp_path, []))


def test_excel_missing_sheet_lists_the_sheets(tmp_path):
    path = workbook(tmp_path, [[1, 2, 0.5, 0, 1, 0]], sheet="Sheet1")
    with pytest.raises(ValueError, match="has no sheet 'visits' \\(its sheets: 'Sheet1'\\)"):
        read_excel(path)


def test_excel_not_a_workbook(tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_text("is_mobile,n_products_viewed\n")  # a CSV renamed
    with pytest.raises(ValueError, match="is not a readable .xlsx workbook"):
        read_excel(path)


# SQLite


def database(tmp_path, rows, columns=COLUMNS, table="visits"):
    """A small SQLite file in tmp_path with one table."""
    path = tmp_path / "v.sqlite"
    with closing(sqlite3.connect(path)) as con:
        con.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", rows)
        con.commit()
    return path


def test_sqlite_missing_column(tmp_path):
    path = database(tmp_path, [(1, 2, 0.5, 0, 1)],
                    columns=[c for c in COLUMNS if c != "time_of_day"])
    with pytest.raises(ValueError, match="table 'visits' of .*v.sqlite.*\n.*column 'time_of_day' "
                                         "is missing"):
        read_sqlite(path)


def test_sqlite_bad_value_names_column_and_row(tmp_path):
    path = database(tmp_path, [(1, 2, 0.5, 0, 1, 0), (1, 2, -0.5, 0, 1, 0)])
    with pytest.raises(ValueError, match=r"column 'visit_duration', row 2: -0.5 is not a number >= 0"):
        read_sqlite(path)


def test_sqlite_empty_and_missing_tables(tmp_path):
    path = database(tmp_path, [])
    with pytest.raises(ValueError, match="table 'visits' of .*v.sqlite is empty"):
        read_sqlite(path)
    with pytest.raises(ValueError, match="v.sqlite has no table 'sessions' \\(its tables: 'visits'\\)"):
        read_sqlite(path, table="sessions")


def test_sqlite_reads_from_an_open_connection_and_leaves_it_open():
    con = sqlite3.connect(":memory:")
    con.execute(f"CREATE TABLE visits ({', '.join(COLUMNS)})")
    with pytest.raises(ValueError, match="table 'visits' of the database is empty"):
        read_sqlite(con)
    con.execute("INSERT INTO visits VALUES (1, 2, 0.5, 0, 1, 3)")
    assert read_sqlite(con)["user_action"].tolist() == [3]
    assert con.execute("SELECT 1").fetchone() == (1,)  # still open
    con.close()


def test_sqlite_not_a_database(tmp_path):
    path = tmp_path / "v.sqlite"
    path.write_text("this is not a database; " * 10)
    with pytest.raises(ValueError, match="is not a readable SQLite database"):
        read_sqlite(path)


def test_sqlite_reads_in_insertion_order_and_never_writes(tmp_path):
    df = validate_ecommerce(small_frame())
    path = write_sqlite(df, tmp_path / "v.sqlite")
    before = path.read_bytes()
    pd.testing.assert_frame_equal(read_sqlite(path), df)
    with sources.connect_sqlite(path) as con, pytest.raises(sqlite3.OperationalError,
                                                             match="readonly"):
        con.execute("DELETE FROM visits")
    con.close()
    assert path.read_bytes() == before


# Event log


def test_log_without_fields_directive(log_error):
    assert "line 1: an event before any '#Fields:' line" in log_error([event("10:00:00.000")])


def test_log_missing_column_in_the_directive(log_error):
    message = log_error(["#Fields: timestamp session visitor page action"])
    assert "line 1: the #Fields line has no field 'device'" in message


def test_log_line_with_a_missing_field(log_error):
    message = log_error([FIELDS, event("10:00:00.000"), "2026-01-05T10:01:00.000 a1 mobile new home"])
    assert "line 3: expected 6 fields" in message and "found 5" in message


def test_log_unknown_device_names_line_and_the_known_ones(log_error):
    message = log_error([FIELDS, event("10:00:00.000", device="fridge")])
    assert message == ("bad.log, line 2: unknown device 'fridge' "
                       "(expected 'desktop', 'mobile', 'tablet').")


@pytest.mark.parametrize("field, value", [("visitor", "old"), ("page", "basket"), ("action", "buy")])
def test_log_unknown_values(field, value, log_error):
    message = log_error([FIELDS, event("10:00:00.000", **{field: value})])
    assert f"line 2: unknown {field} '{value}'" in message


@pytest.mark.parametrize("stamp", ["2026-01-05T10:00:00", "2026-02-30T10:00:00.000",
                                   "05/01/2026-10:00:00.000", "2026-01-05T10:00:00.000+01:00"])
def test_log_bad_timestamps(stamp, log_error):
    message = log_error([FIELDS, f"{stamp} a1 mobile new home view"])
    assert f"line 2: timestamp '{stamp}' is not a valid date and time" in message


def test_log_timestamps_out_of_order_names_both_lines(log_error):
    message = log_error([FIELDS, event("10:00:00.000"), event("10:05:00.000", "b2"),
                         event("10:01:00.000", page="product")])
    assert message == ("bad.log, line 4: timestamp 2026-01-05T10:01:00.000 is earlier than "
                       "line 3's (2026-01-05T10:05:00.000); the log must be in time order.")


def test_log_session_that_changes_device_or_visitor(log_error):
    message = log_error([FIELDS, event("10:00:00.000"), event("10:00:01.000", device="desktop")])
    assert "session a1 has device 'mobile' on line 2 but 'desktop' on line 3" in message
    message = log_error([FIELDS, event("10:00:00.000"), event("10:00:01.000", visitor="returning")])
    assert "keeps one visitor status" in message


def test_empty_log(tmp_path):
    path = tmp_path / "v.log"
    path.write_text(FIELDS + "\n\n# nothing happened today\n")
    with pytest.raises(ValueError, match="has no events"):
        read_event_log(path)
    path.write_text("")
    with pytest.raises(ValueError, match="has no events"):
        read_event_log(path)


def test_log_that_is_not_text(tmp_path):
    path = tmp_path / "v.log"
    path.write_bytes(FIELDS.encode() + b"\n\xff\xfe\x00binary")
    with pytest.raises(ValueError, match="is not a UTF-8 text file"):
        read_event_log(path)


def test_log_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "v.log"
    path.write_text("\n".join([FIELDS, event("10:00:00.000")]), encoding="utf-8-sig")
    assert len(read_event_log(path)) == 1


def test_read_visits_knows_four_kinds_only(tmp_path):
    with pytest.raises(ValueError, match="no reader for files ending in '.json'"):
        read_visits(tmp_path / "v.json")


def test_written_log_is_in_time_order_with_one_device_per_session(csv_rows):
    events = parse_events(event_log_lines(csv_rows.head(50)))
    assert events.groupby("session")["device"].nunique().max() == 1
    assert np.all(np.diff(events["timestamp"].to_numpy()) >= np.timedelta64(0))
