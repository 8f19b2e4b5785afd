"""The course's three models in Keras, and a view that gives a Keras model the course's verbs.

Notebook 12 builds a network by hand in TensorFlow and then in Keras; notebook 13
and the benchmarks use the builders below, so that every comparison of NumPy with
Keras trains the same models:

    tf, keras = setup_tensorflow(seed=0)          # course_utils.tensorflow_setup
    model = ecommerce_keras_model("mlp")          # compiled, ready to fit
    history = fit_full_batch(model, "mlp", X_train, y_train, validation_data=(X_test, y_test))
    ClassifierView(model).score(X_test, y_test)   # accuracy; predict gives labels

"The same model" as course_utils.models means:
- the same layers: logistic regression is one sigmoid unit, softmax regression one
  softmax layer, the MLP its hidden Dense layers and a softmax layer;
- initial weights from the same distribution, normal with variance 1/fan-in
  (2/fan-in for relu), biases 0; only the random numbers differ, because Keras
  draws them from its own generator (seeded by setup_tensorflow);
- the same cost, J = mean cross-entropy + l2/2 * sum(W^2) + l1 * sum(|W|), biases
  not penalised. Keras's L2(c) adds c * sum(W^2), so the course's l2 becomes c = l2 / 2;
- plain gradient descent, W <- W - learning_rate * dJ/dW: SGD without momentum,
  on the full batch when trained with fit_full_batch.
tests/test_keras_models.py checks the cost and one training step against the
NumPy models with the very same weights. The models compute in Keras's floatx,
float32 by default; keras.config.set_floatx("float64") before the first model is
built gives NumPy's precision, for comparisons to the last digits (notebook 12, the
tests; later, keras.config.set_dtype_policy too, which Keras fixes at the first layer).

Inputs are NumPy arrays: X (N, D) float, y (N,) integer labels, as everywhere in
the course. This module feeds them to Keras through tf.data itself: with
TensorFlow 2.21 and Keras 3.15, passing NumPy arrays to fit/evaluate/predict
makes TensorFlow print an internal log line to the notebook
("NodeDef mentions attribute use_unbounded_threadpool"), harmless but noisy.

Importing this module sets TensorFlow's quiet environment first (see
tensorflow_setup), so it may come before setup_tensorflow() in an import block.
"""

import numpy as np

from .baselines import ECOMMERCE_MODELS
from .data import ACTION_NAMES, FEATURE_NAMES
from .models import MLP, LogisticRegression, SoftmaxRegression
from .tensorflow_setup import set_tensorflow_environment

set_tensorflow_environment()  # before the first import of TensorFlow, which reads it

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

# fit runs up to this many gradient steps per call into TensorFlow's compiled
# graph instead of one: on the course's small data sets the Python overhead of a
# call costs more than a step itself (about 3x faster on 400 rows). A call stops
# early where a finite dataset ends, so mini-batch fits and fit_full_batch run the
# steps they ask for. Beware an endless dataset (.repeat() without a count) with
# steps_per_epoch: Keras 3.15 then runs whole calls, 100 steps, whatever is left
# of the epoch.
STEPS_PER_EXECUTION = 100


# --- the three models -----------------------------------------------------------

def logistic_regression(n_features, learning_rate=0.1, l1=0.0, l2=0.0):
    """One sigmoid unit, P(y=1 | x) = sigmoid(x w + b), like models.LogisticRegression.

    n_features: D.
    Returns a compiled keras.Sequential: input (N, D), output (N, 1); fit it on
    labels y (N,) in {0, 1}. Its loss is the mean binary cross-entropy plus the penalty.
    """
    layers = [_dense(1, "sigmoid", 1.0, l1, l2)]
    return _compiled(n_features, layers, keras.losses.BinaryCrossentropy(), learning_rate)


def softmax_regression(n_features, n_classes, learning_rate=0.1, l1=0.0, l2=0.0):
    """P(y=k | x) = softmax(x W + b)_k, like models.SoftmaxRegression.

    Returns a compiled keras.Sequential: input (N, D), output (N, K) probabilities;
    fit it on integer labels y (N,) in 0..K-1 (sparse categorical cross-entropy).
    """
    layers = [_dense(n_classes, "softmax", 1.0, l1, l2)]
    return _compiled(n_features, layers, keras.losses.SparseCategoricalCrossentropy(),
                     learning_rate)


def mlp(n_features, n_classes, hidden_layer_sizes=(5,), activation="tanh", learning_rate=0.1,
        l1=0.0, l2=0.0):
    """Hidden Dense layers with `activation`, then softmax, like models.MLP.

    hidden_layer_sizes: units per hidden layer, e.g. (5,) or (8, 8).
    activation: "sigmoid", "tanh" or "relu" (every hidden layer).
    Returns a compiled keras.Sequential: input (N, D), output (N, K) probabilities.
    """
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"activation must be 'sigmoid', 'tanh' or 'relu'; got {activation!r}")
    sizes = (hidden_layer_sizes,) if isinstance(hidden_layer_sizes, int) else tuple(hidden_layer_sizes)
    if not sizes or not all(isinstance(m, (int, np.integer)) and m >= 1 for m in sizes):
        raise ValueError(f"hidden_layer_sizes must be whole numbers >= 1, like (5,) or (8, 8); "
                         f"got {hidden_layer_sizes!r}")
    gain = 2.0 if activation == "relu" else 1.0  # as models.MLP: relu loses half its inputs
    layers = [_dense(m, activation, gain, l1, l2) for m in sizes]
    layers.append(_dense(n_classes, "softmax", 1.0, l1, l2))
    return _compiled(n_features, layers, keras.losses.SparseCategoricalCrossentropy(),
                     learning_rate)


def _dense(units, activation, gain, l1, l2):
    for name, value in (("l1", l1), ("l2", l2)):
        if not (isinstance(value, (int, float)) and value >= 0):
            raise ValueError(f"{name} must be a number >= 0; got {value!r}")
    return keras.layers.Dense(
        units, activation=activation,
        # Normal with variance gain / fan-in, not truncated: models.py's initialisation.
        kernel_initializer=keras.initializers.VarianceScaling(
            scale=gain, mode="fan_in", distribution="untruncated_normal"),
        bias_initializer="zeros",
        # The course's penalty is l2/2 sum W^2; Keras's L2(c) is c sum W^2.
        kernel_regularizer=keras.regularizers.L1L2(l1=l1, l2=l2 / 2) if (l1 or l2) else None)


def _compiled(n_features, layers, loss, learning_rate):
    if not (isinstance(learning_rate, (int, float)) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number; got {learning_rate!r}")
    model = keras.Sequential([keras.Input((n_features,)), *layers])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate), loss=loss, metrics=["accuracy"],
                  steps_per_execution=STEPS_PER_EXECUTION)
    return model


# --- the kept e-commerce configurations ----------------------------------------------

_BUILDERS = {LogisticRegression: logistic_regression, SoftmaxRegression: softmax_regression,
             MLP: mlp}
_KERAS_PARAMETERS = {"learning_rate", "l1", "l2", "hidden_layer_sizes", "activation"}
N_FEATURES = len(FEATURE_NAMES)   # prepare_ecommerce's columns
N_CLASSES = len(ACTION_NAMES)     # the user actions


def ecommerce_keras_model(name, n_features=N_FEATURES, n_classes=N_CLASSES, **overrides):
    """The Keras twin of baselines.ecommerce_model(name), compiled and not yet trained.

    name: "logistic", "softmax" or "mlp": the configuration that notebooks 06, 07
        and 11 keep (same layers, learning rate and penalty).
    n_features, n_classes: D and K; the defaults are prepare_ecommerce's 8 features
        and the 4 user actions (logistic regression has one output whatever K is).
    overrides: learning_rate, l1, l2, hidden_layer_sizes or activation.
    Train it with fit_full_batch(model, name, X, y), which takes the number of
    gradient steps from the same configuration.
    """
    cls, params = _configuration(name)
    unknown = sorted(set(overrides) - _KERAS_PARAMETERS)
    if unknown:
        raise ValueError(f"ecommerce_keras_model cannot set {', '.join(unknown)}; it sets "
                         f"{', '.join(sorted(_KERAS_PARAMETERS))} (the number of steps is "
                         f"fit_full_batch's n_steps)")
    params = {key: value for key, value in {**params, **overrides}.items()
              if key in _KERAS_PARAMETERS}
    if cls is LogisticRegression:
        return logistic_regression(n_features, **params)
    return _BUILDERS[cls](n_features, n_classes, **params)


def _configuration(name):
    if name not in ECOMMERCE_MODELS:
        raise ValueError(f"name must be one of {sorted(ECOMMERCE_MODELS)}; got {name!r}")
    cls, params = ECOMMERCE_MODELS[name]
    if params.get("batch_size") is not None:  # fit_full_batch would train another model
        raise ValueError(f"the {name!r} configuration trains on mini-batches "
                         f"(batch_size={params['batch_size']}); fit_full_batch cannot copy it")
    return cls, params


# --- training ---------------------------------------------------------------------

def fit_full_batch(model, name, X, y, validation_data=None, n_steps=None, steps_per_epoch=100,
                   callbacks=None):
    """Full-batch gradient descent with Keras's fit: each step uses all N rows.

    model: a compiled Keras model (e.g. from ecommerce_keras_model).
    name: the e-commerce configuration whose n_epochs gives the number of steps,
        or None when n_steps is given.
    X: (N, D); y: (N,) integer labels. validation_data: optional (X_val, y_val),
        evaluated after every epoch; it never influences training.
    steps_per_epoch: how many steps make one Keras "epoch", i.e. one entry of the
        History: its "loss" is the mean cost over those steps (computed before each
        step's update), "val_loss" the validation cost after the last of them.
    Returns keras's History; history.history["loss"] has n_steps / steps_per_epoch values.

    Keras's own full batch, fit(X, y, batch_size=N, epochs=n_steps), pays its
    per-epoch bookkeeping at every step (some 40 steps/s); here an epoch is a
    tf.data.Dataset whose steps_per_epoch elements are all the whole training set.
    """
    if n_steps is None:
        if name is None:
            raise ValueError("give the configuration's name or n_steps")
        n_steps = _configuration(name)[1]["n_epochs"]
    if not (isinstance(n_steps, (int, np.integer)) and isinstance(steps_per_epoch, (int, np.integer))
            and 1 <= steps_per_epoch <= n_steps and n_steps % steps_per_epoch == 0):
        raise ValueError(f"n_steps ({n_steps!r}) must be a whole multiple of steps_per_epoch "
                         f"({steps_per_epoch!r}), both >= 1")
    # A finite dataset, one epoch long: Keras starts it again for every epoch, and
    # each call into the graph ends where it ends (see STEPS_PER_EXECUTION).
    epoch = tf.data.Dataset.from_tensors(_as_tensors(model, X, y)).repeat(int(steps_per_epoch))
    validation = None
    if validation_data is not None:
        validation = tf.data.Dataset.from_tensors(_as_tensors(model, *validation_data))
    return model.fit(epoch, epochs=int(n_steps // steps_per_epoch), validation_data=validation,
                     callbacks=callbacks, verbose=0,
                     shuffle=False)  # the same batch every step: nothing to shuffle (Keras warns otherwise)


def _as_tensors(model, X, y):
    X = _as_inputs(model, X)
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must be integer labels of shape ({len(X)},) to match X; got {y.shape}")
    return X, y.astype(np.int64)


def _as_inputs(model, X):
    try:
        dtype = model.inputs[0].dtype  # float32, or float64 under keras.config.set_floatx("float64")
    except (AttributeError, IndexError, ValueError):  # a model without an Input layer
        dtype = keras.config.floatx()
    X = np.asarray(X, dtype=dtype)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, shape (N, D); got shape {X.shape}")
    return X


# --- the course's verbs for a Keras classifier ----------------------------------------

class ClassifierView:
    """A trained Keras classifier seen as a course model: predict gives labels.

        plot_decision_boundary(ClassifierView(model), X, y)

    model: a Keras model whose output is (N, 1) P(y=1 | x) (one sigmoid unit) or
    (N, K) class probabilities (softmax). Nothing is copied: the view always uses
    the model's current weights.
    """

    def __init__(self, model):
        self.model = model

    def predict_proba(self, X):
        """(N,) P(y=1 | x) for one sigmoid output, as LogisticRegression; else (N, K)."""
        P = np.asarray(self.model.predict_on_batch(_as_inputs(self.model, X)), dtype=float)
        return P[:, 0] if P.shape[1] == 1 else P

    def predict(self, X):
        """Labels (N,): P >= 0.5 for one output, else the most probable class."""
        P = self.predict_proba(X)
        return (P >= 0.5).astype(np.int64) if P.ndim == 1 else P.argmax(axis=1)

    def score(self, X, y):
        """Accuracy on X, y."""
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def __repr__(self):
        return f"ClassifierView({self.model.name})"
