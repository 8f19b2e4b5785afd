"""The checkers of notebooks 12-13 pass right answers and name the typical TensorFlow and Keras slips."""

import numpy as np
import pytest

from checker_helpers import failure as problems
from course_utils.checkers import NotWrittenYet
from course_utils.checkers.tensorflow import (
    check_compiled_training,
    check_keras_network,
    check_keras_softmax,
    check_tape_gradients,
    check_train_step,
)
from course_utils.tensorflow_setup import setup_tensorflow

tf, keras = setup_tensorflow(seed=0)



# --- check_tape_gradients (12) ---------------------------------------------------------

def tape_gradients(X, T, W1, b1, W2, b2, make=tf.Variable, hidden=tf.nn.relu,
                   reduce=tf.reduce_mean, softmax_first=False, dtype=None):
    """A right answer, or one with a slip switched on."""
    if dtype is not None:
        X, T, W1, b1, W2, b2 = (a.astype(dtype) for a in (X, T, W1, b1, W2, b2))
    weights = [make(w) for w in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        logits = hidden(X @ weights[0] + weights[1]) @ weights[2] + weights[3]
        if softmax_first:
            logits = tf.nn.softmax(logits)
        J = reduce(tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=logits))
    return tuple(tape.gradient(J, weights))


def with_slip(**slip):
    return lambda *args: tape_gradients(*args, **slip)


def test_tape_gradients_passes_right_answers(capsys):
    check_tape_gradients(tape_gradients)
    check_tape_gradients(lambda *args: [g.numpy() for g in tape_gradients(*args)])  # arrays, a list
    assert capsys.readouterr().out == "tape gradients: all 8 checks passed.\n" * 2


@pytest.mark.parametrize(("slip", "hint"), [
    ({"make": tf.constant}, "dW1, db1, dW2, db2 are None: the tape only follows tf.Variable"),
    ({"reduce": tf.reduce_sum}, "your cost is a sum over the samples: take the mean"),
    ({"softmax_first": True}, "softmax_cross_entropy_with_logits applies softmax itself"),
    ({"hidden": tf.tanh}, "your hidden layer uses tanh; this exercise asks for relu"),
    ({"hidden": tf.sigmoid}, "your hidden layer uses sigmoid"),
    ({"hidden": tf.identity}, "your hidden layer has no activation"),
    ({"dtype": np.float32}, "agree only to about 6 digits: that is float32"),
])
def test_tape_gradients_names_the_slip(slip, hint):
    assert hint in problems(check_tape_gradients, with_slip(**slip))


def test_tape_gradients_one_missing_variable_and_wrong_returns():
    def b2_constant(X, T, W1, b1, W2, b2):
        weights = [tf.Variable(W1), tf.Variable(b1), tf.Variable(W2), tf.constant(b2)]
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(X @ weights[0] + weights[1]) @ weights[2] + weights[3]
            J = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=logits))
        return tuple(tape.gradient(J, weights))

    message = problems(check_tape_gradients, b2_constant)
    assert "db2 is None" in message and "dW1" not in message.split("db2 is None")[0]
    assert "return the four gradients as a tuple" in problems(
        check_tape_gradients, lambda *args: tape_gradients(*args)[:3])
    assert "raised ZeroDivisionError" in problems(check_tape_gradients, lambda *args: 1 / 0)


def test_tape_gradients_wrong_sign_and_swapped_shapes():
    negated = problems(check_tape_gradients, lambda *args: tuple(-g for g in tape_gradients(*args)))
    assert "dW1 has the wrong sign" in negated and "db2 has the wrong sign" in negated
    swapped = problems(check_tape_gradients,
                       lambda *args: (lambda g: (tf.transpose(g[0]), g[1], g[2], g[3]))(
                           tape_gradients(*args)))
    assert "dW1 should have shape (3, 4), got (4, 3)" in swapped


# --- check_keras_softmax (13) -----------------------------------------------------------

def build(n_features, n_classes, learning_rate, l2, *, penalty=lambda l2: l2 / 2, bias_penalty=False,
          activation="softmax", loss="sparse_categorical_crossentropy", optimizer=None,
          hidden=None, compile_it=True):
    """A right answer, or one with a slip switched on."""
    regularizer = keras.regularizers.L2(penalty(l2)) if penalty(l2) else None
    layers = [keras.Input(shape=(n_features,))]
    if hidden:
        layers.append(keras.layers.Dense(hidden, activation="tanh"))
    layers.append(keras.layers.Dense(
        n_classes, activation=activation, kernel_regularizer=regularizer,
        bias_regularizer=keras.regularizers.L2(penalty(l2)) if bias_penalty else None))
    model = keras.Sequential(layers)
    if compile_it:
        model.compile(optimizer=optimizer or keras.optimizers.SGD(learning_rate), loss=loss)
    return model


def build_with(**slip):
    return lambda *args: build(*args, **slip)


def test_keras_softmax_passes_a_right_answer(capsys):
    check_keras_softmax(build)
    assert capsys.readouterr().out == "keras softmax regression: all 7 checks passed.\n"


@pytest.mark.parametrize(("slip", "hint"), [
    ({"penalty": lambda l2: 0.0}, "your loss has no penalty"),
    ({"penalty": lambda l2: l2}, "your penalty is twice the course's: keras.regularizers.L2(c) adds"),
    ({"bias_penalty": True}, "your model penalises the bias too"),
    ({"activation": None}, "give the Dense layer activation='softmax'"),
    ({"loss": "categorical_crossentropy"},
     "compile with loss='sparse_categorical_crossentropy' (categorical_crossentropy expects one-hot"),
    ({"loss": "mse"}, "raised ValueError"),
    ({"loss": keras.losses.SparseCategoricalCrossentropy(reduction="sum")},
     "your loss sums the cross-entropy over the samples"),
    ({"loss": lambda y, P: keras.ops.mean(1 - keras.ops.max(P, axis=1))},  # a home-made loss
     "use loss='sparse_categorical_crossentropy' on the softmax outputs"),
    ({"optimizer": "adam"}, "plain gradient descent: keras.optimizers.SGD(learning_rate), not Adam"),
    ({"optimizer": keras.optimizers.SGD(0.2, momentum=0.9)}, "use SGD without momentum"),
    ({"optimizer": keras.optimizers.SGD(0.01)}, "the optimizer's learning rate is 0.01; pass"),
    ({"hidden": 5}, "softmax regression has one Dense layer"),
    ({"compile_it": False}, "the model is not compiled: call model.compile"),
])
def test_keras_softmax_names_the_slip(slip, hint):
    assert hint in problems(check_keras_softmax, build_with(**slip))


def test_keras_softmax_needs_a_model():
    assert "should return a Keras model" in problems(check_keras_softmax, lambda *args: "model")
    assert "raised TypeError" in problems(check_keras_softmax, lambda n_features: None)


def test_keras_softmax_finds_each_slip_alone():
    # One slip gives one problem: the other checks still pass.
    assert "1 of 7 checks failed" in problems(check_keras_softmax, build_with(penalty=lambda l2: l2))


# --- check_train_step and check_compiled_training (12) ------------------------------------

def mlp_cost(X, T, W1, b1, W2, b2):
    """The cost of notebook 12's tanh network, as the notebook defines it."""
    logits = tf.tanh(X @ W1 + b1) @ W2 + b2
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=logits))


def train_step(X, T, weights, learning_rate, *, update="assign_sub", rate=True, after=False):
    """A right answer, or one with a slip switched on."""
    with tf.GradientTape() as tape:
        J = mlp_cost(X, T, *weights)
    for i, (w, grad) in enumerate(zip(weights, tape.gradient(J, weights))):
        step = (learning_rate if rate else 1.0) * grad
        if update == "assign_sub":
            w.assign_sub(step)
        elif update == "assign_add":
            w.assign_add(step)
        elif update == "rebind":
            w = w - step            # a new tensor: the Variable keeps its value  # noqa: F841
        elif update == "replace":
            weights[i] = w - step   # the list now holds tensors, not Variables
    return mlp_cost(X, T, *weights) if after else J


def step_with(**slip):
    return lambda *args: train_step(*args, **slip)


def test_train_step_passes_the_right_answer(capsys):
    check_train_step(train_step)
    assert capsys.readouterr().out == "train_step: all 7 checks passed.\n"


@pytest.mark.parametrize(("slip", "hint"), [
    ({"update": "rebind"}, "your step left the Variables unchanged: `w = w - ...` makes a new tensor"),
    ({"update": "assign_add"}, "your step goes uphill"),
    ({"rate": False}, "your step ignores the learning rate"),
    ({"update": "replace"}, "your step replaced the Variables in the list by new tensors"),
    ({"after": True}, "you returned the cost after the update"),
])
def test_train_step_names_the_slip(slip, hint):
    assert hint in problems(check_train_step, step_with(**slip))


def test_train_step_stub_and_garbage():
    def stub(X, T, weights, learning_rate):
        raise NotImplementedError("one step with the tape")

    with pytest.raises(NotWrittenYet, match="train_step is not written yet: one step with the tape"):
        check_train_step(stub)
    assert "train_step returns None: `return J`" in problems(
        check_train_step, lambda *args: None if train_step(*args) is not None else 0)
    assert "return J alone, a number" in problems(check_train_step, lambda *args: "J")
    assert "raised ZeroDivisionError" in problems(check_train_step, lambda *args: 1 / 0)


@tf.function
def compiled(X, T, weights, learning_rate, n_steps):
    costs = tf.TensorArray(tf.float64, size=n_steps)
    for step in tf.range(n_steps):
        costs = costs.write(step, train_step(X, T, weights, learning_rate))
    return costs.stack()


def test_compiled_training_passes_the_right_answer(capsys):
    check_compiled_training(compiled)
    assert capsys.readouterr().out == "compiled training: all 2 checks passed.\n"


def test_compiled_training_names_the_slips():
    assert "train is a plain Python function: put @tf.function" in problems(
        check_compiled_training, compiled.python_function)

    @tf.function
    def costs_after(X, T, weights, learning_rate, n_steps):
        costs = tf.TensorArray(tf.float64, size=n_steps)
        for step in tf.range(n_steps):
            train_step(X, T, weights, learning_rate)
            costs = costs.write(step, mlp_cost(X, T, *weights))
        return costs.stack()

    assert "your costs are those after each step" in problems(check_compiled_training, costs_after)

    @tf.function
    def one_short(X, T, weights, learning_rate, n_steps):
        costs = tf.TensorArray(tf.float64, size=n_steps - 1)
        for step in tf.range(n_steps - 1):
            costs = costs.write(step, train_step(X, T, weights, learning_rate))
        return costs.stack()

    message = problems(check_compiled_training, one_short)
    assert "should return the 5 costs, shape (5,)" in message
    assert "they have taken 4: call train_step once per pass of the loop" in message


def test_compiled_training_stub_and_garbage():
    @tf.function
    def stub(X, T, weights, learning_rate, n_steps):
        raise NotImplementedError("the loop inside tf.function")

    with pytest.raises(NotWrittenYet, match="compiled training is not written yet"):
        check_compiled_training(stub)
    message = problems(check_compiled_training, tf.function(lambda *args: None))
    assert "None (is `return` missing?)" in message
    assert "Traceback" not in message


# --- check_keras_network (13) -------------------------------------------------------------

def four_classes(n, seed):
    """Rows of 8 features whose class (0-3) a small network learns in a few epochs."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 8))
    y = np.argmax(X[:, :4] * 2 + 0.3 * rng.standard_normal((n, 4)), axis=1)
    return X, y


X_FIT, Y_FIT = four_classes(240, 1)
X_VAL, Y_VAL = four_classes(80, 2)


def network(hidden=(8,), output="softmax", loss="sparse_categorical_crossentropy",
            metrics=("accuracy",), compile_it=True, learning_rate=0.05):
    """A built and compiled network (a right answer unless a slip is switched on)."""
    keras.utils.set_random_seed(0)
    layers = [keras.Input(shape=(8,))] + [keras.layers.Dense(m, activation="tanh") for m in hidden]
    model = keras.Sequential(layers + [keras.layers.Dense(4, activation=output)])
    if compile_it:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, metrics=list(metrics))
    return model


def fitted(epochs=6, batch_size=32, validation=True, **build):
    model = network(**build)
    history = model.fit(X_FIT, Y_FIT, batch_size=batch_size, epochs=epochs, verbose=0,
                        validation_data=(X_VAL, Y_VAL) if validation is True else validation)
    return model, history


@pytest.fixture(scope="module")
def right():
    return fitted()


def test_keras_network_passes_the_right_answer(right, capsys):
    check_keras_network(*right, X_VAL, Y_VAL)
    assert capsys.readouterr().out == "keras network: all 11 checks passed.\n"


@pytest.mark.parametrize(("build", "hint"), [
    ({"output": "softmax", "loss": keras.losses.SparseCategoricalCrossentropy(from_logits=True)},
     "your last layer applies softmax AND the loss has from_logits=True"),
    ({"output": None}, "your last layer's activation is linear, so it outputs logits"),
    ({"loss": "categorical_crossentropy"}, "(categorical_crossentropy expects one-hot targets)"),
    ({"hidden": ()}, "your model has no hidden layer"),
    ({"compile_it": False}, "the model is not compiled"),
])
def test_keras_network_names_the_build_slips(right, build, hint):
    assert hint in problems(check_keras_network, network(**build), right[1], X_VAL, Y_VAL)


def test_keras_network_names_the_fit_slips(right):
    model, history = fitted(epochs=1, validation=None)
    assert "fit had no validation data: pass validation_data=(X_val, y_val)" in problems(
        check_keras_network, model, history, X_VAL, Y_VAL)
    model, history = fitted(epochs=2, validation=(X_VAL[:40], Y_VAL[:40]))  # another set
    message = problems(check_keras_network, model, history, X_VAL, Y_VAL)
    assert "is not the model's loss on (X_val, y_val)" in message
    assert "pass validation_data=(X_val, y_val), the validation set" in message
    model, history = fitted(epochs=1, metrics=(), batch_size=len(X_FIT))
    message = problems(check_keras_network, model, history, X_VAL, Y_VAL)
    assert "fit recorded no accuracy: compile with metrics=['accuracy']" in message
    assert "each epoch was one batch: fit on mini-batches" in message
    assert "% of the validation rows right; the exercise asks for 80%" in message
    assert "history should be what model.fit(...) returned for this model" in problems(
        check_keras_network, network(), right[1], X_VAL, Y_VAL)


def test_keras_network_not_written_and_garbage(right):
    with pytest.raises(NotWrittenYet, match="keras network is not written yet"):
        check_keras_network(None, None, X_VAL, Y_VAL)
    assert "model should be a Keras model" in problems(check_keras_network, "model", right[1],
                                                       X_VAL, Y_VAL)
    assert "model is None: compile() returns None" in problems(check_keras_network, None, right[1],
                                                               X_VAL, Y_VAL)
    message = problems(check_keras_network, right[0], right[1], X_VAL[:, :3], Y_VAL)
    assert "your model failed on the validation rows X_val (80, 3)" in message
    assert "give the checker the validation set" in problems(check_keras_network, *right, "X", Y_VAL)
