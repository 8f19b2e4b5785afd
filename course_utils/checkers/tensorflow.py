"""Checkers for the exercises of notebooks 12-13 (TensorFlow 2 and Keras).

    check_tape_gradients(gradients)   12: a relu network's gradients from tf.GradientTape
    check_keras_softmax(build)        13: softmax regression in Keras, with the course's L2 cost

Each tries the learner's answer on a small case, compares it with the right
answer and with the typical wrong ones, and prints "<exercise>: all n checks
passed." or raises ExerciseError listing every problem with a hint.
"""

import numpy as np

from ..keras_models import keras, tf
from ..models import SoftmaxRegression
from . import Checker, call_safely, same_shape
from .networks import reference_gradients, small_network_problem

_NAMES = ("dW1", "db1", "dW2", "db2")


# --- 12: gradients with tf.GradientTape -----------------------------------------------

def check_tape_gradients(gradients):
    """gradients(X, T, W1, b1, W2, b2) -> (dW1, db1, dW2, db2), computed with tf.GradientTape.

    The network of 09's first exercise: H = relu(X W1 + b1), P = softmax(H W2 + b2),
    J = mean cross-entropy. The arguments are NumPy float64 arrays (T one-hot,
    (N, K)); the gradients may come back as tensors or arrays, in float64.
    """
    check = Checker("tape gradients")
    X, T, W1, b1, W2, b2 = small_network_problem(seed=12, n=8)
    N, K = T.shape
    right = reference_gradients(X, T, W1, b1, W2, b2, "relu")  # backpropagation by hand, 09
    answer = call_safely(check, gradients, X, T, W1, b1, W2, b2)
    if answer is None:
        return check.done()
    if not (isinstance(answer, (tuple, list)) and len(answer) == 4):
        check.fail(f"return the four gradients as a tuple (dW1, db1, dW2, db2), as "
                   f"tape.gradient(J, [W1, b1, W2, b2]) gives them; got {type(answer).__name__}"
                   + (f" of length {len(answer)}" if hasattr(answer, "__len__") else ""))
        return check.done()
    missing = [name for name, got in zip(_NAMES, answer) if got is None]
    if missing:
        check.fail(f"{_listed(missing)} None: the tape only follows tf.Variable objects (and "
                   f"tensors passed to tape.watch) used inside its `with` block; make each weight "
                   f"a tf.Variable and compute the cost inside `with tf.GradientTape() as tape:`")
    got = {name: np.asarray(g, dtype=float) for name, g in zip(_NAMES, answer) if g is not None}
    wrong = [name for name, want in zip(_NAMES, right)
             if name in got and same_shape(check, got[name], want, name)
             and not _close(check, got[name], want)]
    if wrong:
        _explain_tape_slip(check, got, wrong, right, (X, T, W1, b1, W2, b2))
    check.done()


def _listed(names, one="is", several="are"):
    """'dW1 is' or 'dW1, db1 are': the names and a verb that agrees with them."""
    return f"{', '.join(names)} {one if len(names) == 1 else several}"


def _close(check, got, want):
    """True if equal to float64 precision; records a float32 hint if only roughly equal."""
    if np.allclose(got, want, rtol=1e-9, atol=1e-12):
        return check.expect(True, "")
    return False


def _explain_tape_slip(check, got, wrong, right, data):
    X = data[0]
    rough = [name for name in wrong
             if np.allclose(got[name], right[_NAMES.index(name)], rtol=1e-4, atol=1e-6)]
    if rough == wrong:
        return check.fail(f"{_listed(wrong, 'agrees', 'agree')} only to about 6 digits: that is float32. "
                          f"Keep NumPy's float64: tf.Variable(W1) keeps the array's dtype; "
                          f"do not cast with tf.float32")
    slips = {
        "sum": ("your cost is a sum over the samples: take the mean (tf.reduce_mean), as J is "
                "the mean cross-entropy", _tape_variant(*data, reduce=tf.reduce_sum)),
        "double": ("softmax_cross_entropy_with_logits applies softmax itself: pass it the logits "
                   "H @ W2 + b2, not the probabilities", _tape_variant(*data, double_softmax=True)),
        "tanh": ("your hidden layer uses tanh; this exercise asks for relu (tf.nn.relu)",
                 _tape_variant(*data, hidden=tf.tanh)),
        "sigmoid": ("your hidden layer uses sigmoid; this exercise asks for relu (tf.nn.relu)",
                    _tape_variant(*data, hidden=tf.sigmoid)),
        "linear": ("your hidden layer has no activation: H = tf.nn.relu(X @ W1 + b1)",
                   _tape_variant(*data, hidden=tf.identity)),
    }
    for hint, variant in slips.values():
        if all(np.allclose(got[name], variant[_NAMES.index(name)]) for name in wrong):
            return check.fail(hint)
    for name in wrong:
        want = right[_NAMES.index(name)]
        if np.allclose(got[name], -want):
            check.fail(f"{name} has the wrong sign: differentiate the cost J (the negative "
                       f"log-likelihood), not the log-likelihood")
        elif np.allclose(got[name], want * len(X)):
            check.fail(f"{name} is N = {len(X)} times too large: J is a mean over the samples")
        else:
            check.fail(f"{name} is wrong: compare your cost with J = tf.reduce_mean("
                       f"tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=H @ W2 + b2))")


def _tape_variant(X, T, W1, b1, W2, b2, hidden=tf.nn.relu, reduce=tf.reduce_mean,
                  double_softmax=False):
    weights = [tf.Variable(w) for w in (W1, b1, W2, b2)]
    with tf.GradientTape() as tape:
        logits = hidden(X @ weights[0] + weights[1]) @ weights[2] + weights[3]
        if double_softmax:
            logits = tf.nn.softmax(logits)
        cost = reduce(tf.nn.softmax_cross_entropy_with_logits(labels=T, logits=logits))
    return [g.numpy() for g in tape.gradient(cost, weights)]


# --- 13: softmax regression in Keras ----------------------------------------------------

def check_keras_softmax(build):
    """build(n_features, n_classes, learning_rate, l2) -> a compiled Keras model.

    It must be models.SoftmaxRegression in Keras: one Dense layer with softmax, the
    cost J = mean cross-entropy + l2/2 sum(W^2) (bias not penalised) on integer
    labels, and plain gradient descent with the given learning rate.
    """
    check = Checker("keras softmax regression")
    D, K, learning_rate, l2 = 3, 4, 0.2, 0.5
    model = call_safely(check, build, D, K, learning_rate, l2)
    if model is None:
        return check.done()
    if not check.expect(isinstance(model, keras.Model),
                        f"build should return a Keras model (keras.Sequential([...])); got "
                        f"{type(model).__name__}"):
        return check.done()
    rng = np.random.default_rng(13)
    X, y = rng.standard_normal((10, D)), np.arange(10) % K
    P = call_safely(check, _predict, model, X)
    if P is not None and same_shape(check, P, np.zeros((10, K)),
                                    f"the model's output for 10 rows of {D} features"):
        check.expect(np.allclose(P.sum(axis=1), 1, atol=1e-5),
                     "the outputs' rows should sum to 1: give the Dense layer activation='softmax'")
    n_weights = [tuple(w.shape) for w in model.get_weights()]
    if n_weights != [(D, K), (K,)]:
        check.fail(f"softmax regression has one Dense layer: a weight matrix {(D, K)} and a bias "
                   f"{(K,)}; your model's weights have shapes {n_weights}")
        return check.done()
    if _check_optimizer(check, model, learning_rate):  # without compile there is no loss either
        _check_cost(check, model, X, y, l2)
    check.done()


def _predict(model, X):
    return np.asarray(model(X.astype(np.float32), training=False), dtype=float)


def _check_optimizer(check, model, learning_rate):
    """Checks SGD, its learning rate and no momentum; returns False if the model is not compiled."""
    compiled = getattr(model, "compiled", False) and getattr(model, "optimizer", None) is not None
    if not check.expect(compiled, "the model is not compiled: call model.compile(optimizer=..., "
                                  "loss=...) before returning it"):
        return False
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.SGD):
        check.fail(f"the course trains with plain gradient descent: "
                   f"keras.optimizers.SGD(learning_rate), not {type(optimizer).__name__}")
        return True
    check.expect(np.isclose(float(optimizer.learning_rate), learning_rate),
                 f"the optimizer's learning rate is {float(optimizer.learning_rate):g}; pass "
                 f"the function's learning_rate ({learning_rate:g}) to keras.optimizers.SGD")
    check.expect(float(optimizer.momentum) == 0.0,
                 "use SGD without momentum: plain gradient descent, W <- W - learning_rate * dJ/dW")
    return True


def _check_cost(check, model, X, y, l2):
    """Compare the model's loss with SoftmaxRegression's cost J at the same weights."""
    rng = np.random.default_rng(14)
    K = model.get_weights()[1].shape[0]
    W, b = rng.standard_normal((X.shape[1], K)), rng.standard_normal(K)
    model.set_weights([W.astype(np.float32), b.astype(np.float32)])
    reference = SoftmaxRegression(l2=l2, n_epochs=1).fit(X, y)
    reference.W_, reference.b_ = W, b
    right = reference.cost(X, y)
    cross_entropy = right - l2 / 2 * np.sum(W ** 2)
    try:
        loss = _loss(model, X, y)
    except Exception as error:  # the learner's loss may fail in many ways
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return check.fail(f"evaluating your model's loss on integer labels y (N,) raised "
                          f"{type(error).__name__} ({first_line}): compile with "
                          f"loss='sparse_categorical_crossentropy' (categorical_crossentropy "
                          f"expects one-hot targets)")
    if np.isclose(loss, right, rtol=1e-5):
        return check.expect(True, "")
    slips = [
        (cross_entropy, "your loss has no penalty: give the Dense layer "
                        "kernel_regularizer=keras.regularizers.L2(l2 / 2)"),
        (cross_entropy + l2 * np.sum(W ** 2),
         "your penalty is twice the course's: keras.regularizers.L2(c) adds c * sum(W^2), the "
         "course's cost adds l2/2 * sum(W^2), so use L2(l2 / 2)"),
        (len(X) * cross_entropy + l2 / 2 * np.sum(W ** 2),
         f"your loss sums the cross-entropy over the samples ({len(X)} times the mean): the "
         f"course's J is the mean, Keras's default reduction"),
        (right + l2 / 2 * np.sum(b ** 2),
         "your model penalises the bias too: the course penalises only W (kernel_regularizer, "
         "not bias_regularizer)"),
    ]
    for value, hint in slips:
        if np.isclose(loss, value, rtol=1e-5):
            return check.fail(hint)
    return check.fail(f"your model's loss is {loss:.4f} where J = {right:.4f} (mean cross-entropy "
                      f"{cross_entropy:.4f} + l2/2 sum W^2): use "
                      f"loss='sparse_categorical_crossentropy' on the softmax outputs")


def _loss(model, X, y):
    data = tf.data.Dataset.from_tensors((X.astype(np.float32), y))
    result = model.evaluate(data, verbose=0, return_dict=True)
    return float(result["loss"])
