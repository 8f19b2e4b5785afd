"""Checkers for the e-commerce exercises of notebooks 05 and 06.

    check_one_hot(one_hot_encode)                05: one-hot encoding of time_of_day by hand
    check_standardize(standardize_train_test)   05: z-scores with the TRAINING statistics
    check_binary_subset(keep_two_actions)        05: the bounce / add-to-cart rows
    check_session_row(session_row)               05: one session of the event log -> one row
    check_logistic_training(gradient_descent)    06: logistic regression's training loop
    check_unscaled_weights(unscale_weights)      06: weights that work on unscaled inputs

Each calls the learner's function on small cases whose right answer it knows,
and when an answer is wrong looks for the usual slip that explains it (the
test set's own statistics, pandas' N-1 standard deviation, seconds instead of
minutes, the last event instead of the first...) and names it. It prints
"<exercise>: all n checks passed." or raises ExerciseError listing every problem.
"""

import numpy as np
import pandas as pd

from ..data import COLUMNS, fit_standardizer, standardize
from ..math import binary_cross_entropy_from_logits, sigmoid
from ..sources import FIELDS_LINE, parse_events, sessions_from_events
from . import Checker, as_array as _array, call_learner, first_match, is_close
from . import shape_text as _shape_text, show as _show, unpack as _pair


def _close(got, expected):
    """got has expected's shape and (finite or not) values."""
    return is_close(got, expected, atol=1e-9, equal_nan=True)


def _first_match(got, candidates):
    return first_match(got, candidates, _close)



# --- 05: z-scores with the training statistics ----------------------------------------------

def _z(X, mean, std):
    """(X - mean) / std without checks: the checkers' wrong answers need scalar statistics too."""
    return (X - mean) / std


def check_standardize(standardize_train_test):
    """standardize_train_test(X_train, X_test) -> (Z_train, Z_test).

    Both z-scored column by column with the mean and standard deviation (np.std,
    dividing by N) of X_TRAIN; a constant training column is divided by 1, not 0.
    """
    check = Checker("standardize_train_test")
    name = getattr(standardize_train_test, "__name__", "standardize_train_test")
    rng = np.random.default_rng(5)
    # Three columns on very different scales; the test rows come from shifted visits,
    # so their own statistics differ from the training set's.
    scale = np.array([1.0, 60.0, 0.1])
    X_train = rng.normal(size=(12, 3)) * scale + [2.0, 100.0, 0.5]
    X_test = rng.normal(size=(5, 3)) * scale * 1.5 + [3.0, 130.0, 0.4]
    mean, std = fit_standardizer(X_train)
    expected = standardize(X_train, mean, std), standardize(X_test, mean, std)

    n_problems = len(check.problems)
    result = call_learner(check, standardize_train_test, X_train, X_test)
    raised = result is None and len(check.problems) > n_problems
    pair = None if raised else _pair(check, result, ("Z_train", "Z_test"),
                                     f"{name}(X_train, X_test)")
    if pair is not None:
        Z_train, Z_test = pair
        for what, got, X in (("Z_train", Z_train, X_train), ("Z_test", Z_test, X_test)):
            check.expect(_array(got) is not None and np.shape(got) == X.shape,
                         f"{what} should have the shape of its input, {X.shape}; got "
                         f"{_shape_text(got)}")
        both = np.vstack([X_train, X_test])
        slips = [
            (_z(X_test, X_test.mean(axis=0), X_test.std(axis=0)),
             "Z_test was scaled with the test set's own mean and std. Use the TRAINING "
             "statistics for both: the test set stands for future visits, and nothing "
             "about it may shape the model, not even its scaling"),
            (_z(X_test, both.mean(axis=0), both.std(axis=0)),
             "Z_test uses the mean and std of train and test together: the test rows leaked "
             "into the statistics. Compute them from X_train only"),
            (_z(X_test, X_train.mean(axis=0), X_train.std(axis=0, ddof=1)),
             "you divided by the N-1 standard deviation (pandas' .std(), or ddof=1); "
             "course_utils and np.std divide by N: use X_train.std(axis=0)"),
            (_z(X_test, X_train.mean(), X_train.std()),
             "one mean and one std for the whole array: each column needs its own, "
             "X_train.mean(axis=0) and X_train.std(axis=0)"),
            (X_test - X_train.mean(axis=0),
             "Z_test is only centred: divide by the training std as well"),
            (X_test / X_train.std(axis=0),
             "Z_test is only divided by the std: subtract the training mean first"),
        ]
        check.expect(_close(Z_test, expected[1]),
                     _first_match(Z_test, slips)
                     or f"Z_test should be (X_test - mean) / std with the training mean "
                        f"{_show(mean)} and std {_show(std)}; got {_show(Z_test)}")
        train_slips = [
            (_z(X_train, both.mean(axis=0), both.std(axis=0)),
             "Z_train uses the statistics of train and test together; use X_train's only"),
            (_z(X_train, X_train.mean(axis=0), X_train.std(axis=0, ddof=1)),
             "Z_train divides by the N-1 standard deviation (ddof=1); use np.std, which "
             "divides by N"),
            (_z(X_train, X_train.mean(), X_train.std()),
             "Z_train uses one mean and std for all columns; use axis=0"),
        ]
        check.expect(_close(Z_train, expected[0]),
                     _first_match(Z_train, train_slips)
                     or f"Z_train should be (X_train - mean) / std, with mean 0 and std 1 in "
                        f"every column; expected {_show(expected[0])}, got {_show(Z_train)}")

        if _close(Z_train, expected[0]) and _close(Z_test, expected[1]):
            # A column that never changes in the training data (e.g. every visit on desktop).
            constant = X_train.copy()
            constant[:, 0] = 1.0
            mean0, std0 = fit_standardizer(constant)
            result = call_learner(check, standardize_train_test, constant, X_test)
            if isinstance(result, (tuple, list)) and len(result) == 2:
                check.expect(
                    _close(result[0], standardize(constant, mean0, std0))
                    and _close(result[1], standardize(X_test, mean0, std0)),
                    "a column that is constant in X_train has std 0, and dividing by 0 gives "
                    "nan or inf. Divide such a column by 1 instead: "
                    "std = np.where(std == 0, 1.0, std)")
    return check.done()


# --- 05: from the event log to a row ---------------------------------------------------------

# Three sessions whose right rows tell the usual slips apart (see check_session_row).
_SESSIONS = {
    # A tablet visit that starts at 05:58 and ends after 06:00, goes back to a product
    # after beginning checkout and adds it too, and has product-page events that are
    # not views.
    "tablet": [
        "2026-01-05T05:58:00.000 t1 tablet returning home view",
        "2026-01-05T05:58:40.500 t1 tablet returning product view",
        "2026-01-05T05:59:10.000 t1 tablet returning product add_to_cart",
        "2026-01-05T05:59:55.250 t1 tablet returning cart begin_checkout",
        "2026-01-05T06:00:20.000 t1 tablet returning product view",
        "2026-01-05T06:00:51.000 t1 tablet returning product add_to_cart",
        "2026-01-05T06:01:30.007 t1 tablet returning product leave",
    ],
    # A desktop bounce late in the evening.
    "bounce": [
        "2026-01-05T21:14:03.120 b2 desktop new home view",
        "2026-01-05T21:14:40.000 b2 desktop new home leave",
    ],
    # A phone visit that finishes checkout; a single second long.
    "finish": [
        "2026-01-05T13:00:00.000 f3 mobile new product view",
        "2026-01-05T13:00:00.400 f3 mobile new product add_to_cart",
        "2026-01-05T13:00:00.700 f3 mobile new cart begin_checkout",
        "2026-01-05T13:00:01.000 f3 mobile new checkout finish_checkout",
    ],
}


def _session_events(name):
    return parse_events([FIELDS_LINE, *_SESSIONS[name]], source=f"session {name}")


def check_session_row(session_row):
    """session_row(events) -> the row of one session, a dict (or Series) of the six columns.

    events: the DataFrame of ONE session's events, as course_utils.sources.read_events
    gives them (columns line, timestamp, session, device, visitor, page, action).
    """
    check = Checker("session_row")
    name = getattr(session_row, "__name__", "session_row")
    for session in _SESSIONS:
        events = _session_events(session)
        expected = sessions_from_events(events).iloc[0].to_dict()
        n_problems = len(check.problems)
        got = call_learner(check, session_row, events.copy())
        if got is None and len(check.problems) > n_problems:
            break  # it raised: the same exception would repeat for every session
        if isinstance(got, pd.DataFrame) and len(got) == 1:
            got = got.iloc[0]
        try:
            got = dict(got)
        except (TypeError, ValueError):
            check.fail(f"{name}(events) should return a dict like {{'is_mobile': 1, ...}} "
                       f"(or a pandas Series); got {type(got).__name__}")
            continue
        missing = [c for c in COLUMNS if c not in got]
        if missing:
            check.fail(f"the row of session '{session}' has no {', '.join(map(repr, missing))}: "
                       f"return all six columns, {', '.join(COLUMNS)}")
        for column in COLUMNS:
            if column in got:
                hint = _session_slip(column, got[column], events, expected[column])
                check.expect(hint is None, f"session '{session}', {column}: {hint}")
    return check.done()


def _session_slip(column, value, events, expected):
    """None if value is right, else a hint for the slip that explains it."""
    if isinstance(value, str):
        return (f"got the text {value!r}; every column holds a number "
                f"(expected {expected:g})")
    if isinstance(value, pd.Timedelta):
        return ("got a Timedelta; visit_duration is a number of minutes: "
                ".total_seconds() / 60, rounded to 4 decimals")
    number = _array(value)
    if number is None or number.size != 1:
        return f"should be one number, {expected:g}; got {_shape_text(value)}"
    number = float(number.reshape(()))
    if np.isclose(number, expected, rtol=0, atol=1e-9):
        return None
    first, last = events["timestamp"].iloc[0], events["timestamp"].iloc[-1]
    seconds = (last - first).total_seconds()
    levels = events["action"].map({"add_to_cart": 1, "begin_checkout": 2, "finish_checkout": 3})
    slips = {
        "is_mobile": [(0, "tablets count as mobile: is_mobile is 1 for 'mobile' and 'tablet'")],
        "n_products_viewed": [
            ((events["page"] == "product").sum(),
             "you counted every event on a product page; count only (product, view) events "
             "(adding to the cart or leaving is not viewing another product)"),
            ((events["action"] == "view").sum(),
             "you counted every view, the home and cart pages too; count views of product "
             "pages only"),
        ],
        "visit_duration": [
            (seconds, "that is seconds; visit_duration is in minutes (divide by 60)"),
            (seconds * 1000, "that is milliseconds; visit_duration is in minutes"),
            (seconds / 3600, "that is hours; visit_duration is in minutes"),
            (seconds / 60, "right, but round it to 4 decimals as in the CSV: round(x, 4)"),
        ],
        "time_of_day": [
            (last.hour // 6, "that comes from the last event; the time of day is the "
                             "first event's (when the visit started)"),
            (first.hour, "that is the hour; time_of_day is the quarter of the day, hour // 6"),
            (first.hour // 4, "hour // 4 gives 6 parts of the day; there are 4: hour // 6"),
        ],
        "user_action": [
            (levels.fillna(0).iloc[-1], "that is the last event's level; the label is the "
                                         "FURTHEST action the visit reached, the maximum"),
            (levels.notna().sum(), "you counted actions; the label is the furthest one "
                                   "reached (the maximum level), 0 to 3"),
        ],
        "is_returning_visitor": [],
    }[column]
    for wrong, hint in slips:
        if np.isclose(number, wrong, rtol=0, atol=1e-9):
            return f"{hint} (expected {expected:g}, got {number:g})"
    return f"expected {expected:g}, got {number:g}"


# --- 06: weights for unscaled inputs -----------------------------------------------------------

def check_unscaled_weights(unscale_weights):
    """unscale_weights(w, b, mean, std, columns) -> (w_raw, b_raw).

    The model was trained on inputs whose columns `columns` were z-scored,
    z = (x - mean) / std. Return weights for the raw inputs that give the same
    logit: X_raw @ w_raw + b_raw == X_scaled @ w + b for every X.
    """
    check = Checker("unscale_weights")
    name = getattr(unscale_weights, "__name__", "unscale_weights")
    rng = np.random.default_rng(6)
    cases = [  # (number of features, the z-scored columns)
        (8, [1, 2]),  # the e-commerce layout: n_products_viewed and visit_duration
        (5, [0, 3, 4]),
    ]
    for n_features, columns in cases:
        w = rng.normal(size=n_features)
        b = 0.7
        mean = rng.uniform(0.5, 3.0, size=len(columns))
        std = rng.uniform(0.3, 2.0, size=len(columns))
        w_raw, b_raw = w.copy(), b
        w_raw[columns] = w[columns] / std
        b_raw = b - np.sum(w[columns] * mean / std)

        n_problems = len(check.problems)
        result = call_learner(check, unscale_weights, w, b, mean, std, list(columns))
        if result is None and len(check.problems) > n_problems:
            break  # it raised: the same exception would repeat for every case
        pair = _pair(check, result, ("w_raw", "b_raw"), f"{name}(w, b, mean, std, columns)")
        if pair is None:
            continue
        got_w, got_b = pair
        where = f"(columns {columns} of {n_features})"
        multiplied = w.copy()
        multiplied[columns] = w[columns] * std
        wrong_w = [
            (multiplied, "you multiplied by std; z = (x - mean) / std, so the weight of x "
                         "is w / std"),
            (w, "w_raw equals w: the z-scored columns' weights must be divided by their std"),
        ]
        check.expect(_close(got_w, w_raw),
                     _first_match(got_w, wrong_w)
                     or f"w_raw {where} should be {_show(w_raw)}; got {_show(got_w)}"
                     + ("" if _array(got_w) is not None and np.shape(got_w) == w.shape
                        else f" (it needs the shape of w, {w.shape})"))
        wrong_b = [
            (b, "b_raw equals b, but subtracting the mean moved the line: b_raw = "
                "b - sum over the z-scored columns of w * mean / std"),
            (b + np.sum(w[columns] * mean / std), "the sign of the bias correction is flipped: "
                                                 "b_raw = b - sum(w * mean / std)"),
            (b - np.sum(w[columns] * mean), "the bias correction forgot to divide by std: "
                                           "b - sum(w * mean / std)"),
        ]
        check.expect(np.ndim(got_b) == 0 and _close(got_b, b_raw),
                     _first_match(got_b, wrong_b)
                     or f"b_raw {where} should be one number, {b_raw:.4f}; got {_show(got_b)}")
    return check.done()



# --- 05: one-hot encoding by hand ------------------------------------------------------------

def check_one_hot(one_hot_encode):
    """one_hot_encode(values, n_categories) -> an (N, n_categories) array of 0s and 1s.

    Row n has its one 1 in column values[n]; every row has exactly one 1, and there
    are n_categories columns even when some categories never occur in values.
    """
    check = Checker("one_hot_encode")
    name = getattr(one_hot_encode, "__name__", "one_hot_encode")
    cases = [  # (values, n_categories): every category seen; some unseen; the last one unseen
        (np.array([3, 0, 3, 1, 2, 2, 0]), 4),
        (np.array([3, 3, 1]), 4),
        (np.array([0, 2, 1, 2]), 5),
    ]
    for values, n_categories in cases:
        call = f"{name}({values.tolist()}, {n_categories})"
        expected = np.eye(n_categories)[values]
        n_problems = len(check.problems)
        got = call_learner(check, one_hot_encode, values, n_categories)
        if got is None and len(check.problems) > n_problems:
            break  # it raised: the same exception would repeat on every case
        if got is None:
            check.fail(f"{call} returned None: is a `return` missing?")
            continue
        seen = np.unique(values)
        slips = [
            (expected.T, f"{call} has one ROW per category, shape (K, N); the result needs one "
                         f"row per value, shape (N, K) = {expected.shape}: zeros((N, K)), then "
                         f"row n, column values[n]"),
            (np.roll(expected, -1, axis=1), "every 1 sits one column to the left: category k "
                                            "belongs in column k (counting from 0), not k - 1"),
            (np.roll(expected, 1, axis=1), "every 1 sits one column to the right: category k "
                                           "belongs in column k (counting from 0), not k + 1"),
            (expected[:, seen], f"{call} has a column only for the {len(seen)} values it saw "
                                f"(the pd.get_dummies trap); make n_categories = {n_categories} "
                                f"columns, so an unseen category still has its column of 0s"),
            (np.ones_like(expected), "every entry is 1: set only row n, column values[n]"),
            (values[:, None].astype(float), "that is the values as one column; one-hot needs "
                                            "a 0/1 column per category"),
        ]
        slip = _first_match(got, slips)
        right = check.expect(_close(got, expected),
                             f"{call} should be {_show(expected)} (shape {expected.shape}); "
                             f"got {_show(got)} ({_shape_text(got)})" + (f". {slip}" if slip else ""))
        if not right:
            break  # the same slip would repeat on every case
    return check.done()


# --- 05: the two-class subset ----------------------------------------------------------------

def _visits(actions):
    """A small checked e-commerce table whose rows have the given user_action labels."""
    n = len(actions)
    return pd.DataFrame({
        "is_mobile": np.arange(n) % 2,
        "n_products_viewed": np.arange(n) % 3,
        "visit_duration": np.round(0.25 + 0.5 * np.arange(n), 4),
        "is_returning_visitor": (np.arange(n) // 2) % 2,
        "time_of_day": np.arange(n) % 4,
        "user_action": np.asarray(actions),
    })


def check_binary_subset(keep_two_actions):
    """keep_two_actions(df) -> the rows of df whose user_action is 0 (bounce) or 1
    (add_to_cart), in their order, all six columns, re-indexed 0, 1, ..., M-1."""
    check = Checker("keep_two_actions")
    name = getattr(keep_two_actions, "__name__", "keep_two_actions")
    df = _visits([0, 2, 1, 3, 0, 1, 3, 2, 1, 0])
    original = df.copy()
    expected = df[df["user_action"].isin([0, 1])].reset_index(drop=True)
    n_problems = len(check.problems)
    got = call_learner(check, keep_two_actions, df)
    if got is None and len(check.problems) > n_problems:
        return check.done()
    if not df.equals(original):
        check.fail(f"{name} changed the DataFrame it was given (inplace=True, or an assignment "
                   f"into df): return a new one, so the full data stays intact for notebook 07")
    if got is None:
        check.fail(f"{name}(df) returned None: is a `return` missing? (DataFrame methods such "
                   f"as reset_index return a new DataFrame unless inplace=True)")
        return check.done()
    if not isinstance(got, pd.DataFrame):
        check.fail(f"{name}(df) should return a DataFrame, rows selected with a boolean mask "
                   f"such as df[df['user_action'] <= 1]; got {type(got).__name__}")
        return check.done()
    extra = [c for c in got.columns if c not in df.columns]
    missing = [c for c in df.columns if c not in got.columns]
    if "index" in extra:
        check.fail("the result has a column 'index': reset_index() keeps the old index as a "
                   "column; reset_index(drop=True) throws it away")
    elif extra or missing:
        check.fail(f"the result should keep the six columns {list(df.columns)}; got "
                   f"{list(got.columns)}")
    if "user_action" not in got.columns:
        return check.done()
    labels = got["user_action"].to_numpy()
    kept = sorted(set(labels.tolist()))
    hint = None
    if kept != [0, 1]:
        hint = {
            (1,): "only add_to_cart (1) was kept; the two classes are 0 (bounce) and 1",
            (0,): "only bounce (0) was kept; the two classes are 0 (bounce) and 1 "
                  "(add_to_cart)",
            (1, 2): "actions 1 and 2 were kept; the two classes are 0 (bounce) and 1 "
                    "(add_to_cart): user_action <= 1",
            (0, 1, 2): "action 2 (begin_checkout) was kept too: user_action <= 1, not <= 2",
            (0, 1, 2, 3): "nothing was removed: keep the rows whose user_action is 0 or 1",
        }.get(tuple(kept), f"the labels kept are {kept}; keep exactly 0 and 1")
    check.expect(hint is None, hint)
    if hint is None:
        check.expect(len(got) == len(expected),
                     f"{len(expected)} rows have action 0 or 1; got {len(got)} rows")
        same_rows = (len(got) == len(expected) and not missing
                     and np.array_equal(got[list(df.columns)].to_numpy(dtype=float),
                                        expected.to_numpy(dtype=float)))
        in_another_order = (not same_rows and len(got) == len(expected) and not missing
                            and np.array_equal(
                                got[list(df.columns)].sort_values(list(df.columns))
                                .to_numpy(dtype=float),
                                expected.sort_values(list(df.columns)).to_numpy(dtype=float)))
        check.expect(same_rows,
                     "the right rows, in another order: keep them in the order of df (no "
                     "sorting)" if in_another_order
                     else "the rows kept are not df's rows with action 0 or 1, unchanged")
        check.expect(list(got.index) == list(range(len(got))),
                     f"the index is {list(got.index)}, the rows' old positions: re-number the "
                     f"rows with .reset_index(drop=True), so row i is at index i")
    return check.done()


# --- 06: logistic regression trained by gradient descent --------------------------------------

def _descend(X, y, w, b, learning_rate, n_epochs, sign=1.0, scale=None, update_b=True,
             squash=True):
    """Reference gradient descent and its slips: (w, b, costs before each step, cost after)."""
    n = len(X)
    scale = 1 / n if scale is None else scale
    w, b = np.array(w, dtype=float), float(b)
    costs = []
    for _ in range(n_epochs):
        z = X @ w + b
        costs.append(float(binary_cross_entropy_from_logits(y, z)))
        error = (sigmoid(z) if squash else z) - y
        w = w - learning_rate * sign * scale * (X.T @ error)
        if update_b:
            b = b - learning_rate * sign * scale * error.sum()
    final = float(binary_cross_entropy_from_logits(y, X @ w + b))
    return w, b, costs, final


def check_logistic_training(gradient_descent):
    """gradient_descent(X, y, w, b, learning_rate, n_epochs) -> (w, b, costs).

    n_epochs steps of w <- w - learning_rate * X^T (Y - y) / N and
    b <- b - learning_rate * sum(Y - y) / N, with Y = sigmoid(X w + b) on all N rows
    at every step; costs[i] is the mean binary cross-entropy BEFORE step i
    (n_epochs numbers). The w passed in is not changed.
    """
    check = Checker("gradient_descent")
    name = getattr(gradient_descent, "__name__", "gradient_descent")
    rng = np.random.default_rng(11)
    n, d = 12, 3
    X = rng.normal(size=(n, d))
    y = (X @ np.array([1.5, -1.0, 0.5]) + 0.3 + rng.normal(scale=0.8, size=n) > 0).astype(float)
    w0, b0 = rng.normal(size=d) / np.sqrt(d), 0.2
    learning_rate, n_epochs = 0.5, 15
    w_ref, b_ref, costs_ref, final_ref = _descend(X, y, w0, b0, learning_rate, n_epochs)
    call = f"{name}(X, y, w, b, learning_rate={learning_rate}, n_epochs={n_epochs})"

    n_problems, n_warnings = len(check.problems), len(check.warnings)
    result = call_learner(check, gradient_descent, X, y, w0, b0, learning_rate, n_epochs)
    caught = check.warnings[n_warnings:]
    raised = result is None and len(check.problems) > n_problems
    triple = None if raised else _pair(check, result, ("w", "b", "costs"), call)
    if triple is None:
        return check.done()
    w, b, costs = triple

    def run(**slip):
        return _descend(X, y, w0, b0, learning_rate, n_epochs, **slip)

    flipped, summed = run(sign=-1.0), run(scale=1.0)
    no_bias, linear = run(update_b=False), run(squash=False)
    one_more = _descend(X, y, w0, b0, learning_rate, n_epochs + 1)
    one_less = _descend(X, y, w0, b0, learning_rate, n_epochs - 1)
    w_slips = [
        (flipped[0], "the weights moved uphill, the cost rises: the sign is flipped. The "
                     "gradient is X^T (Y - y) / N, and the step goes against it, w - eta * grad"),
        (summed[0], f"the steps are N = {n} times too long: the gradient of the MEAN cost "
                    f"divides by N, X.T @ (Y - y) / N"),
        (no_bias[0], "b never moves: update it too, b - eta * np.sum(Y - y) / N"),
        (linear[0], "Y should be sigmoid(X @ w + b), the probabilities; without the sigmoid "
                    "that is linear regression's gradient"),
        (one_more[0], f"{n_epochs + 1} steps instead of {n_epochs}: range(n_epochs)"),
        (one_less[0], f"{n_epochs - 1} steps instead of {n_epochs}: range(n_epochs)"),
        (w0, "w is the starting w: no step changed it (is w reassigned inside the loop?)"),
    ]
    slip = _first_match(w, w_slips)
    right_w = check.expect(_close(w, w_ref),
                           f"after {n_epochs} steps w should be {_show(w_ref)}; got {_show(w)}"
                           + ("" if np.shape(w) == (d,) else f" ({_shape_text(w)}, not ({d},))")
                           + (f": {slip}" if slip else ""))
    b_slips = [(flipped[1], "b moved uphill: the sign of its step is flipped"),
               (summed[1], "b's steps are N times too long: np.sum(Y - y) / N"),
               (b0, "b never moves: update it too, b - eta * np.sum(Y - y) / N")]
    b_value = _array(b)
    b_number = None if b_value is None or b_value.size != 1 else float(b_value.reshape(-1)[0])
    slip = None if b_number is None else _first_match(b_number, b_slips)
    check.expect(b_number is not None and _close(b_number, b_ref),
                 f"after {n_epochs} steps b should be one number, {b_ref:.4f}; got {_show(b)}"
                 + (f": {slip}" if slip else ""))

    costs_array = _array(costs)
    if costs_array is None or costs_array.shape != (n_epochs,):
        check.fail(f"costs should hold {n_epochs} numbers, one per step; got "
                   f"{_shape_text(costs)}" + (
                       ": the cost BEFORE each step, so append it at the top of the loop"
                       if costs_array is not None and costs_array.shape == (n_epochs + 1,)
                       else ""))
    elif right_w:
        after = [*costs_ref[1:], final_ref]
        slip = _first_match(costs_array, [
                         (after, "costs are shifted by one step: costs[0] should be the cost of "
                                 "the starting weights, computed before the first update"),
                         (np.array(costs_ref) * n, "the costs are N times too large: the cost "
                                                   "is the MEAN cross-entropy, not the sum"),
                         (-np.array(costs_ref), "the costs are negative: J = -mean(y log Y + "
                                                "(1 - y) log(1 - Y))"),
                     ])
        check.expect(_close(costs_array, costs_ref),
                     f"costs should be {_show(costs_ref)}; got {_show(costs_array)}"
                     + (f": {slip}" if slip else ""))
    if any("overflow" in m or "divide" in m or "invalid" in m for m in caught):
        check.fail("NumPy warned (" + "; ".join(sorted(set(caught)))[:200] + "): log(0) or "
                   "exp overflow; use course_utils.math.binary_cross_entropy for the cost")
    return check.done()
