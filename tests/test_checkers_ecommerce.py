"""The e-commerce checkers (05, 06): right answers pass, and the typical wrong answers
get the hint that names their slip."""

import numpy as np
import pandas as pd
import pytest

from checker_helpers import failure, problems
from course_utils.checkers import NotWrittenYet
from course_utils.checkers.ecommerce import (
    check_binary_subset,
    check_logistic_training,
    check_one_hot,
    check_session_row,
    check_standardize,
    check_unscaled_weights,
)
from course_utils.data import binary_subset, load_ecommerce, prepare_ecommerce
from course_utils.math import binary_cross_entropy, sigmoid
from course_utils.models import LogisticRegression
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


# --- stubs and garbage: every checker ----------------------------------------------------------


STUB_NAMES = {"check_one_hot": "one_hot_encode", "check_standardize": "standardize_train_test",
              "check_binary_subset": "keep_two_actions", "check_session_row": "session_row",
              "check_logistic_training": "gradient_descent",
              "check_unscaled_weights": "unscale_weights"}
CHECKERS = {"check_one_hot": check_one_hot, "check_standardize": check_standardize,
            "check_binary_subset": check_binary_subset, "check_session_row": check_session_row,
            "check_logistic_training": check_logistic_training,
            "check_unscaled_weights": check_unscaled_weights}


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_a_stub_is_not_written_yet(checker):
    def answer(*args):
        raise NotImplementedError("write it")

    answer.__name__ = STUB_NAMES[checker]
    with pytest.raises(NotWrittenYet) as info:
        CHECKERS[checker](answer)
    assert str(info.value) == f"{STUB_NAMES[checker]} is not written yet: write it"


@pytest.mark.parametrize("checker", sorted(CHECKERS))
@pytest.mark.parametrize("garbage", [None, "a string", np.zeros((2, 7, 3)), (1, 2, 3), 42])
def test_garbage_is_reported_not_raised(checker, garbage):
    # Only ExerciseError may leave a checker: never a TypeError or IndexError from inside it.
    failure(CHECKERS[checker], lambda *args: garbage)


# --- one_hot_encode ---------------------------------------------------------------------------


def one_hot_encode(values, n_categories):
    encoded = np.zeros((len(values), n_categories))
    for n in range(len(values)):
        encoded[n, values[n]] = 1.0
    return encoded


def test_one_hot_passes_a_loop_and_a_vectorised_answer(capsys):
    check_one_hot(one_hot_encode)
    check_one_hot(lambda values, n_categories: np.eye(n_categories)[values])
    assert capsys.readouterr().out.count("one_hot_encode: all") == 2


@pytest.mark.parametrize("answer, hint", [
    (lambda v, k: one_hot_encode(v, k).T, "one ROW per category, shape (K, N)"),
    (lambda v, k: one_hot_encode(np.asarray(v) - 1, k), "one column to the left"),
    (lambda v, k: pd.get_dummies(pd.Series(v), dtype=float).to_numpy(),
     "a column only for the 2 values it saw (the pd.get_dummies trap)"),
    (lambda v, k: np.ones((len(v), k)), "every entry is 1"),
    (lambda v, k: np.asarray(v, dtype=float)[:, None], "the values as one column"),
    (lambda v, k: np.zeros((len(v), k)), "should be [[0"),
])
def test_one_hot_names_the_slip(answer, hint):
    assert hint in problems(check_one_hot, answer)


def test_one_hot_without_return():
    def no_return(values, n_categories):
        one_hot_encode(values, n_categories)

    assert "returned None: is a `return` missing?" in problems(check_one_hot, no_return)


# --- keep_two_actions --------------------------------------------------------------------------


def keep_two_actions(df):
    return df[df["user_action"] <= 1].reset_index(drop=True)


def test_binary_subset_passes_right_answers(capsys):
    check_binary_subset(keep_two_actions)
    check_binary_subset(lambda df: df[df["user_action"].isin([0, 1])].reset_index(drop=True))
    assert capsys.readouterr().out.count("keep_two_actions: all") == 2


def test_binary_subset_equals_the_course_function_on_the_data():
    df = load_ecommerce()
    pd.testing.assert_frame_equal(keep_two_actions(df), binary_subset(df))


@pytest.mark.parametrize("answer, hint", [
    (lambda df: df[df["user_action"] <= 1], "re-number the rows with .reset_index(drop=True)"),
    (lambda df: df[df["user_action"] <= 1].reset_index(), "the result has a column 'index'"),
    (lambda df: df[df["user_action"] == 1].reset_index(drop=True), "only add_to_cart (1) was kept"),
    (lambda df: df[df["user_action"].isin([1, 2])].reset_index(drop=True), "actions 1 and 2"),
    (lambda df: df[df["user_action"] <= 2].reset_index(drop=True), "not <= 2"),
    (lambda df: df.reset_index(drop=True), "nothing was removed"),
    (lambda df: df[df["user_action"] <= 1].sort_values("user_action").reset_index(drop=True),
     "the right rows, in another order"),
    (lambda df: df[df["user_action"] <= 1].to_numpy(), "should return a DataFrame"),
    (lambda df: df[df["user_action"] <= 1][["user_action"]].reset_index(drop=True),
     "should keep the six columns"),
])
def test_binary_subset_names_the_slip(answer, hint):
    assert hint in problems(check_binary_subset, answer)


def test_binary_subset_that_changes_the_data_in_place():
    def in_place(df):
        df.drop(df.index[df["user_action"] > 1], inplace=True)
        df.reset_index(drop=True, inplace=True)
        return df

    assert "changed the DataFrame it was given" in problems(check_binary_subset, in_place)

    def forgot_return(df):
        df[df["user_action"] <= 1].reset_index(drop=True)

    assert "returned None: is a `return` missing?" in problems(check_binary_subset, forgot_return)


# --- gradient_descent (06) -----------------------------------------------------------------------


def gradient_descent(X, y, w, b, learning_rate, n_epochs, slip=None):
    """A right answer; slip names one typical mistake to make instead."""
    costs = []
    steps = n_epochs + (slip == "one more step")
    for _ in range(steps):
        Y = sigmoid(X @ w + b)
        if slip != "cost after":
            costs.append(binary_cross_entropy(y, Y) * (len(X) if slip == "summed cost" else 1))
        error = Y - y if slip != "no sigmoid" else X @ w + b - y
        scale = 1 if slip == "summed" else 1 / len(X)
        sign = -1 if slip == "sign" else 1
        w = w - sign * learning_rate * scale * (X.T @ error)
        if slip != "no bias":
            b = b - sign * learning_rate * scale * np.sum(error)
        if slip == "cost after":
            costs.append(binary_cross_entropy(y, sigmoid(X @ w + b)))
    return w, b, costs[:n_epochs]


def with_descent_slip(slip):
    def answer(X, y, w, b, learning_rate, n_epochs):
        return gradient_descent(X, y, w, b, learning_rate, n_epochs, slip)
    answer.__name__ = "gradient_descent"
    return answer


def test_gradient_descent_passes_a_right_answer(capsys):
    check_logistic_training(gradient_descent)
    assert "gradient_descent: all" in capsys.readouterr().out


def test_gradient_descent_is_the_course_model():
    data = prepare_ecommerce(load_ecommerce(), binary=True)
    X, y = data.X_train, data.y_train
    w0 = np.random.default_rng(0).standard_normal(X.shape[1]) / np.sqrt(X.shape[1])
    w, b, costs = gradient_descent(X, y, w0, 0.0, 0.5, 50)
    model = LogisticRegression(learning_rate=0.5, n_epochs=50).fit(X, y)
    assert np.allclose(w, model.w_) and np.isclose(b, model.b_)
    assert np.allclose(costs, model.cost_history_)


@pytest.mark.parametrize("slip, hint", [
    ("sign", "the sign is flipped"),
    ("summed", "N = 12 times too long"),
    ("no bias", "b never moves"),
    ("no sigmoid", "without the sigmoid"),
    ("one more step", "16 steps instead of 15"),
    ("cost after", "costs are shifted by one step"),
    ("summed cost", "the costs are N times too large"),
])
def test_gradient_descent_names_the_slip(slip, hint):
    assert hint in problems(check_logistic_training, with_descent_slip(slip))


def test_gradient_descent_in_place_and_wrong_returns():
    def in_place(X, y, w, b, learning_rate, n_epochs):
        costs = []
        for _ in range(n_epochs):
            Y = sigmoid(X @ w + b)
            costs.append(binary_cross_entropy(y, Y))
            w -= learning_rate * X.T @ (Y - y) / len(X)
            b = b - learning_rate * np.sum(Y - y) / len(X)
        return w, b, costs

    assert "changed its third argument in place" in problems(check_logistic_training, in_place)

    def two_values(X, y, w, b, learning_rate, n_epochs):
        return gradient_descent(X, y, w, b, learning_rate, n_epochs)[:2]

    assert "should return 3 values, `return w, b, costs`" in problems(
        check_logistic_training, two_values)

    def one_cost_too_many(X, y, w, b, learning_rate, n_epochs):
        w, b, costs = gradient_descent(X, y, w, b, learning_rate, n_epochs)
        return w, b, [*costs, 0.1]

    assert "append it at the top of the loop" in problems(check_logistic_training,
                                                          one_cost_too_many)
