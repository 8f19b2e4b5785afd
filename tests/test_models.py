"""The NumPy models: gradients right, learning works, input errors speak plainly."""

import warnings

import numpy as np
import pytest

from course_utils.datasets import make_blobs, make_clouds, make_donut, make_spirals, make_xor
from course_utils.gradcheck import check_model_gradients, numerical_gradient, rel_error
from course_utils.models import EXPLODED, MLP, DivergenceError, LogisticRegression, SoftmaxRegression


@pytest.fixture
def small_problem():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((15, 3))
    return X, (X[:, 0] > 0).astype(int), rng.permutation(np.arange(15) % 4)  # every class present


MODELS = [
    pytest.param(lambda **kw: LogisticRegression(**kw), "binary", id="logistic"),
    pytest.param(lambda **kw: SoftmaxRegression(**kw), "multi", id="softmax"),
] + [
    pytest.param(lambda a=a, **kw: MLP(hidden_layer_sizes=(4, 3), activation=a, **kw), "multi",
                 id=f"mlp-{a}")
    for a in ("sigmoid", "tanh", "relu")
]


@pytest.mark.parametrize("penalty", [{}, {"l2": 0.3}, {"l1": 0.2, "l2": 0.1}], ids=["plain", "l2", "l1+l2"])
@pytest.mark.parametrize(("make", "task"), MODELS)
def test_analytic_gradients_match_numerical(make, task, penalty, small_problem):
    X, y_binary, y_multi = small_problem
    y = y_binary if task == "binary" else y_multi
    model = make(n_epochs=5, **penalty).fit(X, y)  # a few steps: weights away from init
    errors = check_model_gradients(model, X, y)
    assert set(errors) == set(model.parameters())
    assert max(errors.values()) < 1e-6, errors


def test_a_wrong_gradient_is_caught(small_problem):
    X, y, _ = small_problem
    model = LogisticRegression(n_epochs=3).fit(X, y)
    numeric = numerical_gradient(lambda: model.cost(X, y), model.w_)
    assert rel_error(model.gradients(X, y)["w_"], numeric) < 1e-6
    assert rel_error(2 * model.gradients(X, y)["w_"], numeric) > 0.1  # factor of 2 forgotten


def test_numerical_gradient_restores_x_and_is_correct():
    x = np.array([1.0, -2.0, 3.0])
    before = x.copy()
    grad = numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, 3 * before ** 2, rtol=1e-8)


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="float NumPy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_logistic_regression_separates_blobs():
    X, y = make_blobs(200, seed=3)
    model = LogisticRegression(learning_rate=0.5, n_epochs=300).fit(X, y)
    assert model.score(X, y) > 0.95
    assert model.cost_history_[-1] < model.cost_history_[0] / 3
    assert model.w_.shape == (2,) and model.b_.shape == ()


def test_l2_keeps_weights_finite_on_separable_data():
    X, y = make_blobs(100, distance=8, noise=0.5, seed=0)

    def norm_after(n_epochs, l2):
        return np.linalg.norm(LogisticRegression(learning_rate=1.0, n_epochs=n_epochs, l2=l2).fit(X, y).w_)

    # Without a penalty |w| keeps growing (slowly: the cost only approaches 0);
    # with L2 it settles.
    assert norm_after(500, 0) + 0.3 < norm_after(2000, 0) < norm_after(4000, 0)
    assert abs(norm_after(4000, 0.1) - norm_after(500, 0.1)) < 1e-3


def test_l1_zeroes_noise_features():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 10))
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    model = LogisticRegression(learning_rate=0.1, n_epochs=2000, l1=0.05).fit(X, y)
    assert np.all(np.abs(model.w_[2:]) < 0.02)
    assert np.all(np.abs(model.w_[:2]) > 0.3)


def test_softmax_regression_on_three_clouds():
    X, y = make_clouds(100, seed=0)
    model = SoftmaxRegression(learning_rate=0.5, n_epochs=300).fit(X, y)
    assert model.score(X, y) > 0.9
    P = model.predict_proba(X)
    assert P.shape == (300, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1)


@pytest.mark.parametrize(("make_data", "activation", "minimum"), [
    (make_xor, "tanh", 0.95),
    (make_donut, "relu", 0.95),
    (make_spirals, "tanh", 0.9),
])
def test_mlp_learns_what_a_line_cannot(make_data, activation, minimum):
    X, y = make_data(seed=2)
    line = LogisticRegression(learning_rate=0.5, n_epochs=300).fit(X, y)
    net = MLP((16,), activation=activation, learning_rate=0.5, n_epochs=3000).fit(X, y)
    assert line.score(X, y) < 0.75
    assert net.score(X, y) > minimum


def test_minibatch_training_and_validation_history():
    X, y = make_clouds(60, seed=1)
    model = MLP((6,), learning_rate=0.2, n_epochs=40, batch_size=32)
    model.fit(X[:150], y[:150], X_val=X[150:], y_val=y[150:])
    assert len(model.cost_history_) == len(model.val_cost_history_) == 40
    assert model.val_cost_history_[-1] < model.val_cost_history_[0]
    assert model.score(X[150:], y[150:]) > 0.85


def test_same_seed_same_model_and_deeper_nets():
    X, y = make_clouds(30, seed=4)
    a = MLP((5, 4), n_epochs=20, batch_size=16, seed=7).fit(X, y)
    b = MLP((5, 4), n_epochs=20, batch_size=16, seed=7).fit(X, y)
    assert [W.shape for W in a.W_] == [(2, 5), (5, 4), (4, 3)]
    for Wa, Wb in zip(a.W_, b.W_):
        np.testing.assert_array_equal(Wa, Wb)
    assert [H.shape for H in a.hidden_activations(X)] == [(90, 5), (90, 4)]


def test_float32_training_stays_float32():
    X, y = make_clouds(30, seed=0)
    model = MLP((5,), n_epochs=10, dtype=np.float32).fit(X, y)
    assert all(W.dtype == np.float32 for W in model.W_)
    assert model.predict_proba(X).dtype == np.float32


def test_callback_sees_every_epoch_and_can_stop():
    X, y = make_xor(50, seed=0)
    seen = []
    MLP((4,), n_epochs=100).fit(X, y, callback=lambda model, epoch: seen.append(epoch) or epoch == 9)
    assert seen == list(range(10))


@pytest.mark.parametrize(("call", "message"), [
    (lambda m, X, y: m.fit(X[:, 0], y),
     r"X must be 2-D, shape \(N, D\); got shape \(20,\) \(one feature\? use X.reshape"),
    (lambda m, X, y: m.fit(X, y[:-1]), r"y must have shape \(20,\) to match X; got \(19,\)"),
    (lambda m, X, y: m.fit(X, np.eye(3)[y % 3]), "not one-hot"),
    (lambda m, X, y: m.fit(np.where(X > 1, np.nan, X), y),
     r"X has a NaN or infinite value at row \d+, column \d+"),
    (lambda m, X, y: m.fit(X, y - 1), "y has a negative label"),
    (lambda m, X, y: m.fit(X, y * 0.5), "integer class labels"),
    (lambda m, X, y: m.predict(X), "not fitted yet: call fit"),
    (lambda m, X, y: m.fit(X, y).predict(X[:, :2]), "X has 2 columns but the model was fitted on 3 features"),
    (lambda m, X, y: m.fit([["a", "b", "c"]] * 20, y), "X must be a numeric array"),
])
def test_bad_input_gets_a_clear_message(call, message, small_problem):
    X, y, _ = small_problem
    X, y = np.vstack([X, X[:5]]), np.concatenate([y, y[:5]])
    with pytest.raises((ValueError, RuntimeError), match=message):
        call(MLP((3,), n_epochs=2), X, y)


def test_logistic_regression_rejects_more_than_two_classes(small_problem):
    X, _, y_multi = small_problem
    with pytest.raises(ValueError, match="needs labels 0 and 1; y has label 3"):
        LogisticRegression().fit(X, y_multi)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"learning_rate": 0}, "learning_rate must be a positive number"),
    ({"n_epochs": 2.5}, "n_epochs must be a whole number"),
    ({"batch_size": 0}, "batch_size must be None"),
    ({"l2": -1}, "l2 must be a number >= 0"),
    ({"activation": "softplus"}, "activation must be one of"),
    ({"hidden_layer_sizes": (5, 0)}, "hidden_layer_sizes must be whole numbers >= 1"),
])
def test_bad_hyperparameters_are_named(kwargs, message, small_problem):
    X, y, _ = small_problem
    with pytest.raises(ValueError, match=message):
        MLP(**kwargs).fit(X, y)


def test_mlp_from_weights_uses_exactly_those_weights():
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((2, 3)), rng.standard_normal((3, 4))]
    b = [rng.standard_normal(3), rng.standard_normal(4)]
    X = rng.standard_normal((6, 2))
    model = MLP.from_weights(W, b, activation="relu")
    expected = np.exp(np.maximum(X @ W[0] + b[0], 0) @ W[1] + b[1])
    np.testing.assert_allclose(model.predict_proba(X), expected / expected.sum(axis=1, keepdims=True))
    assert model.hidden_layer_sizes == (3,) and model.n_features_in_ == 2
    model.W_[0][0, 0] += 1
    assert W[0][0, 0] != model.W_[0][0, 0]  # the caller's arrays were copied
    assert max(check_model_gradients(model, X, rng.integers(0, 4, 6)).values()) < 1e-6


def test_mlp_from_weights_rejects_layers_that_do_not_connect():
    with pytest.raises(ValueError, match="W\\[1\\] has 5 rows but layer 1 has 3 units"):
        MLP.from_weights([np.zeros((2, 3)), np.zeros((5, 4))], [np.zeros(3), np.zeros(4)])


# --- forward and backward, as notebook 09 derives them ------------------------------------------

def test_forward_and_backward_are_the_gradients_without_penalty():
    X, y = make_clouds(20, seed=3)
    model = MLP((4, 3), activation="tanh", n_epochs=3).fit(X, y)
    P, H = model.forward(X)
    assert H[0] is X and [h.shape for h in H] == [(60, 2), (60, 4), (60, 3)]
    np.testing.assert_array_equal(P, model.predict_proba(X))
    T = np.eye(3)[y]
    grads = model.backward(P, T, H)
    expected = model.gradients(X, y)
    assert set(grads) == set(expected)
    for name in grads:
        np.testing.assert_allclose(grads[name], expected[name], rtol=1e-12, atol=0)


# --- divergence: a clear error, not NaN -----------------------------------------------------------

def test_a_cost_that_becomes_nan_stops_training_at_that_epoch():
    X, y = make_clouds(20, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy overflow warning: the error says it
        with pytest.raises(DivergenceError, match=r"MLP.fit diverged at epoch 2 of 50: the training "
                                                  r"cost is (nan|inf)\. Likely causes: the learning rate "
                                                  r"\(0.1\) is too high.*the inputs are not scaled") as info:
            MLP((4,), activation="relu", n_epochs=50).fit(X * 1e300, y)
    assert "cost_history_" in str(info.value)


def test_an_exploding_cost_stops_training_and_keeps_the_costs():
    X, y = make_blobs(100, seed=0)
    model = LogisticRegression(learning_rate=1.0, l2=5.0, n_epochs=200)
    with pytest.raises(DivergenceError, match=r"diverged at epoch \d+ of 200: the training cost exploded "
                                              r"to .* \(it was 0\.\d+ at epoch 1\).*learning_rate \* l2 = 5"):
        model.fit(X, y)
    assert 1 < len(model.cost_history_) < 200
    assert model.cost_history_[-1] > 1000 * model.cost_history_[0]


def test_unscaled_inputs_are_named_as_a_likely_cause():
    X, y = make_donut(200, seed=0)
    with pytest.raises(DivergenceError, match=r"largest \|value\| in X is 2\.\d+e\+03\): standardise"):
        LogisticRegression(learning_rate=0.5, n_epochs=100).fit(X * 1e3, y)


def test_weights_that_overflow_in_the_last_step_are_caught():
    X, y = make_blobs(40, seed=1)
    with pytest.raises(DivergenceError, match="epoch 1 of 1: the weights overflowed"):
        LogisticRegression(learning_rate=1e300, n_epochs=1).fit(X * 1e10, y)


def test_a_high_but_bounded_learning_rate_is_not_divergence():
    # notebook 11 shows such a run: the cost jumps around but stays far below EXPLODED times its start
    X, y = make_clouds(30, seed=0)
    model = MLP((5,), learning_rate=8.0, n_epochs=300).fit(X, y)
    assert max(model.cost_history_) < EXPLODED * model.cost_history_[0]


# --- degenerate labels and odd types ---------------------------------------------------------------

@pytest.mark.parametrize("make", [LogisticRegression, SoftmaxRegression, MLP])
def test_one_class_is_not_enough(make):
    X, _ = make_blobs(20, seed=0)
    with pytest.raises(ValueError, match=r"y has only one class \(1\): a classifier needs examples of "
                                         r"at least two classes"):
        make(n_epochs=2).fit(X, np.ones(20, dtype=int))


def test_a_missing_class_between_labels_is_an_error_unless_n_classes_says_so():
    X, _ = make_blobs(20, seed=0)
    y = np.arange(20) % 2 * 2  # labels 0 and 2, no 1
    with pytest.raises(ValueError, match=r"y has labels 0, 2 but no 1: .*pass n_classes=3"):
        MLP((3,), n_epochs=2).fit(X, y)
    assert MLP((3,), n_epochs=2, n_classes=3).fit(X, y).predict_proba(X).shape == (20, 3)
    with pytest.raises(ValueError, match=r"y has label 2 but n_classes=2"):
        SoftmaxRegression(n_epochs=2, n_classes=2).fit(X, y)


def test_string_labels_get_a_type_error_naming_y():
    X, _ = make_blobs(4, seed=0)
    with pytest.raises(TypeError, match=r"y must hold integer class labels .*got 'cat' at position 0"):
        SoftmaxRegression(n_epochs=2).fit(X, ["cat", "dog", "cat", "dog"])


@pytest.mark.parametrize("value", [np.float32(0.1), np.float64(0.1), np.int64(1), 1])
def test_numpy_scalars_are_numbers(value, small_problem):
    X, y, _ = small_problem
    assert MLP((3,), learning_rate=value, n_epochs=np.int32(2), batch_size=np.int64(8),
               l2=np.float32(0.01)).fit(X, y).cost_history_


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"learning_rate": True}, r"learning_rate must be a positive number; got True \(a bool\)"),
    ({"learning_rate": "0.1"}, r"learning_rate must be a positive number; got '0.1' \(a str\)"),
    ({"learning_rate": float("inf")}, r"learning_rate must be a positive number; got inf"),
    ({"learning_rate": float("nan")}, r"learning_rate must be a positive number; got nan"),
    ({"n_epochs": False}, r"n_epochs must be a whole number >= 1; got False"),
    ({"l2": None}, r"l2 must be a number >= 0; got None"),
    ({"hidden_layer_sizes": "5"}, r"hidden_layer_sizes must be whole numbers >= 1.*got '5'"),
    ({"hidden_layer_sizes": ("a",)}, r"hidden_layer_sizes must be whole numbers >= 1.*got \('a',\)"),
    ({"hidden_layer_sizes": (True,)}, r"hidden_layer_sizes must be whole numbers >= 1"),
])
def test_wrong_types_are_named_and_are_both_type_and_value_errors(kwargs, message, small_problem):
    X, y, _ = small_problem
    for error in (TypeError, ValueError):
        with pytest.raises(error, match=message):
            MLP(**kwargs).fit(X, y)


def test_none_as_X_is_named():
    with pytest.raises(ValueError, match=r"X must be a numeric array of shape \(N, D\); got None"):
        MLP().fit(None, [0, 1])
