"""Tests of course_utils.data: the schema checks, the loader and the preprocessing."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils.data import (
    ACTION_NAMES,
    BINARY_COLUMNS,
    COLUMNS,
    DATA_DIR,
    FEATURE_COLUMNS,
    LABEL_COLUMN,
    NUMERIC_COLUMNS,
    binary_subset,
    default_ecommerce_path,
    ecommerce_features,
    fit_standardizer,
    load_ecommerce,
    one_hot,
    prepare_ecommerce,
    standardize,
    train_test_split,
    validate_ecommerce,
)

# The original course's file lives next to the repository, not in it.

HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    "1,0,0.6575,0,3,0",
    "1,1,0.5686,0,2,1",
    "0,0,0.0422,1,1,0",
    "1,1,1.6598,1,1,2",
    "0,2,2.2500,1,0,3",
    "0,3,0.0000,0,2,1",
]


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "visits.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def with_cell(row_number, column, value):
    """GOOD_ROWS with one cell replaced; row_number counts from 1 like the messages."""
    rows = [r.split(",") for r in GOOD_ROWS]
    rows[row_number - 1][COLUMNS.index(column)] = value
    return [",".join(r) for r in rows]


def load_error(tmp_path, rows, header=HEADER) -> str:
    with pytest.raises(ValueError) as info:
        load_ecommerce(write_csv(tmp_path, rows, header))
    return str(info.value)


# --- schema constants --------------------------------------------------------


def test_schema_constants_describe_the_columns():
    assert COLUMNS == FEATURE_COLUMNS + [LABEL_COLUMN]
    assert set(BINARY_COLUMNS) | set(NUMERIC_COLUMNS) < set(FEATURE_COLUMNS)
    assert ACTION_NAMES == ("bounce", "add_to_cart", "begin_checkout", "finish_checkout")
    assert DATA_DIR == Path(__file__).resolve().parents[1] / "data"


def test_default_path_is_the_repository_data_file(monkeypatch):
    monkeypatch.delenv("COURSE_ECOMMERCE_CSV", raising=False)
    assert default_ecommerce_path() == DATA_DIR / "ecommerce_data.csv"


def test_environment_variable_points_notebooks_at_another_file(monkeypatch, tmp_path):
    path = write_csv(tmp_path, GOOD_ROWS)
    monkeypatch.setenv("COURSE_ECOMMERCE_CSV", str(path))
    assert default_ecommerce_path() == path
    assert len(load_ecommerce()) == len(GOOD_ROWS)


# --- a good file ---------------------------------------------------------------


def test_good_file_gets_schema_order_and_dtypes(tmp_path):
    # Columns shuffled on disk, integers stored as "1.0": both are fine.
    shuffled = COLUMNS[::-1]
    rows = [",".join(f"{float(v)}" for v in r.split(",")[::-1]) for r in GOOD_ROWS]
    df = load_ecommerce(write_csv(tmp_path, rows, header=",".join(shuffled)))
    assert list(df.columns) == COLUMNS
    assert df["visit_duration"].dtype == np.float64
    for name in COLUMNS:
        if name != "visit_duration":
            assert df[name].dtype == np.int64, name
    assert df["user_action"].tolist() == [0, 1, 0, 2, 3, 1]
    assert df.loc[4, "visit_duration"] == 2.25


def test_validate_accepts_numbers_stored_as_text_and_returns_a_copy():
    raw = pd.DataFrame([r.split(",") for r in GOOD_ROWS], columns=COLUMNS)  # all str
    df = validate_ecommerce(raw, source="sheet")
    assert df["time_of_day"].tolist() == [3, 2, 1, 1, 0, 2]
    assert raw["time_of_day"].tolist()[0] == "3"  # the input is left alone


# --- one test per bad input -----------------------------------------------------


def test_missing_file_says_where_it_looked(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        load_ecommerce(tmp_path / "nowhere.csv")


def test_missing_column_is_named(tmp_path):
    header = HEADER.replace(",time_of_day", "")
    rows = [",".join(v for i, v in enumerate(r.split(",")) if i != 4) for r in GOOD_ROWS]
    message = load_error(tmp_path, rows, header)
    assert "column 'time_of_day' is missing" in message


def test_unexpected_column_is_named(tmp_path):
    message = load_error(tmp_path, [r + ",7" for r in GOOD_ROWS], HEADER + ",coupon_code")
    assert "unexpected column 'coupon_code'" in message


def test_saved_index_column_gets_a_hint(tmp_path):
    rows = [f"{i},{r}" for i, r in enumerate(GOOD_ROWS)]
    message = load_error(tmp_path, rows, "," + HEADER)
    assert "unexpected column 'Unnamed: 0'" in message and "index=False" in message


@pytest.mark.parametrize(
    "column, row, value, expected",
    [
        ("visit_duration", 3, "abc", "'abc' is not a number"),
        ("is_mobile", 2, "", "is empty"),
        ("n_products_viewed", 5, "NaN", "is empty"),
        ("time_of_day", 4, "4", "4 is not a whole number from 0 to 3"),
        ("time_of_day", 6, "1.5", "1.5 is not a whole number from 0 to 3"),
        ("n_products_viewed", 2, "-1", "-1 is not a whole number >= 0"),
        ("visit_duration", 6, "-0.25", "-0.25 is not a number >= 0"),
        ("is_returning_visitor", 1, "2", "2 is not 0 or 1"),
        ("is_mobile", 3, "-1", "-1 is not 0 or 1"),
        ("user_action", 5, "4", "4 is not a whole number from 0 to 3"),
        ("user_action", 2, "-1", "-1 is not a whole number from 0 to 3"),
    ],
)
def test_bad_cell_names_column_and_row(tmp_path, column, row, value, expected):
    message = load_error(tmp_path, with_cell(row, column, value))
    assert f"column '{column}', row {row}: {expected}" in message
    assert "(1 row like this)" in message
    assert "first row below the header" in message  # says how rows are numbered


def test_many_bad_rows_report_the_first_and_the_count(tmp_path):
    rows = GOOD_ROWS + ["0,0,1.0,0,9,0", "0,0,1.0,0,7,0", "0,0,1.0,0,2,0", "0,0,1.0,0,-3,0"]
    message = load_error(tmp_path, rows)
    assert "column 'time_of_day', row 7: 9 is not" in message
    assert "(3 rows like this)" in message


def test_every_bad_column_is_reported_at_once(tmp_path):
    rows = with_cell(2, "is_mobile", "yes")
    rows[3] = rows[3].replace("1,1,1.6598", "1,1,-5")
    message = load_error(tmp_path, rows)
    assert "column 'is_mobile', row 2: 'yes' is not a number" in message
    assert "column 'visit_duration', row 4: -5 is not" in message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ValueError, match="empty.csv is empty"):
        load_ecommerce(path)


def test_header_only_file(tmp_path):
    message = load_error(tmp_path, [])
    assert "has a header but no data rows" in message


def test_extra_value_in_first_row_is_not_silently_dropped(tmp_path):
    rows = [GOOD_ROWS[0] + ",99", *GOOD_ROWS[1:]]
    assert "more values than the header" in load_error(tmp_path, rows)


def test_extra_value_in_a_later_row_names_the_line(tmp_path):
    rows = [*GOOD_ROWS[:2], GOOD_ROWS[2] + ",99", *GOOD_ROWS[3:]]
    message = load_error(tmp_path, rows)
    assert "not a readable CSV" in message and "line 4" in message


def test_validate_rejects_something_that_is_not_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        validate_ecommerce(np.zeros((3, 6)))


# --- the original course file ------------------------------------------------------


def test_loader_runs_unchanged_on_the_course_file(reference):
    assert reference.shape == (500, 6)
    assert reference[LABEL_COLUMN].value_counts().sort_index().tolist() == [253, 145, 77, 25]
    assert reference["time_of_day"].value_counts().sort_index().tolist() == [113, 120, 127, 140]
    assert reference["n_products_viewed"].min() == 0 and reference["n_products_viewed"].max() == 4
    assert 0 <= reference["visit_duration"].min() and 6.3 < reference["visit_duration"].max() < 6.5
    assert reference["visit_duration"].mean() == pytest.approx(1.06, abs=0.005)
    assert reference["is_mobile"].dtype == np.int64


def test_preprocessing_runs_on_the_course_file(reference):
    data = prepare_ecommerce(reference)
    assert data.X_train.shape == (400, 8) and data.X_test.shape == (100, 8)
    assert len(prepare_ecommerce(reference, binary=True).y_train) == round(0.8 * (253 + 145))


# --- one_hot ----------------------------------------------------------------------


@given(
    st.integers(1, 8).flatmap(
        lambda k: st.tuples(st.just(k), st.lists(st.integers(0, k - 1), max_size=40))
    )
)
def test_one_hot_round_trips(k_and_values):
    k, values = k_and_values
    encoded = one_hot(values, k)
    assert encoded.shape == (len(values), k)
    assert encoded.dtype == np.float64
    assert set(np.unique(encoded)) <= {0.0, 1.0}
    np.testing.assert_array_equal(encoded.sum(axis=1), 1.0)
    np.testing.assert_array_equal(encoded.argmax(axis=1), values)


def test_one_hot_infers_the_number_of_categories():
    np.testing.assert_array_equal(one_hot([2, 0]), [[0, 0, 1], [1, 0, 0]])


@pytest.mark.parametrize(
    "values, k, match",
    [([0, 4], 4, "category 4"), ([-1, 0], 4, ">= 0"), ([0.5, 1], 4, "whole numbers")],
)
def test_one_hot_rejects_bad_categories(values, k, match):
    with pytest.raises(ValueError, match=match):
        one_hot(values, k)


# --- standardisation ----------------------------------------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)


@given(arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 4)), elements=finite))
def test_standardized_training_columns_have_mean_0_and_std_1(X):
    mean, std = fit_standardizer(X)
    Z = standardize(X, mean, std)
    constant = X.std(axis=0) == 0
    np.testing.assert_array_equal(std[constant], 1.0)  # guarded, not divided by 0
    np.testing.assert_allclose(Z[:, constant], 0, atol=1e-9)
    spread = X.std(axis=0) > 1e-3  # skip near-constant columns: rounding dominates there
    np.testing.assert_allclose(Z.mean(axis=0)[spread], 0, atol=1e-9)
    np.testing.assert_allclose(Z.std(axis=0)[spread], 1, rtol=1e-6)


@settings(deadline=None)
@given(
    st.integers(5, 40).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, (n, 2), elements=finite),
            arrays(np.float64, (n, 2), elements=finite),
            st.integers(0, 2**32 - 1),
        )
    )
)
def test_changing_test_rows_changes_nothing_learned(args):
    X, other, seed = args
    y = np.arange(len(X))
    X_train, _, y_train, y_test = train_test_split(X, y, seed=seed)
    changed = X.copy()
    changed[y_test] = other[y_test]  # new values in exactly the test rows
    X_train2, _, _, _ = train_test_split(changed, y, seed=seed)

    mean, std = fit_standardizer(X_train)
    mean2, std2 = fit_standardizer(X_train2)
    np.testing.assert_array_equal(mean, mean2)
    np.testing.assert_array_equal(std, std2)
    np.testing.assert_array_equal(
        standardize(X_train, mean, std), standardize(X_train2, mean2, std2)
    )


def visits(n_min=12, n_max=40):
    row = st.tuples(
        st.integers(0, 1),
        st.integers(0, 6),
        st.floats(0, 10, allow_nan=False),
        st.integers(0, 1),
        st.integers(0, 3),
        st.integers(0, 3),
    )
    return st.lists(row, min_size=n_min, max_size=n_max).map(
        lambda rows: pd.DataFrame(rows, columns=COLUMNS)
    )


@settings(max_examples=50, deadline=None)  # pandas work: no per-example deadline on busy CI
@given(visits(), st.integers(0, 1000))
def test_prepare_ecommerce_fits_on_training_rows_only(df, seed):
    data = prepare_ecommerce(df, seed=seed)
    test_rows = train_test_split(np.arange(len(df)), np.arange(len(df)), seed=seed)[1]
    train_rows = np.setdiff1d(np.arange(len(df)), test_rows)

    raw = df[NUMERIC_COLUMNS].to_numpy(float)[train_rows]
    np.testing.assert_allclose(data.mean, raw.mean(axis=0))
    expected_std = raw.std(axis=0)
    np.testing.assert_allclose(data.std, np.where(expected_std == 0, 1, expected_std))

    # Wildly different test rows: the training side must not move.
    changed = df.copy()
    changed.loc[test_rows, "visit_duration"] = 1e6
    changed.loc[test_rows, "n_products_viewed"] = 1000
    again = prepare_ecommerce(changed, seed=seed)
    np.testing.assert_array_equal(again.mean, data.mean)
    np.testing.assert_array_equal(again.std, data.std)
    np.testing.assert_array_equal(again.X_train, data.X_train)
    assert not np.array_equal(again.X_test, data.X_test)


# --- splitting, subsets and features --------------------------------------------------


def test_train_test_split_partitions_the_rows_reproducibly():
    X, y = np.arange(100).reshape(50, 2), np.arange(50)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=3)
    assert len(y_test) == 10 and len(y_train) == 40
    assert sorted(np.concatenate([y_train, y_test])) == list(range(50))
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)  # rows stay paired with labels
    again = train_test_split(X, y, test_size=0.2, seed=3)
    np.testing.assert_array_equal(again[3], y_test)
    assert not np.array_equal(train_test_split(X, y, seed=4)[3], y_test)
    assert len(train_test_split(X, y, test_size=7)[1]) == 7


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    _, _, y_train, y_test = train_test_split(np.zeros((100, 1)), y, test_size=0.2, stratify=True)
    assert np.bincount(y_test).tolist() == [12, 6, 2]
    assert np.bincount(y_train).tolist() == [48, 24, 8]


@pytest.mark.parametrize("test_size", [0.0, 1.0, 0, 50])
def test_train_test_split_rejects_sizes_that_leave_a_side_empty(test_size):
    with pytest.raises(ValueError, match="test"):
        train_test_split(np.zeros((50, 1)), np.zeros(50), test_size=test_size)


def test_train_test_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="49"):
        train_test_split(np.zeros((50, 1)), np.zeros(49))


def test_binary_subset_keeps_bounce_and_add_to_cart():
    df = validate_ecommerce(pd.DataFrame([r.split(",") for r in GOOD_ROWS], columns=COLUMNS))
    subset = binary_subset(df)
    assert subset[LABEL_COLUMN].tolist() == [0, 1, 0, 1]
    assert subset.index.tolist() == [0, 1, 2, 3]


def test_features_one_hot_time_of_day_and_keep_binary_columns():
    df = validate_ecommerce(pd.DataFrame([r.split(",") for r in GOOD_ROWS], columns=COLUMNS))
    X, y = ecommerce_features(df)
    assert X.shape == (6, 8) and y.dtype == np.int64
    np.testing.assert_array_equal(X[:, 4:].argmax(axis=1), df["time_of_day"])
    np.testing.assert_array_equal(X[:, 0], df["is_mobile"])


def test_prepare_ecommerce_shapes_and_types():
    rows = [r.split(",") for r in GOOD_ROWS] * 10
    df = pd.DataFrame(rows, columns=COLUMNS)
    data = prepare_ecommerce(df, seed=1)
    assert data.feature_names == (
        "is_mobile", "n_products_viewed", "visit_duration", "is_returning_visitor",
        "tod_0", "tod_1", "tod_2", "tod_3",
    )  # fmt: skip
    assert data.X_train.shape == (48, 8) and data.X_test.shape == (12, 8)
    assert data.X_train.dtype == np.float64 and data.y_train.dtype == np.int64
    assert set(np.unique(data.X_train[:, [0, 3, 4, 5, 6, 7]])) <= {0.0, 1.0}
    np.testing.assert_allclose(data.X_train[:, 1:3].mean(axis=0), 0, atol=1e-12)
    binary = prepare_ecommerce(df, binary=True)
    assert set(binary.y_train) | set(binary.y_test) == {0, 1}


# --- files that are almost right: a hint that says what is wrong --------------------------------

def test_a_folder_given_as_the_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError,
                       match=r"is a folder: give the CSV file's name, e\.g\. .*ecommerce_data\.csv"):
        load_ecommerce(tmp_path)


def test_a_semicolon_separated_file_gets_a_hint(tmp_path):
    path = write_csv(tmp_path, [row.replace(",", ";") for row in GOOD_ROWS], header=HEADER.replace(",", ";"))
    with pytest.raises(ValueError, match=r"(?s)column 'is_mobile' is missing.*Hint: the values are separated "
                                         r"by semicolons, not commas.*sep=';'"):
        load_ecommerce(path)


def test_a_repeated_column_is_reported_as_repeated_not_renamed(tmp_path):
    message = load_error(tmp_path, [row + ",1" for row in GOOD_ROWS], header=HEADER + ",is_mobile")
    assert "column 'is_mobile' appears 2 times (pandas renamed the repeats 'is_mobile.1')" in message
    assert "unexpected column" not in message


@pytest.mark.parametrize("title", ["Visits exported 2026-01-05", "Shop visits,,,,,"])
def test_a_title_row_above_the_header_gets_a_hint(tmp_path, title):
    path = tmp_path / "visits.csv"
    path.write_text("\n".join([title, HEADER, *GOOD_ROWS]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"Hint: line 2 holds the column names; the 1 line\(s\) above it "
                                         r"\(a title\?\).*skiprows=1"):
        load_ecommerce(path)


# Cells a CSV written by hand or by a spreadsheet may hold, right or wrong.
CELLS = st.sampled_from(["0", "1", "2", "3", "4", "-1", "0.5", "1e308", "nan", "inf", "", " ", "x",
                         '"1"', '"', "1,5", "TRUE", "\t", "0x1", "1;2", "\u00e9", "#"])
HEADERS = st.one_of(
    st.just(HEADER), st.just(HEADER.replace(",", ";")), st.just(HEADER + ",is_mobile"),
    st.permutations(COLUMNS).map(",".join), st.just(",".join(COLUMNS[:-1])), st.just(""),
    st.lists(st.sampled_from([*COLUMNS, "Unnamed: 0", "extra", ""]), min_size=1, max_size=8).map(",".join))
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=8).map(",".join), min_size=0, max_size=6)


@settings(max_examples=150, deadline=None)
@given(header=HEADERS, rows=ROWS, title=st.booleans(), crlf=st.booleans())
def test_malformed_csv_files_load_or_raise_only_the_documented_error(tmp_path_factory, header, rows,
                                                                     title, crlf):
    lines = (["A title"] if title else []) + [header, *rows]
    path = tmp_path_factory.mktemp("csv") / "visits.csv"
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode("utf-8"))
    try:
        df = load_ecommerce(path)
    except ValueError as error:  # the documented error for content that breaks the schema
        assert str(error).startswith(str(path)), error  # it names the file
        return
    assert list(df.columns) == COLUMNS and len(df) >= 1
    assert df.notna().all().all() and np.isfinite(df["visit_duration"]).all()


# --- values and types that used to slip through ------------------------------------------------

def test_fit_standardizer_names_a_nan():
    with pytest.raises(ValueError, match=r"X_train has a NaN or infinite value at row 1, column 0"):
        fit_standardizer(np.array([[1.0, 2.0], [np.nan, 3.0]]))


def test_fit_standardizer_refuses_values_too_large_to_average():
    with pytest.raises(ValueError, match=r"column 1 has values too large to average .*1e\+308 at row 2"):
        fit_standardizer(np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 1e308], [4.0, 1e308]]))


def test_fit_standardizer_names_a_string_argument():
    with pytest.raises(TypeError, match="X_train must be an array of numbers"):
        fit_standardizer([["a", "b"]])


@pytest.mark.parametrize(("test_size", "message"), [
    ("0.2", r"test_size must be a fraction between 0 and 1 or a whole number of rows; got '0.2' \(a str\)"),
    (True, r"test_size must be .*; got True \(a bool\)"),
    (None, r"test_size must be .*; got None"),
])
def test_train_test_split_names_a_test_size_of_the_wrong_type(test_size, message):
    X, y = np.arange(20).reshape(10, 2), np.arange(10) % 2
    for error in (TypeError, ValueError):
        with pytest.raises(error, match=message):
            train_test_split(X, y, test_size=test_size)


def test_train_test_split_takes_numpy_scalars():
    X, y = np.arange(20).reshape(10, 2), np.arange(10) % 2
    assert len(train_test_split(X, y, test_size=np.float32(0.2))[1]) == 2
    assert len(train_test_split(X, y, test_size=np.int64(3))[1]) == 3


def test_an_empty_binary_subset_is_blamed_on_the_labels_not_test_size():
    df = validate_ecommerce(pd.DataFrame([r.split(",") for r in GOOD_ROWS], columns=COLUMNS))
    df = df[df[LABEL_COLUMN] >= 2]
    with pytest.raises(ValueError, match=r"binary=True keeps the rows with user_action 0 \(bounce\) or 1 "
                                         r"\(add_to_cart\), and the data has 0 such rows"):
        prepare_ecommerce(df, binary=True)
