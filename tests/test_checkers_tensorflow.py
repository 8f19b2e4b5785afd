"""The checkers of notebooks 12-13 pass right answers and name the typical TensorFlow and Keras slips."""

import numpy as np
import pytest

from checker_helpers import failure as problems
from course_utils.checkers.tensorflow import check_keras_softmax, check_tape_gradients
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
