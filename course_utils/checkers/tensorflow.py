"""Checkers for the exercises of notebooks 12-13 (TensorFlow 2 and Keras).

    check_train_step(train_step)      12: one gradient-descent step with tf.GradientTape
    check_compiled_training(train)    12: n_steps of that step inside one tf.function
    check_tape_gradients(gradients)   12: a relu network's gradients from tf.GradientTape
    check_keras_network(model, history, X_val, y_val)
                                      13: a Keras network built, compiled, fitted with
                                          validation data and evaluated
    check_keras_softmax(build)        13: softmax regression in Keras, with the course's L2 cost

Each tries the learner's answer on a small case, compares it with the right
answer and with the typical wrong ones, and prints "<exercise>: all n checks
passed." or raises ExerciseError listing every problem with a hint.
"""

import numpy as np

from ..keras_models import keras, tf
from ..math import categorical_cross_entropy_from_logits
from ..models import SoftmaxRegression
from . import Checker, as_array, call_safely, same_shape, shape_text
from .networks import reference_gradients, small_network_problem

_NAMES = ("dW1", "db1", "dW2", "db2")
_WEIGHTS = ("W1", "b1", "W2", "b2")


# --- 12: one training step with the tape, then many inside tf.function -------------------

def _tanh_cost(X, T, W1, b1, W2, b2):
    """J of notebook 12's network, H = tanh(X W1 + b1), mean cross-entropy of softmax(H W2 + b2)."""
    return categorical_cross_entropy_from_logits(T, np.tanh(X @ W1 + b1) @ W2 + b2)


def _reference_steps(X, T, weights, learning_rate, n_steps):
    """Gradient descent by hand (09's backpropagation): the costs before each step, the weights after."""
    weights = [np.array(w, dtype=float) for w in weights]
    costs = []
    for _ in range(n_steps):
        costs.append(_tanh_cost(X, T, *weights))
        grads = reference_gradients(X, T, *weights, "tanh")
        weights = [w - learning_rate * g for w, g in zip(weights, grads)]
    return np.array(costs), weights


def _called(check, function, *args):
    """(True, result) if the learner's function returned; (False, None) if it raised.

    A TensorFlow error from inside a graph runs to dozens of lines: the hint keeps the first.
    """
    n_problems = len(check.problems)
    result = call_safely(check, function, *args)
    if len(check.problems) > n_problems:
        first, *rest = check.problems[-1].splitlines() or [""]
        check.problems[-1] = first + (" ..." if rest else "")
        return False, None
    return True, result


def _as_number(value):
    """float(value) for a number or a one-element tensor or array, else None."""
    a = as_array(value)
    return float(a.reshape(())) if a is not None and a.size == 1 else None


def check_train_step(train_step):
    """train_step(X, T, weights, learning_rate) -> J: one step of gradient descent.

    weights: the list [W1, b1, W2, b2] of tf.Variable (float64) of notebook 12's tanh
    network (its cost is mlp_cost). The step records J = mlp_cost(X, T, *weights) on a
    tf.GradientTape, takes the gradients, updates every Variable in place,
    W <- W - learning_rate * dJ/dW, and returns J, the cost before the update.
    Compared with the same step by hand: 09's backpropagation.
    """
    check = Checker("train_step")
    X, T, *start = small_network_problem(seed=12, n=8)
    learning_rate = 0.3
    weights = [tf.Variable(w) for w in start]
    returned, J = _called(check, train_step, X, T, weights, learning_rate)
    if not returned:
        return check.done()
    costs, _ = _reference_steps(X, T, start, learning_rate, 2)   # before and after the step
    right = _reference_steps(X, T, start, learning_rate, 1)[1]
    if check.expect(all(isinstance(w, tf.Variable) for w in weights),
                    "your step replaced the Variables in the list by new tensors "
                    "(weights[i] = w - ...): update each one in place, "
                    "w.assign_sub(learning_rate * grad)"):
        after = [w.numpy() for w in weights]
        if all(same_shape(check, a, r, f"{name} after the step")
               for name, a, r in zip(_WEIGHTS, after, right)):
            _compare_step(check, after, start, right, learning_rate)
    cost = _as_number(J)
    if J is None:
        check.fail("train_step returns None: `return J`, the cost the tape recorded before the step")
    elif cost is None:
        check.fail(f"return J alone, a number (a scalar tensor); got {shape_text(J)}")
    elif np.isclose(cost, costs[1], rtol=1e-9) and not np.isclose(cost, costs[0], rtol=1e-9):
        check.fail(f"you returned the cost after the update ({cost:.6f}); return the J computed "
                   f"inside the tape, before the step ({costs[0]:.6f})")
    else:
        check.expect(np.isclose(cost, costs[0], rtol=1e-9),
                     f"J should be {costs[0]:.6f}, the mean cross-entropy at the weights before "
                     f"the step; got {cost:.6f}")
    check.done()


def _compare_step(check, after, start, right, learning_rate):
    moved = [a - s for a, s in zip(after, start)]
    step = [r - s for r, s in zip(right, start)]         # -learning_rate * dJ/dW

    def all_close(candidates, rtol=1e-9):
        return all(np.allclose(m, c, rtol=rtol, atol=1e-12) for m, c in zip(moved, candidates))

    if all_close(step):
        return check.expect(True, "")
    slips = [
        ([0 * d for d in step], "your step left the Variables unchanged: `w = w - ...` makes a new "
                                "tensor and keeps the Variable as it was; use "
                                "w.assign_sub(learning_rate * grad)"),
        ([-d for d in step], "your step goes uphill: W <- W - learning_rate * dJ/dW, "
                             "w.assign_sub(learning_rate * grad), not assign_add"),
        ([d / learning_rate for d in step], "your step ignores the learning rate: subtract "
                                            "learning_rate * grad, not grad"),
        ([2 * d for d in step], "your step moves the weights twice: one assign_sub per weight "
                                "and per call"),
    ]
    for candidate, hint in slips:
        if all_close(candidate):
            return check.fail(hint)
    if all_close(step, rtol=1e-4):
        return check.fail("your step agrees with the right one only to about 6 digits: that is "
                          "float32; keep the Variables' float64 (do not cast with tf.float32)")
    wrong = [name for name, m, d in zip(_WEIGHTS, moved, step)
             if not np.allclose(m, d, rtol=1e-9, atol=1e-12)]
    return check.fail(f"{_listed(wrong)} wrong after your step: compute "
                      f"J = mlp_cost(X, T, *weights) inside `with tf.GradientTape() as tape:`, "
                      f"then grads = tape.gradient(J, weights) and w.assign_sub(learning_rate * "
                      f"grad) for each weight and its gradient")


def check_compiled_training(train):
    """train(X, T, weights, learning_rate, n_steps) -> costs (n_steps,), a tf.function.

    It runs n_steps of your train_step on the Variables in `weights` inside one graph
    (a loop over tf.range(n_steps)) and returns the cost of every step, J before its
    update, stacked from a tf.TensorArray. Compared with gradient descent by hand.
    """
    check = Checker("compiled training")
    check.expect(hasattr(train, "get_concrete_function"),
                 "train is a plain Python function: put @tf.function on the line above "
                 "`def train`, so TensorFlow traces it once and runs it as one graph")
    X, T, *start = small_network_problem(seed=13, n=8)
    learning_rate, n_steps = 0.3, 5
    weights = [tf.Variable(w) for w in start]
    returned, costs = _called(check, train, X, T, weights, learning_rate, tf.constant(n_steps))
    if not returned:
        if any("TensorArray" in p or "list" in p for p in check.problems[-1:]):
            check.fail("collect the costs in costs = tf.TensorArray(tf.float64, size=n_steps) "
                       "with costs = costs.write(step, J), and return costs.stack()")
        return check.done()
    right_costs, right = _reference_steps(X, T, start, learning_rate, n_steps + 1)
    got = as_array(costs)
    if got is None or got.shape != (n_steps,):
        check.fail(f"train(..., n_steps=tf.constant({n_steps})) should return the {n_steps} "
                   f"costs, shape ({n_steps},): costs.stack() of the TensorArray; got "
                   f"{shape_text(costs) if costs is not None else 'None (is `return` missing?)'}")
    elif np.allclose(got, right_costs[1:], rtol=1e-9):
        check.fail("your costs are those after each step: write the J that train_step returns "
                   "(the cost before its update)")
    else:
        check.expect(np.allclose(got, right_costs[:-1], rtol=1e-9),
                     f"the costs of {n_steps} steps should be {np.round(right_costs[:-1], 4)}; "
                     f"got {np.round(got, 4)}")
    after = [w.numpy() for w in weights]
    _, right_weights = _reference_steps(X, T, start, learning_rate, n_steps)
    if not all(np.shape(a) == np.shape(r) and np.allclose(a, r, rtol=1e-9)
               for a, r in zip(after, right_weights)):
        steps_done = [k for k in range(2 * n_steps + 1)
                      if all(np.shape(a) == np.shape(r) and np.allclose(a, r, rtol=1e-9)
                             for a, r in zip(after, _reference_steps(X, T, start, learning_rate,
                                                                     k)[1]))]
        check.fail(f"after train(..., n_steps={n_steps}) the weights should have taken {n_steps} "
                   f"steps; they have taken "
                   + (f"{steps_done[0]}: call train_step once per pass of the loop"
                      if steps_done else "other steps: call train_step(X, T, weights, "
                                         "learning_rate) inside the loop"))
    check.done()


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


# --- 13: a Keras network, built, compiled, fitted with validation data ------------------

def check_keras_network(model, history, X_val, y_val, n_classes=4, min_accuracy=0.8):
    """model: your Keras classifier of the rows of X_val into n_classes classes; history: what
    its fit returned.

    Checks the architecture (a hidden layer, one output per class), that the loss is the
    cross-entropy on integer labels with the output it expects (softmax probabilities, or
    logits with from_logits=True), that fit recorded the accuracy and ran on mini-batches
    with validation_data=(X_val, y_val), and that the model gets at least min_accuracy
    of the validation rows right.
    """
    check = Checker("keras network")
    if model is None and history is None:
        raise check.not_written(NotImplementedError(
            "build, compile and fit `model` in the cell above, keeping history = model.fit(...)"))
    if model is None:
        check.fail("model is None: compile() returns None, so call model.compile(...) on its own "
                   "line, not model = model.compile(...)")
        return check.done()
    if history is None:
        check.fail("history is None: keep what fit returns, history = model.fit(...)")
        return check.done()
    if not check.expect(isinstance(model, keras.Model),
                        f"model should be a Keras model, keras.Sequential([...]); got "
                        f"{type(model).__name__}"):
        return check.done()
    X_val, y_val = as_array(X_val), as_array(y_val)
    if X_val is None or y_val is None or X_val.ndim != 2 or y_val.shape != (len(X_val),):
        check.fail("give the checker the validation set: check_keras_network(model, history, "
                   "X_val, y_val), X_val (N, D) and y_val (N,)")
        return check.done()
    y_val = y_val.astype(np.int64)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if not check.expect(len(dense) >= 1 and dense[-1].units == n_classes,
                        f"the last Dense layer gives the model's output: one unit per class, "
                        f"Dense({n_classes}); yours has "
                        f"{dense[-1].units if dense else 'no Dense layer'}"):
        return check.done()
    check.expect(len(dense) >= 2, "your model has no hidden layer: put a Dense layer with an "
                                  "activation (e.g. Dense(5, activation='tanh')) before the output")
    if not check.expect(getattr(model, "compiled", False) and getattr(model, "loss", None),
                        "the model is not compiled: model.compile(optimizer=..., "
                        "loss='sparse_categorical_crossentropy', metrics=['accuracy'])"):
        return check.done()
    if not _check_network_loss(check, model, dense[-1]):
        return check.done()
    if not check.expect(isinstance(history, keras.callbacks.History)
                        and getattr(history, "model", None) is model,
                        "history should be what model.fit(...) returned for this model: "
                        "`history = model.fit(...)`"):
        return check.done()
    _check_fit(check, model, history, X_val, y_val, min_accuracy)
    check.done()


def _loss_config(model):
    """(name, from_logits) of the compiled loss, whether a string or a Loss object."""
    loss = model.loss
    if isinstance(loss, str):
        return loss, False
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    name = getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)
    return str(name), bool(config.get("from_logits", False))


def _check_network_loss(check, model, output):
    name, from_logits = _loss_config(model)
    activation = getattr(output.activation, "__name__", str(output.activation))
    if "sparse_categorical" not in name.lower():
        hint = (" (categorical_crossentropy expects one-hot targets)"
                if "categorical" in name.lower() else "")
        return check.fail(f"the loss is {name}: use loss='sparse_categorical_crossentropy', the "
                          f"mean cross-entropy on integer labels y{hint}")
    if activation == "softmax" and from_logits:
        return check.fail("your last layer applies softmax AND the loss has from_logits=True, "
                          "which applies softmax again: use one of the two")
    if activation != "softmax" and not from_logits:
        return check.fail(f"your last layer's activation is {activation}, so it outputs logits, "
                          f"not probabilities: give it activation='softmax', or give the loss "
                          f"from_logits=True")
    return check.expect(True, "")


def _check_fit(check, model, history, X_val, y_val, min_accuracy):
    logs, params = history.history, getattr(history, "params", {}) or {}
    check.expect("accuracy" in logs, "fit recorded no accuracy: compile with metrics=['accuracy']")
    check.expect(params.get("steps", 1) is None or params.get("steps", 1) > 1,
                 "each epoch was one batch: fit on mini-batches, e.g. batch_size=32")
    if not check.expect("val_loss" in logs, "fit had no validation data: pass "
                                            "validation_data=(X_val, y_val) to fit"):
        return
    try:
        loss = _loss(model, X_val, y_val)
        P = _network_probabilities(model, X_val)
    except Exception as error:  # a model that does not take these rows
        first_line = (str(error).strip().splitlines() or [""])[0]
        return check.fail(f"your model failed on the validation rows X_val {X_val.shape}: "
                          f"{type(error).__name__}: {first_line}")
    check.expect(np.isclose(logs["val_loss"][-1], loss, rtol=1e-5, atol=1e-6),
                 f"the History's last val_loss ({logs['val_loss'][-1]:.4f}) is not the model's "
                 f"loss on (X_val, y_val) ({loss:.4f}): pass validation_data=(X_val, y_val), the "
                 f"validation set (the test set is kept for the very end)")
    accuracy = float(np.mean(P.argmax(axis=1) == y_val))
    check.expect(accuracy >= min_accuracy,
                 f"your model gets {accuracy:.1%} of the validation rows right; the exercise "
                 f"asks for {min_accuracy:.0%}: if history's loss was still falling at the last "
                 f"epoch, train for more epochs or with a larger learning rate")


def _network_probabilities(model, X):
    dtype = keras.config.floatx()
    P = np.asarray(model(tf.constant(X, dtype=dtype), training=False), dtype=float)
    return P
