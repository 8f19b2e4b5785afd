"""Tests of course_utils.synthetic, the generator of data/ecommerce_data.csv."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils.data import (
    DATA_DIR,
    FEATURE_COLUMNS,
    LABEL_COLUMN,
    load_ecommerce,
    prepare_ecommerce,
    validate_ecommerce,
)
from course_utils.synthetic import (
    ACTION_COUNTS,
    PRODUCTS_VIEWED_PROBS,
    TIME_OF_DAY_PROBS,
    class_counts,
    ecommerce_csv_text,
    main,
    make_ecommerce,
)

COMMITTED_CSV = DATA_DIR / "ecommerce_data.csv"

# Per-class means in the original course file (rows: user_action 0-3; columns:
# FEATURE_COLUMNS order).
COURSE_MEANS = np.array(
    [
        [0.431, 0.079, 1.058, 0.49, 1.605],
        [0.400, 1.490, 0.632, 0.497, 1.821],
        [0.740, 1.714, 1.465, 0.558, 1.286],
        [0.760, 2.360, 2.236, 0.800, 1.000],
    ]
)


@pytest.fixture(scope="module")
def generated():
    return make_ecommerce()


def test_same_seed_same_frame_other_seed_other_frame(generated):
    pd.testing.assert_frame_equal(make_ecommerce(), generated)
    pd.testing.assert_frame_equal(make_ecommerce(120, seed=5), make_ecommerce(120, seed=5))
    assert not make_ecommerce(seed=1).equals(generated)


def test_generated_data_passes_the_schema_checks(generated):
    pd.testing.assert_frame_equal(validate_ecommerce(generated), generated)
    assert generated["n_products_viewed"].between(0, 4).all()
    assert generated["time_of_day"].between(0, 3).all()
    assert (generated["visit_duration"] >= 0).all()
    # Rounded to the decimals we write, so the CSV and the frame agree.
    np.testing.assert_array_equal(generated["visit_duration"], generated["visit_duration"].round(4))


def test_probability_tables_are_distributions():
    for table in (PRODUCTS_VIEWED_PROBS, TIME_OF_DAY_PROBS):
        np.testing.assert_allclose(np.sum(table, axis=1), 1.0)
        assert np.min(table) >= 0


def test_class_counts_are_exactly_the_course_balance(generated):
    assert generated[LABEL_COLUMN].value_counts().sort_index().tolist() == [253, 145, 77, 25]


@given(st.integers(1, 5000))
def test_class_counts_sum_to_n_and_follow_the_ratio(n):
    counts = class_counts(n)
    assert counts.sum() == n
    exact = n * np.array(ACTION_COUNTS) / sum(ACTION_COUNTS)
    assert np.all(np.abs(counts - exact) < 1)


def test_model_means_match_the_course_file():
    # A large sample shows the model itself, without the noise of 500 rows.
    means = make_ecommerce(20_000, seed=0).groupby(LABEL_COLUMN)[FEATURE_COLUMNS].mean()
    np.testing.assert_allclose(means.to_numpy(), COURSE_MEANS, atol=0.03)


def test_committed_sample_means_are_within_sampling_noise(generated):
    groups = generated.groupby(LABEL_COLUMN)[FEATURE_COLUMNS]
    standard_error = groups.std().to_numpy() / np.sqrt(groups.size().to_numpy())[:, None]
    distance = np.abs(groups.mean().to_numpy() - COURSE_MEANS)
    assert np.all(distance <= 3 * standard_error + 0.01), np.round(distance / standard_error, 1)


def test_the_lessons_hold(generated):
    means = generated.groupby(LABEL_COLUMN)[FEATURE_COLUMNS].mean()
    # Bounces view (almost) no products; buyers stay longest and come back most.
    assert means["n_products_viewed"].idxmin() == 0
    assert means["visit_duration"].idxmax() == 3
    assert means["is_returning_visitor"].idxmax() == 3
    assert means.loc[2, "is_mobile"] > means.loc[1, "is_mobile"]


def test_logistic_regression_learns_bounce_versus_add_to_cart(generated):
    data = prepare_ecommerce(generated, binary=True, seed=0)
    w, b = np.zeros(data.X_train.shape[1]), 0.0
    for _ in range(500):  # plain gradient descent on the cross-entropy
        p = 1 / (1 + np.exp(-(data.X_train @ w + b)))
        w -= 0.5 * data.X_train.T @ (p - data.y_train) / len(p)
        b -= 0.5 * np.mean(p - data.y_train)
    accuracy = np.mean(((data.X_test @ w + b) > 0) == data.y_test)
    assert accuracy >= 0.9


def test_committed_file_equals_a_fresh_generation(generated):
    assert COMMITTED_CSV.is_file(), (
        "data/ecommerce_data.csv is missing: python -m course_utils.synthetic"
    )
    committed = COMMITTED_CSV.read_text(encoding="utf-8").splitlines()
    # If this fails after a NumPy upgrade changed the random streams, review the
    # diff, then regenerate: python -m course_utils.synthetic --force
    assert committed == ecommerce_csv_text(generated).splitlines()


def test_loading_the_committed_file_gives_the_generated_frame(generated, monkeypatch):
    monkeypatch.delenv("COURSE_ECOMMERCE_CSV", raising=False)
    pd.testing.assert_frame_equal(load_ecommerce(), generated, check_exact=False, atol=1e-12)


def test_cli_writes_then_accepts_identical_content(tmp_path, capsys):
    out = tmp_path / "sub" / "visits.csv"
    assert main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ecommerce_csv_text(make_ecommerce())
    assert main(["--out", str(out)]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_cli_refuses_to_overwrite_a_different_file(tmp_path, capsys):
    out = tmp_path / "visits.csv"
    out.write_text("my own notes\n", encoding="utf-8")
    assert main(["--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    assert "--force" in capsys.readouterr().err

    assert main(["--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == ecommerce_csv_text(make_ecommerce())


def test_module_runs_from_the_command_line(tmp_path):
    out = tmp_path / "visits.csv"
    result = subprocess.run(
        [sys.executable, "-m", "course_utils.synthetic", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(load_ecommerce(out)) == 500
