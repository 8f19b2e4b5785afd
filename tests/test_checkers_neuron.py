"""The neuron's checkers (02 and the readiness test of 04): right answers pass, and the
typical wrong answers get the hint that names their slip."""

import gc
import math
import sys
import warnings

import numpy as np
import pytest

from checker_helpers import failure, problems
from course_utils.checkers.neuron import (
    check_coin_mle,
    check_cross_entropy,
    check_dot_loop,
    check_fit_line,
    check_gradient_step,
    check_gradients,
    check_linear_regression_step,
    check_penalty_gradients,
    check_predict_labels,
    check_predict_proba,
    check_sigmoid,
    check_training,
    check_training_l2,
    count_python_lines,
)



# --- right answers, as a learner would write them --------------------------------

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def predict_proba(X, w, b):
    return sigmoid(X @ w + b)


def cross_entropy(T, Y):
    Y = np.clip(Y, 1e-12, 1 - 1e-12)
    return -np.mean(T * np.log(Y) + (1 - T) * np.log(1 - Y))


def gradient_step(w, b, dw, db, learning_rate):
    return w - learning_rate * dw, b - learning_rate * db


def gradients(X, T, w, b):
    Y = sigmoid(X @ w + b)
    return X.T @ (Y - T) / len(X), np.mean(Y - T)


def train(X, T, learning_rate, n_steps):
    w, b, costs = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_steps):
        costs.append(cross_entropy(T, sigmoid(X @ w + b)))
        w, b = gradient_step(w, b, *gradients(X, T, w, b), learning_rate)
    return w, b, costs


@pytest.mark.parametrize(("checker", "answer"), [
    (check_sigmoid, sigmoid),
    (check_predict_proba, predict_proba),
    (check_cross_entropy, cross_entropy),
    (check_gradient_step, gradient_step),
    (check_gradients, gradients),
    (check_training, train),
])
def test_right_answers_pass_without_warnings(checker, answer, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the naive sigmoid overflows at -1000: kept inside
        checker(answer)
    assert capsys.readouterr().out.endswith("checks passed.\n")


def test_other_right_answers_pass():
    check_sigmoid(lambda z: np.exp(-np.logaddexp(0, -z)))
    check_sigmoid(lambda z: 0.5 * (1 + np.tanh(z / 2)))
    check_cross_entropy(lambda T, Y: float(np.mean(-np.log(np.where(T == 1, Y, 1 - Y) + 1e-15))))

    def gradient_step_in_place(w, b, dw, db, learning_rate):
        w -= learning_rate * dw  # changes the caller's array, but returns the right values
        return w, b - learning_rate * db

    check_gradient_step(gradient_step_in_place)

    def train_costs_after(X, T, learning_rate, n_steps):
        w, b, costs = np.zeros(X.shape[1]), 0.0, []
        for _ in range(n_steps):
            w, b = gradient_step(w, b, *gradients(X, T, w, b), learning_rate)
            costs.append(cross_entropy(T, sigmoid(X @ w + b)))
        return w, b, np.array(costs)

    check_training(train_costs_after)


# --- 1. sigmoid ------------------------------------------------------------------

def test_sigmoid_sign():
    hints = problems(check_sigmoid, lambda z: 1 / (1 + np.exp(z)))
    assert "your sigmoid decreases" in hints and "1 / (1 + np.exp(-z))" in hints


def test_sigmoid_returning_labels():
    hints = problems(check_sigmoid, lambda z: np.round(sigmoid(z)))
    assert "predicted label (rounded at 0.5), not the probability" in hints


def test_sigmoid_with_math_exp():
    def sigmoid_math(z):
        return 1 / (1 + math.exp(-z))

    hints = problems(check_sigmoid, sigmoid_math)
    assert "sigmoid_math(array(7,)) raised TypeError" in hints
    assert "np.exp and np.log work on whole arrays" in hints


def test_sigmoid_overflow_to_nan():
    hints = problems(check_sigmoid, lambda z: np.exp(z) / (1 + np.exp(z)))
    assert "should be [0, 1]; got [ 0., nan]" in hints
    assert "inf / inf is nan" in hints


def test_sigmoid_that_forgets_the_reciprocal():
    assert "that is 1 + exp(-z)" in problems(check_sigmoid, lambda z: 1 + np.exp(-z))


def test_sigmoid_that_drops_a_dimension():
    hints = problems(check_sigmoid, lambda z: sigmoid(np.ravel(z)))
    assert "on a 2-D array too" in hints and "got shape (12,)" in hints


def test_sigmoid_loop_is_not_vectorised():
    def sigmoid_loop(z):
        z = np.asarray(z, dtype=float)
        out = np.empty_like(z)
        for i in np.ndindex(z.shape):
            out[i] = 1 / (1 + np.exp(-z[i]))
        return out

    hints = problems(check_sigmoid, sigmoid_loop)
    assert hints.count("\n") == 0  # the values are right: that is the only problem
    assert "not vectorised: sigmoid_loop ran" in hints and "a loop runs once per sample" in hints


def test_np_vectorize_of_a_python_function_is_not_vectorised():
    one_number = np.vectorize(lambda v: 1 / (1 + math.exp(-v)) if v > -700 else 0.0)
    hints = problems(check_sigmoid, one_number)
    assert "not vectorised" in hints


# --- 02: predict_proba -----------------------------------------------------------

def test_predictions_without_bias():
    hints = problems(check_predict_proba, lambda X, w, b: sigmoid(X @ w))
    assert "ignore the bias" in hints


def test_predictions_as_a_column():
    hints = problems(check_predict_proba, lambda X, w, b: sigmoid(X @ w.reshape(-1, 1) + b))
    assert "got shape (6, 1): a column" in hints


def test_predictions_as_logits_or_labels():
    assert "that is the logit" in problems(check_predict_proba, lambda X, w, b: X @ w + b)
    assert "those are labels" in problems(
        check_predict_proba, lambda X, w, b: (X @ w + b > 0).astype(float))


def test_predictions_row_by_row_are_not_vectorised():
    def predict_rows(X, w, b):
        return np.array([sigmoid(x @ w + b) for x in X])

    assert "not vectorised: predict_rows" in problems(check_predict_proba, predict_rows)


# --- 2. cross-entropy ------------------------------------------------------------

def test_cross_entropy_summed_instead_of_averaged():
    def cross_entropy_sum(T, Y):
        Y = np.clip(Y, 1e-12, 1 - 1e-12)
        return -np.sum(T * np.log(Y) + (1 - T) * np.log(1 - Y))

    hints = problems(check_cross_entropy, cross_entropy_sum)
    assert hints == ("  - you summed over the samples (6 times the mean); this test uses the mean: "
                     "np.mean, or divide by N")


def test_cross_entropy_log_of_zero():
    hints = problems(check_cross_entropy,
                     lambda T, Y: -np.mean(T * np.log(Y) + (1 - T) * np.log(1 - Y)))
    assert "got nan: log of 0" in hints and "np.clip(Y, 1e-12, 1 - 1e-12)" in hints


def test_cross_entropy_without_minus_and_second_term():
    hints = problems(check_cross_entropy, lambda T, Y: np.mean(T * np.log(Y)))
    assert "you dropped the (1 - t) log(1 - y) term" in hints
    assert "the minus sign is missing" in hints


def test_cross_entropy_per_sample():
    hints = problems(check_cross_entropy,
                     lambda T, Y: -(T * np.log(Y) + (1 - T) * np.log(1 - Y)))
    assert "should return one number" in hints and "(one loss per sample: average them)" in hints


def test_cross_entropy_in_log10():
    hints = problems(check_cross_entropy, lambda T, Y: cross_entropy(T, Y) / np.log(10))
    assert "you used log10" in hints


def test_cross_entropy_with_swapped_arguments():
    hints = problems(check_cross_entropy, lambda T, Y: cross_entropy(Y, T))
    assert "did you swap the arguments?" in hints


def test_cross_entropy_loop_is_not_vectorised():
    def cross_entropy_loop(T, Y):
        total = 0.0
        for t, y in zip(T, Y, strict=True):
            y = min(max(y, 1e-12), 1 - 1e-12)
            total -= t * math.log(y) + (1 - t) * math.log(1 - y)
        return total / len(T)

    hints = problems(check_cross_entropy, cross_entropy_loop)
    assert hints.startswith("  - not vectorised: cross_entropy_loop")


# --- 3. gradient step ------------------------------------------------------------

def test_gradient_ascent_instead_of_descent():
    hints = problems(check_gradient_step, lambda w, b, dw, db, lr: (w + lr * dw, b + lr * db))
    assert "w moved uphill" in hints and "b moved uphill" in hints


def test_gradient_step_forgets_the_bias():
    hints = problems(check_gradient_step, lambda w, b, dw, db, lr: (w - lr * dw, b))
    assert hints == "  - b did not change: the bias learns too, b - learning_rate * db"


def test_gradient_step_without_learning_rate():
    hints = problems(check_gradient_step, lambda w, b, dw, db, lr: (w - dw, b - db))
    assert "ignores the learning rate" in hints


def test_gradient_step_with_a_fixed_learning_rate():
    hints = problems(check_gradient_step, lambda w, b, dw, db, lr: (w - 0.1 * dw, b - 0.1 * db))
    assert "use the learning_rate argument" in hints


def test_gradient_step_that_returns_nothing():
    def gradient_step_no_return(w, b, dw, db, learning_rate):
        w -= learning_rate * dw

    hints = problems(check_gradient_step, gradient_step_no_return)
    assert hints == "  - gradient_step_no_return returned None: is a `return` missing?"


# --- 4. gradients ----------------------------------------------------------------

def test_gradient_summed_instead_of_averaged():
    def gradients_sum(X, T, w, b):
        Y = sigmoid(X @ w + b)
        return X.T @ (Y - T), np.sum(Y - T)

    hints = problems(check_gradients, gradients_sum)
    assert hints == ("  - dw and db: it is N = 8 times too large: you summed over the samples; "
                     "this test uses the mean cross-entropy, so divide by N")


def test_gradient_summed_in_dw_only():
    def gradients_sum_dw(X, T, w, b):
        Y = sigmoid(X @ w + b)
        return X.T @ (Y - T), np.mean(Y - T)

    hints = problems(check_gradients, gradients_sum_dw)
    assert hints.startswith("  - dw: it is N = 8 times too large") and hints.count("\n") == 0


def test_gradient_with_flipped_sign_and_no_bias():
    def gradients_uphill(X, T, w, b):
        Y = sigmoid(X @ w)
        return X.T @ (T - Y) / len(X), np.mean(T - Y)

    hints = problems(check_gradients, gradients_uphill)
    assert "dw and db: your Y ignores the bias" in hints and "the sign is flipped" in hints


def test_gradient_without_sigmoid():
    hints = problems(check_gradients,
                     lambda X, T, w, b: (X.T @ (X @ w + b - T) / len(X), np.mean(X @ w + b - T)))
    assert "you used the logit z = X @ w + b in place of Y = sigmoid(z)" in hints


def test_gradient_averaged_over_every_entry():
    def gradients_by_size(X, T, w, b):
        Y = sigmoid(X @ w + b)
        return X.T @ (Y - T) / X.size, np.mean(Y - T)  # X.size is N * D, not N

    assert "you averaged over all N x D numbers" in problems(check_gradients, gradients_by_size)


def test_gradient_with_a_column_broadcasts():
    def gradients_column(X, T, w, b):
        Y = sigmoid(X @ w + b).reshape(-1, 1)  # (N, 1) - (N,) -> (N, N)
        return X.T @ (Y - T) / len(X), float(np.mean(Y - T))

    hints = problems(check_gradients, gradients_column)
    assert "got shape (3, 8)" in hints and "broadcast to (N, N)" in hints


def test_gradient_db_per_sample_and_missing_db():
    def gradients_db_vector(X, T, w, b):
        Y = sigmoid(X @ w + b)
        return X.T @ (Y - T) / len(X), (Y - T) / len(X)

    assert "db should be one number, like b; got shape (8,)" in problems(
        check_gradients, gradients_db_vector)
    assert "`return dw, db`; got one ndarray" in problems(
        check_gradients, lambda X, T, w, b: gradients(X, T, w, b)[0])


def test_gradient_loop_is_not_vectorised_and_all_slips_are_listed():
    def gradients_loop(X, T, w, b):
        dw, db = np.zeros_like(w), 0.0
        for x, t in zip(X, T, strict=True):
            y = sigmoid(x @ w)
            dw += (y - t) * x
            db += y - t
        return dw, db

    hints = problems(check_gradients, gradients_loop).splitlines()
    assert len(hints) == 2
    assert hints[0].startswith("  - dw and db: your Y ignores the bias")
    assert "N = 8 times too large" in hints[0]
    assert hints[1].startswith("  - not vectorised: gradients_loop")


# --- 5. training loop ------------------------------------------------------------

def make_train(update_w, update_b, start=np.zeros):
    """A training loop with one slip in its update, as learners write it."""
    def train_variant(X, T, learning_rate, n_steps):
        w, b, costs = start(X.shape[1]), 0.0, []
        for _ in range(n_steps):
            Y = sigmoid(X @ w + b)
            costs.append(cross_entropy(T, Y))
            w, b = update_w(w, X, Y, T, learning_rate), update_b(b, Y, T, learning_rate)
        return w, b, costs
    return train_variant


def good_w(w, X, Y, T, lr):
    return w - lr * X.T @ (Y - T) / len(X)


def good_b(b, Y, T, lr):
    return b - lr * np.mean(Y - T)


def test_training_with_summed_gradient():
    hints = problems(check_training, make_train(lambda w, X, Y, T, lr: w - lr * X.T @ (Y - T),
                                                lambda b, Y, T, lr: b - lr * np.sum(Y - T)))
    assert hints == ("  - you followed the summed gradient X.T @ (Y - T), N times the mean's: "
                     "divide by N (this test minimises the mean cross-entropy)")


def test_training_uphill():
    hints = problems(check_training,
                     make_train(lambda w, X, Y, T, lr: w + lr * X.T @ (Y - T) / len(X),
                                lambda b, Y, T, lr: b + lr * np.mean(Y - T)))
    assert "your cost went up, from 0.6931" in hints and "you climbed the cost" in hints


def test_training_without_bias():
    hints = problems(check_training, make_train(good_w, lambda b, Y, T, lr: b))
    assert hints == ("  - b was never updated: the bias learns too, b = b - learning_rate * db")


def test_training_from_a_random_start():
    def random_start(d):
        return np.random.default_rng(0).normal(size=d)

    hints = problems(check_training, make_train(good_w, good_b, start=random_start))
    assert "your first cost is 0.6504" in hints and "start from zeros" in hints


def test_training_records_the_summed_cost():
    def train_sum_costs(X, T, learning_rate, n_steps):
        w, b, costs = train(X, T, learning_rate, n_steps)
        return w, b, [len(X) * c for c in costs]

    assert "your costs are N = 40 times the mean cross-entropy" in problems(
        check_training, train_sum_costs)


def test_training_with_wrong_number_of_steps_or_values():
    assert "made 29 steps instead of n_steps = 30" in problems(
        check_training, lambda X, T, lr, n: train(X, T, lr, n - 1)[:2] + (train(X, T, lr, n)[2],))
    assert "`return w, b, costs`; got 2 values" in problems(
        check_training, lambda X, T, lr, n: train(X, T, lr, n)[:2])


def test_training_with_a_fixed_learning_rate():
    assert "use the learning_rate argument" in problems(
        check_training, lambda X, T, lr, n: train(X, T, 0.5, n))


def test_training_with_a_loop_over_samples_is_not_vectorised():
    def train_rows(X, T, learning_rate, n_steps):
        w, b, costs = np.zeros(X.shape[1]), 0.0, []
        for _ in range(n_steps):
            costs.append(cross_entropy(T, sigmoid(X @ w + b)))
            dw, db = np.zeros_like(w), 0.0
            for x, t in zip(X, T, strict=True):
                y = sigmoid(x @ w + b)
                dw, db = dw + (y - t) * x / len(X), db + (y - t) / len(X)
            w, b = w - learning_rate * dw, b - learning_rate * db
        return w, b, costs

    hints = problems(check_training, train_rows)
    assert hints.startswith("  - not vectorised: train_rows") and hints.count("\n") == 0


# --- counting lines ----------------------------------------------------------------

def test_count_python_lines_grows_with_a_loop_only():
    def loop(a):
        total = 0.0
        for value in a:
            total += value
        return total

    assert count_python_lines(np.dot, np.ones(100), np.ones(100)) == 0
    assert count_python_lines(sigmoid, np.ones(1000)) == count_python_lines(sigmoid, np.ones(10))
    assert count_python_lines(loop, np.ones(100)) - count_python_lines(loop, np.ones(10)) >= 90


def test_count_python_lines_restores_tracer_and_gc_and_propagates_errors():
    before = sys.gettrace()

    def broken(z):
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        count_python_lines(broken, 1.0)
    assert sys.gettrace() is before
    assert gc.isenabled()  # paused during the count only


def test_an_answer_that_changes_its_arguments_does_not_fool_the_checker():
    def gradients_then_overwrite(X, T, w, b):
        result = gradients(X, T, w, b)
        X *= 0  # the checker passed copies: its own arrays stay as they were
        w *= 0
        return result

    check_gradients(gradients_then_overwrite)  # raises if the copies were not independent


# --- the sum form of 03 (the lectures' J) -------------------------------------------

def cross_entropy_sum(T, Y):
    Y = np.clip(Y, 1e-12, 1 - 1e-12)
    return -np.sum(T * np.log(Y) + (1 - T) * np.log(1 - Y))


def gradients_sum(X, T, w, b):
    Y = sigmoid(X @ w + b)
    return X.T @ (Y - T), np.sum(Y - T)


def train_sum(X, T, learning_rate, n_steps):
    w, b, costs = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_steps):
        costs.append(cross_entropy_sum(T, sigmoid(X @ w + b)))
        w, b = gradient_step(w, b, *gradients_sum(X, T, w, b), learning_rate)
    return w, b, costs


def test_the_sum_form_passes_and_the_mean_is_named_as_its_slip(capsys):
    check_cross_entropy(cross_entropy_sum, total="sum")
    check_gradients(gradients_sum, total="sum")
    check_training(train_sum, total="sum")
    assert capsys.readouterr().out.count("checks passed.") == 3
    assert "you averaged over the samples (the sum divided by N = 6)" in problems(
        check_cross_entropy, cross_entropy, "sum")
    assert "dw and db: it is N = 8 times too small: you averaged" in problems(
        check_gradients, gradients, "sum")
    assert "you followed the mean gradient X.T @ (Y - T) / N" in problems(
        check_training, train, "sum")
    # and the other way round: the sum where the mean belongs
    assert "you summed over the samples" in problems(check_cross_entropy, cross_entropy_sum)


def test_the_sum_form_names_the_other_slips_too():
    def gradients_sum_uphill(X, T, w, b):
        Y = sigmoid(X @ w + b)
        return X.T @ (T - Y), np.sum(T - Y)

    assert "the sign is flipped" in problems(check_gradients, gradients_sum_uphill, "sum")

    def train_mean_costs(X, T, learning_rate, n_steps):
        w, b, costs = train_sum(X, T, learning_rate, n_steps)
        return w, b, [c / len(X) for c in costs]

    assert "your costs are the mean cross-entropy" in problems(
        check_training, train_mean_costs, "sum")
    with pytest.raises(ValueError, match="total must be 'mean' or 'sum'"):
        check_gradients(gradients, total="average")


# --- stubs and garbage: "not written yet", never a traceback from inside a checker ------

def stub(*args):
    raise NotImplementedError("write it")


def two_stubs():
    return stub, stub


ALL_CHECKERS = [
    (check_sigmoid, 1), (check_predict_proba, 1), (check_cross_entropy, 1),
    (check_gradient_step, 1), (check_gradients, 1), (check_training, 1),
    (check_fit_line, 1), (check_linear_regression_step, 1), (check_dot_loop, 1),
    (check_predict_labels, 1), (check_coin_mle, 1), (check_penalty_gradients, 2),
    (check_training_l2, 1),
]


@pytest.mark.parametrize(("checker", "n_functions"), ALL_CHECKERS)
def test_a_stub_is_not_written_yet(checker, n_functions):
    message = failure(checker, *([stub] * n_functions))
    assert "not written yet" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("garbage", [
    lambda *args: None, lambda *args: "a string", lambda *args: np.ones((2, 3, 4)),
    lambda *args: (None, None), lambda *args: [1, 2, 3], lambda *args: (np.ones(2), "b", None),
])
@pytest.mark.parametrize(("checker", "n_functions"), ALL_CHECKERS)
def test_garbage_fails_with_a_message_not_a_traceback(checker, n_functions, garbage):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy may warn about the garbage; the checker must not raise
        message = failure(checker, *([garbage] * n_functions))
    assert "checks failed" in message


# --- 01: fit_line ------------------------------------------------------------------

def fit_line(x, y):
    x_mean, y_mean = x.mean(), y.mean()
    w = np.sum((x - x_mean) * (y - y_mean)) / np.sum((x - x_mean) ** 2)
    return w, y_mean - w * x_mean


def test_fit_line_right_answers_pass(capsys):
    check_fit_line(fit_line)
    check_fit_line(lambda x, y: tuple(np.polyfit(x, y, 1)))
    assert capsys.readouterr().out.count("fit_line: all") == 2


def test_fit_line_without_centring():
    def fit_line_raw(x, y):
        w = np.sum(x * y) / np.sum(x * x)
        return w, y.mean() - w * x.mean()

    assert "you forgot to subtract the means" in problems(check_fit_line, fit_line_raw)


def test_fit_line_intercept_sign_and_order():
    def fit_line_plus(x, y):
        w, _ = fit_line(x, y)
        return w, y.mean() + w * x.mean()

    assert problems(check_fit_line, fit_line_plus) == (
        "  - b = y_mean - w * x_mean: the sign before w * x_mean is a minus")
    assert "you returned (b, w)" in problems(check_fit_line, lambda x, y: fit_line(x, y)[::-1])


def test_fit_line_regressing_x_on_y():
    def fit_line_swapped(x, y):
        x_mean, y_mean = x.mean(), y.mean()
        w = np.sum((x - x_mean) * (y - y_mean)) / np.sum((y - y_mean) ** 2)
        return w, y_mean - w * x_mean

    assert "you divided by sum((y - y_mean) ** 2)" in problems(check_fit_line, fit_line_swapped)


# --- 01: one gradient-descent step of linear regression ----------------------------

def linear_regression_step(w, b, x, y, learning_rate):
    error = w * x + b - y
    return w - learning_rate * 2 * np.mean(error * x), b - learning_rate * 2 * np.mean(error)


def test_linear_regression_step_right_answer(capsys):
    check_linear_regression_step(linear_regression_step)
    assert capsys.readouterr().out == "linear_regression_step: all 4 checks passed.\n"


def test_linear_regression_step_without_the_2_and_uphill():
    def step_no_two(w, b, x, y, lr):
        error = w * x + b - y
        return w - lr * np.mean(error * x), b - lr * np.mean(error)

    hints = problems(check_linear_regression_step, step_no_two)
    assert "the new w: the derivative of (y_hat - y)^2 is 2 (y_hat - y)" in hints
    assert "the new b: the derivative" in hints

    def step_uphill(w, b, x, y, lr):
        error = y - (w * x + b)  # y - y_hat, then still subtracted: uphill
        return w - lr * 2 * np.mean(error * x), b - lr * 2 * np.mean(error)

    assert "w moved uphill" in problems(check_linear_regression_step, step_uphill)


def test_linear_regression_step_summed_and_sequential():
    def step_sum(w, b, x, y, lr):
        error = w * x + b - y
        return w - lr * 2 * np.sum(error * x), b - lr * 2 * np.sum(error)

    assert "N = 6 times too large" in problems(check_linear_regression_step, step_sum)

    def step_sequential(w, b, x, y, lr):
        w = w - lr * 2 * np.mean((w * x + b - y) * x)
        b = b - lr * 2 * np.mean(w * x + b - y)  # already the new w
        return w, b

    assert problems(check_linear_regression_step, step_sequential) == (
        "  - the new b: you computed b's gradient with the new w: compute both gradients at the "
        "old w and b, then update both")

    def step_without_x(w, b, x, y, lr):
        error = w * x + b - y
        return w - lr * 2 * np.mean(error), b - lr * 2 * np.mean(error)

    assert "dJ/dw has the factor x_n" in problems(check_linear_regression_step, step_without_x)


# --- 02: the dot product as a loop -------------------------------------------------

def dot_loop(u, v):
    total = 0.0
    for u_d, v_d in zip(u, v, strict=True):
        total += u_d * v_d
    return total


def test_dot_loop_right_answer_and_its_slips(capsys):
    check_dot_loop(dot_loop)
    assert capsys.readouterr().out == "dot_loop: all 3 checks passed.\n"

    def dot_return_inside(u, v):
        total = 0.0
        for u_d, v_d in zip(u, v, strict=True):
            total += u_d * v_d
            return total

    assert "is the `return` inside the loop?" in problems(check_dot_loop, dot_return_inside)

    def dot_replace(u, v):
        total = 0.0
        for u_d, v_d in zip(u, v, strict=True):
            total = u_d * v_d
        return total

    assert "`total += u_d * v_d` adds to it" in problems(check_dot_loop, dot_replace)
    assert "the element-wise product u * v" in problems(check_dot_loop, lambda u, v: u * v)


def test_dot_loop_without_a_loop_is_named():
    hints = problems(check_dot_loop, lambda u, v: u.dot(v))
    assert "no loop. This exercise is the loop itself" in hints


# --- 02: labels for every row ------------------------------------------------------

def predict_labels(X, w, b):
    return (sigmoid(X @ w + b) >= 0.5).astype(int)


def test_predict_labels_right_answers(capsys):
    check_predict_labels(predict_labels)
    check_predict_labels(lambda X, w, b: (X @ w + b >= 0).astype(int))
    assert capsys.readouterr().out.count("predict_labels: all 3 checks passed.") == 2


def test_predict_labels_slips():
    assert "np.round rounds 0.5 to the even number 0" in problems(
        check_predict_labels, lambda X, w, b: np.round(sigmoid(X @ w + b)))
    assert "those are the probabilities" in problems(
        check_predict_labels, lambda X, w, b: sigmoid(X @ w + b))
    assert "the wrong way round" in problems(
        check_predict_labels, lambda X, w, b: (sigmoid(X @ w + b) < 0.5).astype(int))
    assert "you compared the logit X @ w + b with 0.5" in problems(
        check_predict_labels, lambda X, w, b: (X @ w + b >= 0.5).astype(int))

    def labels_rows(X, w, b):
        return np.array([int(sigmoid(x @ w + b) >= 0.5) for x in X])

    assert "not vectorised: labels_rows" in problems(check_predict_labels, labels_rows)


# --- 03: the coin ------------------------------------------------------------------

def test_coin_mle_right_answers_and_slips(capsys):
    check_coin_mle(lambda flips: np.mean(flips))
    check_coin_mle(lambda flips: np.sum(flips) / len(flips))
    assert capsys.readouterr().out.count("coin_mle: all 3 checks passed.") == 2
    assert "that is the number of heads" in problems(check_coin_mle, lambda f: np.sum(f))
    assert "the fraction of tails" in problems(check_coin_mle, lambda f: 1 - np.mean(f))
    assert "`//` is integer division" in problems(check_coin_mle,
                                                  lambda f: int(np.sum(f)) // len(f))
    assert "Laplace's rule" in problems(check_coin_mle, lambda f: (np.sum(f) + 1) / (len(f) + 2))


# --- 03: the penalties' gradients --------------------------------------------------

def l1_gradient(w, l1):
    return l1 * np.sign(w)


def l2_gradient(w, l2):
    return l2 * w


def test_penalty_gradients_right_answer(capsys):
    check_penalty_gradients(l1_gradient, l2_gradient)
    assert capsys.readouterr().out == "penalty_gradients: all 6 checks passed.\n"


def test_penalty_gradients_slips():
    assert "whose 1/2 cancels the 2" in problems(
        check_penalty_gradients, l1_gradient, lambda w, l2: 2 * l2 * w)
    assert "that is L2's gradient, proportional to w" in problems(
        check_penalty_gradients, l2_gradient, l2_gradient)
    assert "not its derivative: l1 * sign(w)" in problems(
        check_penalty_gradients, lambda w, l1: l1 * np.abs(w), l2_gradient)

    def l1_by_division(w, l1):
        return l1 * w / np.abs(w)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the 0 / 0 warning stays inside the checker
        hints = problems(check_penalty_gradients, l1_by_division, l2_gradient)
    assert "w / |w| is nan at w = 0" in hints
    assert "use the l2 argument" in problems(
        check_penalty_gradients, l1_gradient, lambda w, l2: 0.3 * w)


# --- 04: a sigmoid that never overflows ----------------------------------------------

def stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def test_stable_sigmoid_passes_and_the_naive_one_is_named(capsys):
    check_sigmoid(stable_sigmoid, stable=True)
    assert capsys.readouterr().out == "stable_sigmoid: all 6 checks passed.\n"
    hints = problems(check_sigmoid, sigmoid, True)
    assert "raised FloatingPointError: overflow encountered in exp" in hints
    assert "e = np.exp(-np.abs(z))" in hints
    assert "stable_sigmoid is not written yet" in failure(check_sigmoid, stub, True)


# --- 04: L2 in the training loop -----------------------------------------------------

def train_l2(X, T, learning_rate, n_steps, l2):
    w, b, costs = np.zeros(X.shape[1]), 0.0, []
    for _ in range(n_steps):
        costs.append(cross_entropy(T, sigmoid(X @ w + b)) + l2 / 2 * w @ w)
        dw, db = gradients(X, T, w, b)
        w, b = gradient_step(w, b, dw + l2 * w, db, learning_rate)
    return w, b, costs


def test_training_l2_right_answer_and_slips(capsys):
    check_training_l2(train_l2)
    assert capsys.readouterr().out == "train_l2: all 5 checks passed.\n"

    def train_l2_variant(factor=1.0, on_bias=False, cost_penalty=True):
        def train_variant(X, T, learning_rate, n_steps, l2):
            w, b, costs = np.zeros(X.shape[1]), 0.0, []
            for _ in range(n_steps):
                costs.append(cross_entropy(T, sigmoid(X @ w + b))
                             + (l2 / 2 * w @ w if cost_penalty else 0.0))
                dw, db = gradients(X, T, w, b)
                w, b = gradient_step(w, b, dw + factor * l2 * w,
                                     db + (factor * l2 * b if on_bias else 0.0), learning_rate)
            return w, b, costs
        return train_variant

    assert "not 2 * l2 * w" in problems(check_training_l2, train_l2_variant(factor=2.0))
    assert "pushes the weights away from 0" in problems(check_training_l2,
                                                        train_l2_variant(factor=-1.0))
    assert "the bias is penalised too" in problems(check_training_l2,
                                                   train_l2_variant(on_bias=True))
    assert "no penalty" in problems(check_training_l2, train_l2_variant(factor=0.0))
    assert problems(check_training_l2, train_l2_variant(cost_penalty=False)) == (
        "  - your costs leave the penalty out: record J + (l2 / 2) * sum(w ** 2), the cost whose "
        "gradient you follow")
    assert "train_l2 is not written yet" in failure(check_training_l2, stub)
