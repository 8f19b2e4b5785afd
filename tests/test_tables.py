"""Tests of course_utils.tables: any table -> checked, encoded, split, scaled numbers."""

import sqlite3
import warnings
from contextlib import closing

import numpy as np
import pandas as pd
import pytest

from course_utils.data import DATA_DIR, fit_standardizer, load_ecommerce, standardize
from course_utils.tables import (
    BUNDLED,
    MISSING_CATEGORY,
    IdLikeColumnWarning,
    bundled_table,
    check_table,
    column_kinds,
    encode_labels,
    load_table,
    prepare_table,
    read_table,
    split_rows,
)


@pytest.fixture(scope="module", params=sorted(BUNDLED))
def bundled(request):
    """(name, table, target) of each of scikit-learn's bundled data sets."""
    return request.param, bundled_table(request.param), BUNDLED[request.param]


def small_table(n=40, seed=0):
    """A mixed table: two numbers, one category, a text target with 2 classes."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "age": rng.integers(18, 80, n).astype(float),
        "weight": rng.normal(70, 12, n).round(1),
        "city": rng.choice(["Lyon", "Oslo", "Pune"], n),
        "outcome": np.where(np.arange(n) % 3 == 0, "sick", "healthy"),
    })


def error_of(call, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as info:
        call(*args, **kwargs)
    return str(info.value)


# --- the bundled data sets, end to end ------------------------------------------------------


def test_bundled_tables_have_named_classes(bundled):
    name, table, target = bundled
    assert list(table.columns)[-1] == target
    assert table[target].nunique() >= 2
    assert table.drop(columns=target).apply(pd.api.types.is_numeric_dtype).all()


def test_bundled_tables_become_scaled_splits(bundled, tmp_path):
    name, table, target = bundled
    path = tmp_path / f"{name}.csv"
    table.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ID warning on real data
        data = load_table(path, target, seed=3)
    n = len(table)
    assert len(data.rows_train) + len(data.rows_val) + len(data.rows_test) == n
    all_rows = np.concatenate([data.rows_train, data.rows_val, data.rows_test])
    assert sorted(all_rows) == list(range(n))  # every row in exactly one part
    assert data.X_train.shape == (len(data.rows_train), table.shape[1] - 1)
    assert data.feature_names == tuple(table.columns[:-1])
    # Standardised with the training rows: mean 0 there, and the stored statistics are theirs.
    raw = table.drop(columns=target).to_numpy(dtype=float)
    mean, std = fit_standardizer(raw[data.rows_train])
    np.testing.assert_allclose(data.mean, mean)
    np.testing.assert_allclose(data.X_test, standardize(raw[data.rows_test], mean, std))
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-9)
    # Labels 0..K-1 that name the right classes, in sorted order.
    assert data.class_names == tuple(sorted(table[target].unique()))
    names = np.array(data.class_names)
    assert (names[data.y_test] == table[target].to_numpy()[data.rows_test]).all()
    # Stratified: every class in every part.
    for y in (data.y_train, data.y_val, data.y_test):
        assert set(y) == set(range(data.n_classes))


def test_bundled_frame_and_its_csv_give_the_same_numbers(tmp_path):
    table = bundled_table("wine")
    table.to_csv(tmp_path / "wine.csv", index=False)
    from_file = load_table(tmp_path / "wine.csv", "cultivar", seed=1)
    from_frame = prepare_table(table, "cultivar", seed=1)
    np.testing.assert_allclose(from_file.X_train, from_frame.X_train)
    np.testing.assert_array_equal(from_file.y_test, from_frame.y_test)


def test_the_same_seed_gives_the_same_split_and_another_seed_another():
    table = bundled_table("iris")
    a, b = prepare_table(table, "species", seed=0), prepare_table(table, "species", seed=0)
    c = prepare_table(table, "species", seed=1)
    np.testing.assert_array_equal(a.rows_test, b.rows_test)
    assert not np.array_equal(np.sort(a.rows_test), np.sort(c.rows_test))


def test_split_sizes_are_fractions_of_all_rows():
    y = np.arange(100) % 2
    train, val, test = split_rows(y, test_size=0.2, val_size=0.25, seed=0, stratify=False)
    assert (len(train), len(val), len(test)) == (55, 25, 20)
    assert not set(train) & set(val) and not set(val) & set(test) and not set(train) & set(test)


def test_unbundled_name_is_refused():
    assert "choose one of" in error_of(bundled_table, "titanic")


# --- the e-commerce file --------------------------------------------------------------------


def test_the_projects_ecommerce_file_through_the_generic_loader():
    data = load_table(DATA_DIR / "ecommerce_data.csv", "user_action", categorical=["time_of_day"])
    assert data.class_names == (0, 1, 2, 3)
    assert data.feature_names[:4] == ("is_mobile", "n_products_viewed", "visit_duration",
                                      "is_returning_visitor")
    assert data.feature_names[4:] == tuple(f"time_of_day={k}" for k in range(4))
    # The one-hot block holds exactly one 1 per row.
    np.testing.assert_array_equal(data.X_train[:, 4:].sum(axis=1), 1)
    # Same labels as the course's own loader for the same rows.
    df = load_ecommerce(DATA_DIR / "ecommerce_data.csv")
    np.testing.assert_array_equal(data.y_test, df["user_action"].to_numpy()[data.rows_test])


@pytest.mark.parametrize("name", ["ecommerce_data.xlsx", "ecommerce_data.sqlite"])
def test_spreadsheet_and_database_read_the_same_table_as_the_csv(name):
    csv = read_table(DATA_DIR / "ecommerce_data.csv")
    pd.testing.assert_frame_equal(read_table(DATA_DIR / name), csv, check_dtype=False)


def test_the_courses_original_ecommerce_file(reference_csv):
    data = load_table(reference_csv, "user_action", categorical=["time_of_day"])
    assert data.n_classes == 4
    assert data.X_train.shape[1] == 8
    assert len(data.rows_train) + len(data.rows_val) + len(data.rows_test) == 500


# --- encoding --------------------------------------------------------------------------------


def test_encode_labels_sorted_and_reversible():
    values = ["dog", "cat", "dog", "emu", "cat"]
    y, names = encode_labels(values)
    assert names == ("cat", "dog", "emu")
    np.testing.assert_array_equal(y, [1, 0, 1, 2, 0])
    assert y.dtype == np.int64
    assert [names[k] for k in y] == values


def test_categorical_columns_are_one_hot_with_training_categories():
    data = prepare_table(small_table(), "outcome", seed=0)
    assert data.numeric == ("age", "weight")
    assert data.categories == {"city": ["Lyon", "Oslo", "Pune"]}
    assert data.feature_names == ("age", "weight", "city=Lyon", "city=Oslo", "city=Pune")
    np.testing.assert_array_equal(data.X_val[:, 2:].sum(axis=1), 1)
    assert data.class_names == ("healthy", "sick")


def test_numbers_stored_as_text_are_numeric_and_a_listed_column_is_categorical():
    table = small_table()
    table["age"] = table["age"].astype(int).astype(str)
    numeric, categorical = column_kinds(table, "outcome", categorical=["weight"])
    assert numeric == ["age"] and categorical == ["weight", "city"]


def test_a_category_missing_from_the_training_rows_is_all_zeros_with_a_warning():
    table = small_table(n=60)
    data = prepare_table(table, "outcome", seed=0)
    rare_row = int(data.rows_test[0])
    table.loc[rare_row, "city"] = "Quito"
    with pytest.warns(UserWarning, match="Quito"):
        data = prepare_table(table, "outcome", seed=0)
    assert (data.X_test[0, 2:] == 0).all()


# --- bad input: a clear error naming the column and the rows --------------------------------


def test_missing_target_is_named_with_a_suggestion():
    message = error_of(prepare_table, small_table(), "outcom", source="clinic.csv")
    assert "clinic.csv has no target column 'outcom'" in message
    assert "Did you mean 'outcome'?" in message


def test_a_target_with_one_class_is_refused():
    table = small_table().assign(outcome="sick")
    message = error_of(prepare_table, table, "outcome")
    assert "'outcome' has only the class 'sick'" in message and "two classes" in message


def test_a_target_of_measurements_is_refused():
    message = error_of(prepare_table, small_table(), "weight")
    assert "'weight' holds measurements, not classes (" in message and "regression" in message
    assert "np.float64" not in message


def test_text_in_a_numeric_column_names_column_rows_and_count():
    table = small_table()
    table["age"] = table["age"].astype(object)
    table.loc[[6, 30], "age"] = "?"
    table.loc[12, "age"] = "forty"
    message = error_of(prepare_table, table, "outcome")
    assert "column 'age' holds numbers, but rows 7, 13 and 31 hold text: '?', 'forty'" in message
    assert "(3 of 40 filled cells)" in message
    assert "na_values=['?', 'forty']" in message and "categorical=['age']" in message


def test_missing_values_are_counted_and_located_and_a_choice_is_asked_for():
    table = small_table()
    table.loc[[3, 9, 12], "weight"] = np.nan
    table.loc[9, "city"] = None
    message = error_of(prepare_table, table, "outcome", source="clinic.csv")
    assert "clinic.csv has 4 missing values in 3 of its 40 rows" in message
    assert "column 'weight': 3 missing (rows 4, 10 and 13)" in message
    assert "column 'city': 1 missing (row 10)" in message
    assert "missing='drop'" in message and "missing='fill'" in message


def test_missing_drop_leaves_out_exactly_those_rows():
    table = small_table()
    table.loc[[3, 9], "weight"] = np.nan
    data = prepare_table(table, "outcome", missing="drop")
    np.testing.assert_array_equal(data.dropped, [3, 9])
    assert len(data.rows_train) + len(data.rows_val) + len(data.rows_test) == 38
    assert "dropped 2 rows with missing values (rows 4 and 10)" in data.describe()


def test_missing_fill_uses_the_training_mean_and_a_missing_category():
    table = small_table()
    reference = prepare_table(table, "outcome", seed=0)
    row = int(reference.rows_test[0])
    table.loc[row, "weight"] = np.nan
    table.loc[row, "city"] = None
    with pytest.warns(UserWarning, match="1 test row"):  # the category no training row has
        data = prepare_table(table, "outcome", missing="fill", seed=0)
    weight = data.feature_names.index("weight")
    assert data.X_test[0, weight] == pytest.approx(0.0)  # the training mean z-scores to 0
    # No training row has the missing category, so the test row has no city at all.
    assert MISSING_CATEGORY not in data.categories["city"]
    assert (data.X_test[0, 2:] == 0).all()
    assert len(data.dropped) == 0


def test_missing_fill_never_makes_up_a_label():
    table = small_table()
    table.loc[5, "outcome"] = None
    message = error_of(prepare_table, table, "outcome", missing="fill")
    assert "'outcome' is missing in row 6" in message and "missing='drop'" in message


def test_an_unknown_missing_choice_is_refused():
    assert "got 'mean'" in error_of(prepare_table, small_table(), "outcome", missing="mean")


@pytest.mark.parametrize("column, values", [
    ("patient_id", lambda n: [f"P{k:04d}" for k in range(n)]),
    ("record", lambda n: np.random.default_rng(0).permutation(np.arange(1000, 1000 + n))),
    ("Unnamed: 0", lambda n: np.arange(n)),
])
def test_an_id_like_column_gets_a_warning(column, values):
    table = small_table()
    table.insert(0, column, values(len(table)))
    with pytest.warns(IdLikeColumnWarning, match=f"column '{column}' has a different value on "
                                                 f"every one of its 40 rows"):
        check_table(table, "outcome")


def test_measurements_that_differ_on_every_row_are_no_ids():
    table = small_table()
    table["weight"] = np.linspace(50.05, 90.05, len(table))
    table["income"] = np.arange(len(table)) * 1000 + 20_000  # whole, different, not a row count
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_table(table, "outcome")


def test_a_repeated_column_name_is_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("a,b,a,y\n1,2,3,x\n4,5,6,z\n", encoding="utf-8")
    assert "'a' appears more than once" in error_of(read_table, path)


# --- files that are not tables ---------------------------------------------------------------


def test_a_binary_file_is_not_a_table(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    message = error_of(read_table, path, source="photo.csv")
    assert message.startswith("photo.csv is not a table: it holds binary data")


def test_a_text_file_with_ragged_lines_is_not_a_table(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Dear team,\nhere are the numbers, as promised, for Monday\nBest\n",
                    encoding="utf-8")
    assert "is not a table" in error_of(read_table, path)


def test_a_single_column_says_which_separator_to_use(tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("a;b;y\n1;2;x\n3;4;z\n", encoding="utf-8")
    message = error_of(read_table, path)
    assert "it has 1 column" in message and "sep=';'" in message
    assert read_table(path, sep=";").shape == (2, 3)


def test_an_empty_file_and_a_header_only_file(tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "header.csv").write_text("a,b,y\n", encoding="utf-8")
    assert "is empty" in error_of(read_table, tmp_path / "empty.csv")
    assert "has a header but no rows" in error_of(read_table, tmp_path / "header.csv")


def test_missing_file_folder_and_unknown_extension(tmp_path):
    with pytest.raises(FileNotFoundError, match="No file at"):
        read_table(tmp_path / "nothing.csv")
    with pytest.raises(FileNotFoundError, match="that is a folder"):
        read_table(tmp_path)
    (tmp_path / "model.pkl").write_bytes(b"\x80\x04")
    assert "no reader for files ending in '.pkl'" in error_of(read_table, tmp_path / "model.pkl")


def test_a_workbook_that_is_not_one_and_a_database_that_is_not_one(tmp_path):
    (tmp_path / "fake.xlsx").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "fake.sqlite").write_text("a,b\n1,2\n", encoding="utf-8")
    assert "not a readable spreadsheet" in error_of(read_table, tmp_path / "fake.xlsx")
    assert "not a readable SQLite database" in error_of(read_table, tmp_path / "fake.sqlite")


def test_sqlite_table_is_chosen_by_name_when_there_are_several(tmp_path):
    path = tmp_path / "shop.db"
    with closing(sqlite3.connect(path)) as con:
        small_table().to_sql("patients", con, index=False)
        small_table(seed=1).iloc[:5].to_sql("visits", con, index=False)
    assert "holds 2 tables ('patients', 'visits')" in error_of(read_table, path)
    assert "no table 'doctors'" in error_of(read_table, path, table="doctors")
    pd.testing.assert_frame_equal(read_table(path, table="patients"), small_table())


def test_a_workbook_sheet_by_name(tmp_path):
    path = tmp_path / "clinic.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        small_table().to_excel(writer, sheet_name="patients", index=False)
    pd.testing.assert_frame_equal(read_table(path, sheet="patients"), small_table(),
                                  check_dtype=False)  # whole floats come back as integers
    assert "no sheet 'visits'" in error_of(read_table, path, sheet="visits")


def test_missing_drop_also_drops_rows_without_a_label():
    table = small_table()
    table.loc[[0, 7], "outcome"] = None
    assert "2 missing values in 2 of its 40 rows" in error_of(prepare_table, table, "outcome")
    data = prepare_table(table, "outcome", missing="drop")
    np.testing.assert_array_equal(data.dropped, [0, 7])
    assert data.class_names == ("healthy", "sick")
