"""The e-commerce checkers (05, 06): right answers pass, and the typical wrong answers
get the hint that names their slip."""

import numpy as np
import pandas as pd
import pytest

from checker_helpers import problems
from course_utils.checkers.ecommerce import (
    check_session_row,
    check_standardize,
    check_unscaled_weights,
)
from course_utils.sources import read_events, sessions_from_events



# --- standardize_train_test ------------------------------------------------------------------


def standardize_train_test(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_test - mean) / std


def test_standardize_passes_a_right_answer(capsys):
    check_standardize(standardize_train_test)
    assert "standardize_train_test: all" in capsys.readouterr().out


def test_standardize_with_the_test_sets_own_statistics():
    def own_stats(X_train, X_test):
        return ((X_train - X_train.mean(0)) / X_train.std(0),
                (X_test - X_test.mean(0)) / X_test.std(0))

    assert "with the test set's own mean and std" in problems(check_standardize, own_stats)


def test_standardize_with_statistics_of_both_sets():
    def pooled(X_train, X_test):
        both = np.vstack([X_train, X_test])
        mean, std = both.mean(0), both.std(0)
        return (X_train - mean) / std, (X_test - mean) / std

    message = problems(check_standardize, pooled)
    assert "train and test together: the test rows leaked" in message
    assert "Z_train uses the statistics of train and test together" in message


def test_standardize_with_pandas_std():
    def pandas_std(X_train, X_test):
        train = pd.DataFrame(X_train)
        mean, std = train.mean(), train.std()  # ddof=1
        return ((train - mean) / std).to_numpy(), ((pd.DataFrame(X_test) - mean) / std).to_numpy()

    assert "N-1 standard deviation (pandas' .std()" in problems(check_standardize, pandas_std)


def test_standardize_with_one_mean_for_the_whole_array():
    def global_stats(X_train, X_test):
        return (X_train - X_train.mean()) / X_train.std(), (X_test - X_train.mean()) / X_train.std()

    assert "each column needs its own" in problems(check_standardize, global_stats)


def test_standardize_only_centred():
    def centred(X_train, X_test):
        return X_train - X_train.mean(0), X_test - X_train.mean(0)

    assert "Z_test is only centred" in problems(check_standardize, centred)


def test_standardize_constant_column_divides_by_zero():
    def no_guard(X_train, X_test):
        mean, std = X_train.mean(0), X_train.std(0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (X_train - mean) / std, (X_test - mean) / std

    message = problems(check_standardize, no_guard)
    assert "constant in X_train has std 0" in message
    assert "np.where(std == 0, 1.0, std)" in message


def test_standardize_in_place_and_wrong_return():
    def in_place(X_train, X_test):
        mean, std = X_train.mean(0), X_train.std(0)
        X_test -= mean
        X_test /= std
        X_train -= mean
        X_train /= std
        return X_train, X_test

    assert "changed its first argument in place" in problems(check_standardize, in_place)

    def only_train(X_train, X_test):
        return standardize_train_test(X_train, X_test)[0]

    assert "should return 2 values, `return Z_train, Z_test`; got one ndarray" in problems(
        check_standardize, only_train)

    def forgot_return(X_train, X_test):
        standardize_train_test(X_train, X_test)

    assert "got None (is a `return` missing?)" in problems(check_standardize, forgot_return)


# --- session_row ---------------------------------------------------------------------------------

LEVELS = {"add_to_cart": 1, "begin_checkout": 2, "finish_checkout": 3}


def session_row(events, **slips):
    """A right answer; each keyword replaces one column's computation by a slip."""
    first, last = events.iloc[0], events.iloc[-1]
    levels = events["action"].map(LEVELS).fillna(0)
    row = {
        "is_mobile": int(first["device"] in ("mobile", "tablet")),
        "n_products_viewed": int(((events["page"] == "product")
                                  & (events["action"] == "view")).sum()),
        "visit_duration": round((last["timestamp"] - first["timestamp"]).total_seconds() / 60, 4),
        "is_returning_visitor": int(first["visitor"] == "returning"),
        "time_of_day": first["timestamp"].hour // 6,
        "user_action": int(levels.max()),
    }
    for column, compute in slips.items():
        row[column] = compute(events, first, last, levels)
    return row


def with_slip(**slips):
    def answer(events):
        return session_row(events, **slips)
    return answer


def test_session_row_passes_right_answers(capsys):
    check_session_row(session_row)
    check_session_row(lambda events: pd.Series(session_row(events)))
    check_session_row(lambda events: pd.DataFrame([session_row(events)]))
    assert capsys.readouterr().out.count("session_row: all") == 3


def test_session_row_matches_the_course_reader_on_real_sessions():
    events = read_events()
    rows = sessions_from_events(events)
    for position, (_, session) in enumerate(events.groupby("session", sort=False)):
        if position >= 25:
            break
        assert session_row(session) == pytest.approx(rows.iloc[position].to_dict())


# Each slip gets (events, first event, last event, action levels).
@pytest.mark.parametrize("column, slip, hint", [
    ("is_mobile", lambda e, a, z, lv: int(a["device"] == "mobile"), "tablets count as mobile"),
    ("n_products_viewed", lambda e, a, z, lv: int((e["page"] == "product").sum()),
     "you counted every event on a product page"),
    ("n_products_viewed", lambda e, a, z, lv: int((e["action"] == "view").sum()),
     "you counted every view, the home and cart pages too"),
    ("visit_duration", lambda e, a, z, lv: (z["timestamp"] - a["timestamp"]).total_seconds(),
     "that is seconds; visit_duration is in minutes"),
    ("visit_duration", lambda e, a, z, lv: (z["timestamp"] - a["timestamp"]).total_seconds() / 60,
     "round it to 4 decimals"),
    ("visit_duration", lambda e, a, z, lv: z["timestamp"] - a["timestamp"], "got a Timedelta"),
    ("time_of_day", lambda e, a, z, lv: z["timestamp"].hour // 6,
     "that comes from the last event"),
    ("time_of_day", lambda e, a, z, lv: a["timestamp"].hour, "that is the hour"),
    ("user_action", lambda e, a, z, lv: int(lv.iloc[-1]), "that is the last event's level"),
    ("user_action", lambda e, a, z, lv: int((lv > 0).sum()), "you counted actions"),
    ("user_action", lambda e, a, z, lv: e["action"].iloc[-1], "got the text"),
    ("is_returning_visitor", lambda e, a, z, lv: a["visitor"], "got the text 'returning'"),
])
def test_session_row_names_the_slip(column, slip, hint):
    message = problems(check_session_row, with_slip(**{column: slip}))
    assert column in message and hint in message


def test_session_row_missing_columns_and_wrong_type():
    def partial(events):
        row = session_row(events)
        del row["time_of_day"]
        return row

    assert "has no 'time_of_day': return all six columns" in problems(check_session_row, partial)
    assert "should return a dict" in problems(check_session_row, lambda events: 42)


# --- unscale_weights -------------------------------------------------------------------------------


def unscale_weights(w, b, mean, std, columns):
    w_raw = w.copy()
    w_raw[columns] = w[columns] / std
    return w_raw, b - np.sum(w[columns] * mean / std)


def test_unscale_weights_passes_a_right_answer(capsys):
    check_unscaled_weights(unscale_weights)
    assert "unscale_weights: all" in capsys.readouterr().out


def test_unscaled_weights_really_give_the_same_logits():
    rng = np.random.default_rng(0)
    X_raw = rng.normal(size=(10, 4)) * [1, 5, 1, 0.2] + [0, 3, 0, 1]
    columns = [1, 3]
    mean, std = X_raw[:, columns].mean(0), X_raw[:, columns].std(0)
    X_scaled = X_raw.copy()
    X_scaled[:, columns] = (X_raw[:, columns] - mean) / std
    w, b = rng.normal(size=4), 0.3
    w_raw, b_raw = unscale_weights(w, b, mean, std, columns)
    assert np.allclose(X_raw @ w_raw + b_raw, X_scaled @ w + b)


def test_unscale_weights_slips():
    def multiplied(w, b, mean, std, columns):
        w_raw = w.copy()
        w_raw[columns] = w[columns] * std
        return w_raw, b - np.sum(w[columns] * mean / std)

    assert "you multiplied by std" in problems(check_unscaled_weights, multiplied)

    def bias_unchanged(w, b, mean, std, columns):
        return unscale_weights(w, b, mean, std, columns)[0], b

    assert "b_raw equals b, but subtracting the mean moved" in problems(
        check_unscaled_weights, bias_unchanged)

    def bias_sign(w, b, mean, std, columns):
        return unscale_weights(w, b, mean, std, columns)[0], b + np.sum(w[columns] * mean / std)

    assert "sign of the bias correction is flipped" in problems(check_unscaled_weights, bias_sign)

    def in_place(w, b, mean, std, columns):
        w[columns] /= std
        return w, b - np.sum(w[columns] * mean)

    assert "changed its first argument in place" in problems(check_unscaled_weights, in_place)

    def bias_as_array(w, b, mean, std, columns):
        return unscale_weights(w, b, mean, std, columns)[0], b - w[columns] * mean / std

    assert "should be one number" in problems(check_unscaled_weights, bias_as_array)
