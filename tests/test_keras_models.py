"""The Keras builders make the same models as course_utils.models, and fit_full_batch trains them.

"The same" is checked where it can fail: with the very same weights, a Keras
model's loss equals the NumPy model's cost J (penalties included), and one Keras
training step moves every weight exactly as one NumPy gradient step does.
"""


import numpy as np
import pytest

from course_utils.baselines import ECOMMERCE_MODELS, ecommerce_model
from course_utils.data import load_ecommerce, prepare_ecommerce
from course_utils.datasets import make_clouds
from course_utils.keras_models import (STEPS_PER_EXECUTION, ClassifierView, ecommerce_keras_model,
                                       fit_full_batch, logistic_regression, mlp, softmax_regression)
from course_utils.models import MLP, LogisticRegression, SoftmaxRegression
from course_utils.tensorflow_setup import setup_tensorflow

tf, keras = setup_tensorflow(seed=0)


@pytest.fixture
def float64():
    """Keras in float64 for this test, so that it can match NumPy to many digits.

    Both settings: the losses follow floatx, the layers the global dtype policy,
    which Keras derives from floatx only once, at the first layer it builds.
    """
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    yield
    keras.config.set_floatx("float32")
    keras.config.set_dtype_policy("float32")


@pytest.fixture(autouse=True)
def seeded():
    keras.utils.set_random_seed(0)


def clouds(binary=False):
    X, y = make_clouds(n_per_class=20, seed=3)
    return X, ((y > 0).astype(int) if binary else y)


# (NumPy model, Keras builder, binary task?) with every penalty switched on.
TWINS = {
    "logistic": (lambda: LogisticRegression(learning_rate=0.3, l1=0.02, l2=0.1, n_epochs=3),
                 lambda: logistic_regression(2, learning_rate=0.3, l1=0.02, l2=0.1), True),
    "softmax": (lambda: SoftmaxRegression(learning_rate=0.3, l1=0.02, l2=0.1, n_epochs=3),
                lambda: softmax_regression(2, 3, learning_rate=0.3, l1=0.02, l2=0.1), False),
    "mlp": (lambda: MLP((4, 3), activation="relu", learning_rate=0.3, l1=0.02, l2=0.1, n_epochs=3),
            lambda: mlp(2, 3, (4, 3), "relu", learning_rate=0.3, l1=0.02, l2=0.1), False),
    "mlp-sigmoid": (lambda: MLP((5,), activation="sigmoid", learning_rate=0.3, n_epochs=3),
                    lambda: mlp(2, 3, (5,), "sigmoid", learning_rate=0.3), False),
}


def twins(name):
    """A fitted NumPy model and a Keras model holding the very same weights."""
    make_numpy, make_keras, binary = TWINS[name]
    X, y = clouds(binary)
    numpy_model = make_numpy().fit(X, y)
    keras_model = make_keras()
    params = list(numpy_model.parameters().values())
    if binary:  # w_ (D,) and b_ () become a (D, 1) kernel and a (1,) bias
        params = [params[0].reshape(-1, 1), params[1].reshape(1)]
    keras_model.set_weights(params)
    return numpy_model, keras_model, X, y


def keras_loss(model, X, y):
    data = tf.data.Dataset.from_tensors((X, y))
    return model.evaluate(data, verbose=0, return_dict=True)["loss"]


# --- the same model -----------------------------------------------------------------

@pytest.mark.parametrize("name", TWINS)
def test_keras_loss_is_the_course_cost_with_the_same_weights(name, float64):
    numpy_model, keras_model, X, y = twins(name)
    # Keras rounds a regularizer's factor to float32 (about 1e-8 relative).
    assert keras_loss(keras_model, X, y) == pytest.approx(numpy_model.cost(X, y), rel=1e-7)


@pytest.mark.parametrize("name", TWINS)
def test_one_keras_step_is_one_gradient_descent_step(name, float64):
    numpy_model, keras_model, X, y = twins(name)
    grads = numpy_model.gradients(X, y)
    expected = [p - numpy_model.learning_rate * grads[key]
                for key, p in numpy_model.parameters().items()]
    keras_model.train_on_batch(X, y)
    for got, want in zip(keras_model.get_weights(), expected, strict=True):
        np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-7, atol=1e-10)


def test_the_penalty_is_halved_for_keras_and_spares_the_biases():
    model = mlp(3, 2, (4,), l2=0.5)
    for layer in model.layers:
        assert layer.kernel_regularizer.l2 == pytest.approx(0.25)
        assert layer.bias_regularizer is None
    assert all(layer.kernel_regularizer is None for layer in mlp(3, 2, (4,)).layers)


def test_layers_activations_and_outputs():
    model = mlp(8, 4, (6, 5), "relu")
    assert [(layer.units, layer.activation.__name__) for layer in model.layers] == [
        (6, "relu"), (5, "relu"), (4, "softmax")]
    assert [(layer.units, layer.activation.__name__) for layer in logistic_regression(8).layers] == [
        (1, "sigmoid")]
    assert softmax_regression(8, 4).count_params() == 8 * 4 + 4
    P = np.asarray(model(np.ones((7, 8), dtype=np.float32)))
    assert P.shape == (7, 4) and np.allclose(P.sum(axis=1), 1, atol=1e-6)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert float(model.optimizer.momentum) == 0.0
    assert model.steps_per_execution == STEPS_PER_EXECUTION


@pytest.mark.parametrize(("activation", "variance"), [("tanh", 1 / 400), ("relu", 2 / 400)])
def test_initial_weights_are_drawn_like_the_numpy_models(activation, variance):
    weights = mlp(400, 2, (300,), activation).get_weights()
    kernel, bias = weights[0], weights[1]
    assert kernel.var() == pytest.approx(variance, rel=0.03)
    assert np.abs(kernel).max() > 3 * np.sqrt(variance)  # normal, not truncated at 2 sigma
    assert not bias.any()


@pytest.mark.parametrize(("call", "message"), [
    (lambda: mlp(2, 3, (5,), "softplus"), "activation must be 'sigmoid', 'tanh' or 'relu'"),
    (lambda: mlp(2, 3, (5, 0)), "hidden_layer_sizes must be whole numbers >= 1"),
    (lambda: mlp(2, 3, ()), "hidden_layer_sizes must be whole numbers >= 1"),
    (lambda: softmax_regression(2, 3, l2=-1.0), "l2 must be a number >= 0"),
    (lambda: logistic_regression(2, learning_rate=0), "learning_rate must be a positive number"),
])
def test_builders_reject_bad_hyperparameters(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- the kept configurations --------------------------------------------------------

def test_ecommerce_twins_use_the_kept_hyperparameters():
    for name, (_, params) in ECOMMERCE_MODELS.items():
        model = ecommerce_keras_model(name)
        assert float(model.optimizer.learning_rate) == pytest.approx(params["learning_rate"])
        n_numpy = sum(p.size for p in ecommerce_model(name).fit(
            np.eye(8), [0, 1, 2, 3, 0, 1, 2, 3] if name != "logistic" else [0, 1] * 4
        ).parameters().values())
        assert model.count_params() == n_numpy
    hidden = ecommerce_keras_model("mlp").layers[0]
    assert hidden.units == ECOMMERCE_MODELS["mlp"][1]["hidden_layer_sizes"][0]
    assert hidden.kernel_regularizer.l2 == pytest.approx(ECOMMERCE_MODELS["mlp"][1]["l2"] / 2)


def test_ecommerce_twin_overrides_and_errors():
    model = ecommerce_keras_model("mlp", hidden_layer_sizes=(3,), l2=0.0, n_features=5, n_classes=2)
    assert [layer.units for layer in model.layers] == [3, 2]
    assert model.layers[0].kernel_regularizer is None
    with pytest.raises(ValueError, match=r"one of \['logistic', 'mlp', 'softmax'\]; got 'cnn'"):
        ecommerce_keras_model("cnn")
    with pytest.raises(ValueError, match="cannot set n_epochs, seed"):
        ecommerce_keras_model("softmax", seed=3, n_epochs=10)


# --- training -----------------------------------------------------------------------

def test_fit_full_batch_runs_exactly_the_steps_asked_for():
    X, y = clouds()
    model = mlp(2, 3, (4,), learning_rate=0.5)
    history = fit_full_batch(model, None, X, y, n_steps=150, steps_per_epoch=50,
                             validation_data=(X[:10], y[:10]))
    # STEPS_PER_EXECUTION (100) does not divide 50: an endless dataset would run 200 steps.
    assert int(model.optimizer.iterations.numpy()) == 150
    assert len(history.history["loss"]) == len(history.history["val_loss"]) == 3
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_fit_full_batch_takes_the_number_of_steps_from_the_configuration():
    data = prepare_ecommerce(load_ecommerce(), binary=True)
    model = ecommerce_keras_model("logistic")
    history = fit_full_batch(model, "logistic", data.X_train, data.y_train)
    assert int(model.optimizer.iterations.numpy()) == ECOMMERCE_MODELS["logistic"][1]["n_epochs"]
    assert len(history.history["loss"]) == ECOMMERCE_MODELS["logistic"][1]["n_epochs"] // 100


def test_fit_full_batch_history_is_the_mean_cost_of_each_epoch(float64):
    numpy_model, keras_model, X, y = twins("mlp")
    keras_model.compile(optimizer=keras.optimizers.SGD(0.3), loss="sparse_categorical_crossentropy")
    costs = []
    for _ in range(40):  # the NumPy loop that fit runs, on the same weights
        costs.append(numpy_model.cost(X, y))
        grads = numpy_model.gradients(X, y)
        for key, param in numpy_model.parameters().items():
            param -= 0.3 * grads[key]
    history = fit_full_batch(keras_model, None, X, y, n_steps=40, steps_per_epoch=10)
    np.testing.assert_allclose(history.history["loss"], np.reshape(costs, (4, 10)).mean(axis=1),
                               rtol=1e-6)


def test_fit_full_batch_is_reproducible_with_the_same_seed():
    X, y = clouds()
    losses = []
    for _ in range(2):
        keras.utils.set_random_seed(7)
        model = mlp(2, 3, (4,))
        losses.append(fit_full_batch(model, None, X, y, n_steps=100).history["loss"])
    assert losses[0] == losses[1]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_steps": 150, "steps_per_epoch": 100}, r"n_steps \(150\) must be a whole multiple"),
    ({"n_steps": 0}, "must be a whole multiple"),
    ({}, "give the configuration's name or n_steps"),
])
def test_fit_full_batch_rejects_bad_step_counts(kwargs, message):
    X, y = clouds()
    with pytest.raises(ValueError, match=message):
        fit_full_batch(mlp(2, 3), None, X, y, **kwargs)


def test_fit_full_batch_checks_the_labels():
    X, y = clouds()
    with pytest.raises(ValueError, match=r"y must be integer labels of shape \(60,\)"):
        fit_full_batch(mlp(2, 3), None, X, y[:-1], n_steps=100)


def test_kept_keras_models_learn_the_project_data():
    data = prepare_ecommerce(load_ecommerce())
    model = ecommerce_keras_model("mlp")
    fit_full_batch(model, None, data.X_train, data.y_train, n_steps=1500)
    assert ClassifierView(model).score(data.X_test, data.y_test) > 0.85


# --- the view -----------------------------------------------------------------------

def test_view_gives_labels_for_one_sigmoid_output_and_for_softmax():
    X, y = clouds(binary=True)
    binary = ClassifierView(logistic_regression(2))
    assert binary.predict_proba(X).shape == (60,)
    np.testing.assert_array_equal(binary.predict(X), (binary.predict_proba(X) >= 0.5).astype(int))
    multi = ClassifierView(softmax_regression(2, 3))
    P = multi.predict_proba(X)
    assert P.shape == (60, 3)
    np.testing.assert_array_equal(multi.predict(X), P.argmax(axis=1))
    assert multi.score(X, P.argmax(axis=1)) == 1.0
    assert repr(multi).startswith("ClassifierView(")


def test_view_follows_the_model_as_it_trains_and_draws_a_decision_boundary():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils.plots import plot_decision_boundary

    X, y = clouds()
    model = mlp(2, 3, (5,), learning_rate=0.5)
    view = ClassifierView(model)
    before = view.score(X, y)
    fit_full_batch(model, None, X, y, n_steps=300)
    assert view.score(X, y) > max(before, 0.9)
    ax = plot_decision_boundary(view, X, y, resolution=30)
    assert len(ax.collections) >= 2  # the filled regions and the points
    plt.close(ax.figure)


