"""The network and its training, step by step, with no drawing.

    data = load_playground_data("spirals")
    run = PlaygroundRun(data, hidden_layer_sizes=(8, 8), activation="tanh",
                        learning_rate=0.3, regularization="L2", rate=0.001)
    run.step(100)          # 100 epochs of gradient descent
    run.step(50)           # 50 more, from where it stopped
    snap = run.snapshot()  # what the network computes over a grid of the plane

The model is the course's MLP (course_utils.models, notebooks 08-09) with two
additions TensorFlow Playground has: a "linear" activation, f(z) = z, and a
regression output (one unit, no softmax, loss 1/2 (p - t)^2). PlaygroundMLP is
that model; with a classification set and tanh, sigmoid or relu it computes
exactly what MLP computes.

One epoch is one pass over the training points in mini-batches of
`batch_size` (None: all of them, one step per epoch). Each step lowers
    J = loss + penalty,  penalty = rate * sum|W| (L1) or rate/2 * sum W^2 (L2)
(biases are not penalised). The run keeps, per epoch, the plain loss on the
training and test points WITHOUT the penalty, and the penalty apart, so the
losses of runs with different penalties compare like with like.
"""

from dataclasses import dataclass

import numpy as np

from .. import math as course_math
from ..models import EXPLODED, MLP, DivergenceError
from .features import DEFAULT_FEATURES, check_features, make_features

MAX_LAYERS, MAX_UNITS = 6, 8
REGULARIZATIONS = (None, "L1", "L2")


def _identity(z):
    return z


def _ones(h):
    return np.ones_like(h)


# (f, df) per activation, df of the output h = f(z), as in course_utils.math
ACTIVATIONS = {**course_math.ACTIVATIONS, "linear": (_identity, _ones)}


def check_activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}; got {name!r}")
    return name


def check_layers(hidden_layer_sizes, max_layers=MAX_LAYERS, max_units=MAX_UNITS):
    """hidden_layer_sizes as a tuple of ints, at most max_layers of at most max_units each."""
    if isinstance(hidden_layer_sizes, (int, np.integer)):
        hidden_layer_sizes = (hidden_layer_sizes,)
    try:
        sizes = tuple(hidden_layer_sizes)
    except TypeError:
        sizes = None
    if sizes is None or not all(isinstance(m, (int, np.integer)) and not isinstance(m, bool)
                                and m >= 1 for m in sizes):
        raise ValueError(f"hidden_layer_sizes must be whole numbers >= 1, like (8, 4); "
                         f"got {hidden_layer_sizes!r}")
    if len(sizes) > max_layers:
        raise ValueError(f"hidden_layer_sizes: the playground has at most {max_layers} hidden "
                         f"layers; got {len(sizes)} in {sizes}")
    if any(m > max_units for m in sizes):
        raise ValueError(f"hidden_layer_sizes: the playground has at most {max_units} units per "
                         f"layer; got {sizes}")
    return tuple(int(m) for m in sizes)


def check_regularization(regularization, rate):
    if regularization not in REGULARIZATIONS:
        raise ValueError(f"regularization must be one of {REGULARIZATIONS}; "
                         f"got {regularization!r}")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not rate >= 0:
        raise ValueError(f"rate (the regularization rate) must be a number >= 0; got {rate!r}")
    return regularization, float(rate)


class PlaygroundMLP(MLP):
    """The course's MLP with a "linear" activation and, for task="regression", one linear
    output unit trained on the loss 1/2 mean (p - t)^2 (the same Delta_L = (P - T) / N)."""

    def __init__(self, hidden_layer_sizes=(5,), activation="tanh", n_classes=None,
                 task="classification", **kwargs):
        self.task = task
        super().__init__(hidden_layer_sizes, activation, n_classes, **kwargs)

    def _check_hyperparameters(self):
        super(MLP, self)._check_hyperparameters()  # the learning rate, epochs, penalties
        check_activation(self.activation)
        check_layers(self.hidden_layer_sizes, max_layers=10 ** 6, max_units=10 ** 6)

    def _n_classes(self, y):
        return 1 if self.task == "regression" else super()._n_classes(y)

    def _targets(self, y):
        if self.task == "regression":
            return np.asarray(y, dtype=self.dtype).reshape(-1, 1)  # T (N, 1)
        return super()._targets(y)

    def _cross_entropy(self, T, P, cache):
        """The loss: cross-entropy, or for regression 1/2 mean (p - t)^2."""
        if self.task == "regression":
            return float(np.mean((P - T) ** 2) / 2)
        return super()._cross_entropy(T, P, cache)

    def forward(self, X):
        f, _ = ACTIVATIONS[self.activation]
        L = len(self.W_)
        H = [X]
        for k in range(1, L):
            H.append(f(H[k - 1] @ self.W_[k - 1] + self.b_[k - 1]))  # H_k = f(H_{k-1} W_k + b_k)
        Z = H[L - 1] @ self.W_[L - 1] + self.b_[L - 1]
        return (Z if self.task == "regression" else course_math.softmax(Z)), H

    def backward(self, P, T, H):
        _, df = ACTIVATIONS[self.activation]
        L = len(self.W_)
        grads = {}
        delta = (P - T) / len(T)  # Delta_L, for softmax + cross-entropy and for 1/2 (p - t)^2
        for k in range(L, 0, -1):  # layer k: dJ/dW_k = H_{k-1}^T Delta_k
            grads[f"W_[{k - 1}]"] = H[k - 1].T @ delta
            grads[f"b_[{k - 1}]"] = delta.sum(axis=0)
            if k > 1:
                delta = (delta @ self.W_[k - 1].T) * df(H[k - 1])  # Delta_{k-1}
        return grads

    def predict(self, X):
        if self.task == "regression":
            return self.predict_proba(X)[:, 0]
        return super().predict(X)


@dataclass(frozen=True, repr=False)
class Snapshot:
    """What the network computes over the plane after `epoch` epochs of training.

    proba: (R, R, K) P(class k | grid point), or (R, R, 1) the predicted value for
        regression; row i is the i-th x2 value, column j the j-th x1.
    hidden: one (R, R, M_l) array per hidden layer: unit m's activation at each grid point.
    train_costs, test_costs: (epoch,) the plain loss (cross-entropy, or 1/2 squared
        error) on the training and test points at every epoch so far, WITHOUT the penalty.
    penalties: (epoch,) the penalty after every epoch (zeros without regularization).
    train_accuracy, test_accuracy: share of points right (nan for regression).
    weights: the weight matrices W_1 ... W_L at this epoch (drawn as links).
    """

    epoch: int
    proba: np.ndarray
    hidden: tuple
    train_costs: np.ndarray
    test_costs: np.ndarray
    train_accuracy: float
    test_accuracy: float
    penalties: np.ndarray = None
    weights: tuple = ()

    def __repr__(self):  # shapes, not every number of every map
        return (f"Snapshot(epoch={self.epoch}, proba {self.proba.shape}, hidden "
                f"{[h.shape for h in self.hidden]}, train accuracy {self.train_accuracy:.1%}, "
                f"test accuracy {self.test_accuracy:.1%})")

    @property
    def train_cost(self):
        return float(self.train_costs[-1]) if len(self.train_costs) else float("nan")

    @property
    def test_cost(self):
        return float(self.test_costs[-1]) if len(self.test_costs) else float("nan")


def log_spaced_epochs(n_epochs, count=20):
    """About `count` epoch numbers from 1 to n_epochs, closer together early on.

    A network changes most in its first epochs, so an animation shows 1, 2, 3,
    5, 8, ... rather than every 50th epoch.
    """
    return sorted({int(round(e)) for e in np.geomspace(1, n_epochs, count)})


class PlaygroundRun:
    """One network on one data set: its settings, its grid, its training so far.

    data: a PlaygroundData. hidden_layer_sizes: up to MAX_LAYERS layers of up to
    MAX_UNITS units. activation: tanh, sigmoid, relu or linear, for every hidden
    layer. regularization None, "L1" or "L2", with `rate` (l2=... is short for
    regularization="L2", rate=...). batch_size: None for the full batch.
    features: the network's inputs, names of features.FEATURES.
    n_epochs: how far train() goes; step() can go on past it.
    resolution: R, the grid is R x R points covering the data with a margin.
    seed: the initial weights (and the mini-batches' order).
    """

    check_layers = staticmethod(check_layers)

    def __init__(self, data, hidden_layer_sizes=(4,), activation="tanh", learning_rate=0.3,
                 l2=0.0, n_epochs=500, resolution=60, seed=0, *, regularization=None, rate=0.0,
                 l1=0.0, batch_size=None, features=DEFAULT_FEATURES):
        if l2 and l1:
            raise ValueError("l1 and l2: choose one penalty (regularization='L1' or 'L2')")
        if l2 or l1:
            if regularization is not None:
                raise ValueError("give either l1=/l2= or regularization= with rate=, not both")
            regularization, rate = ("L2", l2) if l2 else ("L1", l1)
        self.regularization, self.rate = check_regularization(regularization, rate)
        if self.regularization is None:
            self.rate = 0.0
        self.data = data
        self.hidden_layer_sizes = check_layers(hidden_layer_sizes)
        self.activation = check_activation(activation)
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) \
                or not learning_rate > 0:
            raise ValueError(f"learning_rate must be a number > 0; got {learning_rate!r}")
        self.learning_rate = float(learning_rate)
        if batch_size is not None and (not isinstance(batch_size, (int, np.integer))
                                       or batch_size < 1):
            raise ValueError(f"batch_size must be None (all points) or a whole number >= 1; "
                             f"got {batch_size!r}")
        self.batch_size = batch_size
        self.features = check_features(features)
        self.n_epochs = int(n_epochs)
        self.resolution = int(resolution)
        self.seed = seed
        X = np.vstack([data.X_train, data.X_test])
        low, high = X.min(axis=0), X.max(axis=0)
        margin = 0.1 * (high - low).max()
        # extent in imshow's order (left, right, bottom, top), with origin="lower"
        self.extent = (low[0] - margin, high[0] + margin, low[1] - margin, high[1] + margin)
        xs = np.linspace(self.extent[0], self.extent[1], self.resolution)
        ys = np.linspace(self.extent[2], self.extent[3], self.resolution)
        xx, yy = np.meshgrid(xs, ys)
        self.grid = np.column_stack([xx.ravel(), yy.ravel()])  # (R*R, 2)
        self._inputs = [make_features(a, self.features)
                        for a in (data.X_train, data.X_test, self.grid)]
        self.snapshots = []
        self.reset()

    @property
    def l1(self):
        return self.rate if self.regularization == "L1" else 0.0

    @property
    def l2(self):
        return self.rate if self.regularization == "L2" else 0.0

    @property
    def is_regression(self):
        return self.data.is_regression

    def __repr__(self):
        return (f"PlaygroundRun({self.data.name}: {self.code()}, epoch {self.epoch}, "
                f"snapshots at epochs {[s.epoch for s in self.snapshots]})")

    def code(self, n_epochs=None):
        """The model this run trains, as a learner would type it (n_epochs: default the run's)."""
        plain = not self.is_regression and self.activation in course_math.ACTIVATIONS
        args = [f"hidden_layer_sizes={self.hidden_layer_sizes}", f"activation={self.activation!r}",
                f"learning_rate={self.learning_rate:g}"]
        if self.is_regression:
            args.append("task='regression'")
        if self.l1:
            args.append(f"l1={self.l1:g}")
        if self.l2:
            args.append(f"l2={self.l2:g}")
        if self.batch_size is not None:
            args.append(f"batch_size={self.batch_size}")
        args += [f"n_epochs={self.n_epochs if n_epochs is None else n_epochs}", f"seed={self.seed}"]
        call = f"{'MLP' if plain else 'PlaygroundMLP'}({', '.join(args)})"
        if self.features != DEFAULT_FEATURES:
            call += f" on features {list(self.features)}"
        return call

    def reset(self, seed=None):
        """Back to epoch 0 with fresh initial weights (drawn from `seed`, default self.seed).

        The weights and the batches' order come from one generator, as in MLP.fit,
        so training here gives exactly MLP.fit's weights."""
        if seed is not None:
            self.seed = seed
        d = self.data
        self.model = PlaygroundMLP(self.hidden_layer_sizes, activation=self.activation,
                                   n_classes=d.n_classes, task=d.task,
                                   learning_rate=self.learning_rate, l1=self.l1, l2=self.l2,
                                   batch_size=self.batch_size, n_epochs=max(self.n_epochs, 1),
                                   seed=self.seed)
        model = self.model
        model._check_hyperparameters()
        model.n_features_in_, model.n_classes_ = len(self.features), d.n_classes
        self._rng = np.random.default_rng(self.seed)
        model._init_weights(self._rng)
        self._T = model._targets(d.y_train)
        self._T_test = model._targets(d.y_test)
        self.epoch = 0
        self.train_losses, self.test_losses, self.penalties = [], [], []
        self.snapshots = []
        return self

    def penalty(self):
        """The penalty of the current weights: rate * sum|W| (L1) or rate/2 * sum W^2 (L2)."""
        Ws = self.model.W_
        if self.regularization == "L1":
            return self.rate * sum(float(np.abs(W).sum()) for W in Ws)
        if self.regularization == "L2":
            return self.rate / 2 * sum(float((W * W).sum()) for W in Ws)
        return 0.0

    def penalty_gradients(self):
        """d penalty / dW_l for every weight matrix: rate * sign(W) or rate * W."""
        if self.regularization == "L1":
            return [self.rate * np.sign(W) for W in self.model.W_]
        return [self.rate * W for W in self.model.W_]  # L2, or rate 0

    def loss(self, which="train"):
        """The plain loss (no penalty) on the "train" or "test" points, at the current weights."""
        X, T = (self._inputs[0], self._T) if which == "train" else (self._inputs[1], self._T_test)
        P, H = self.model.forward(X)
        return self.model._cross_entropy(T, P, H)

    def step(self, n_epochs=1):
        """Train `n_epochs` more epochs from where the run is; returns self.

        Raises DivergenceError (naming the epoch) if the loss becomes NaN or infinite or
        explodes; the run keeps its state up to there.
        """
        model, X, T = self.model, self._inputs[0], self._T
        N = len(X)
        batch = N if self.batch_size is None else min(self.batch_size, N)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for _ in range(int(n_epochs)):
                order = np.arange(N) if batch == N else self._rng.permutation(N)
                losses = []
                for start in range(0, N, batch):
                    rows = order[start:start + batch]
                    P, H = model.forward(X[rows])
                    losses.append(model._cross_entropy(T[rows], P, H))
                    grads = model.backward(P, T[rows], H)
                    if self.rate:  # a penalty of rate 0 adds nothing: skip a pass over every weight
                        for k, extra in enumerate(self.penalty_gradients()):
                            grads[f"W_[{k}]"] = grads[f"W_[{k}]"] + extra  # dJ/dW = dloss/dW + dpenalty/dW
                    model._step(grads)  # W <- W - learning_rate * dJ/dW
                self.epoch += 1
                self.train_losses.append(float(np.mean(losses)))
                self.test_losses.append(self.loss("test"))
                self.penalties.append(self.penalty())
                self._check_divergence()
        return self

    def _check_divergence(self):
        """DivergenceError if J = loss + penalty is not finite or exploded (as in MLP.fit)."""
        cost = float(np.add(self.train_losses[-1], self.penalties[-1]))
        first = float(np.add(self.train_losses[0], self.penalties[0]))
        if np.isfinite(cost) and cost <= EXPLODED * max(first, 1.0):
            return
        what = (f"the training cost J (loss + penalty) is {cost}" if not np.isfinite(cost) else
                f"the training cost J (loss + penalty) exploded to {cost:.4g} (it was {first:.4g} "
                f"after epoch 1)")
        causes = [f"the learning rate ({self.learning_rate:g}) is too high: try one 10 times "
                  f"smaller"]
        if self.regularization == "L2" and self.rate * self.learning_rate > 1:
            causes.append(f"learning_rate * rate = {self.learning_rate * self.rate:g} > 1 makes "
                          f"every step overshoot the penalty's minimum: lower the rate")
        raise DivergenceError(f"training diverged at epoch {self.epoch}: {what}. Likely causes: "
                              + "; ".join(causes) + ".")

    def snapshot(self, epoch=None):
        """A Snapshot of the network as it is now (after self.epoch epochs)."""
        model, d, R = self.model, self.data, self.resolution
        P, H = model.forward(self._inputs[2])  # H = [grid features, H_1, ..., H_{L-1}]
        if self.is_regression:
            accuracies = (float("nan"), float("nan"))
        else:
            accuracies = tuple(
                float(np.mean(np.argmax(model.forward(X)[0], axis=1) == y))
                for X, y in ((self._inputs[0], d.y_train), (self._inputs[1], d.y_test)))
        return Snapshot(
            epoch=self.epoch if epoch is None else epoch,
            proba=P.reshape(R, R, -1),
            hidden=tuple(h.reshape(R, R, -1) for h in H[1:]),
            train_costs=np.array(self.train_losses),
            test_costs=np.array(self.test_losses),
            train_accuracy=accuracies[0],
            test_accuracy=accuracies[1],
            penalties=np.array(self.penalties),
            weights=tuple(W.copy() for W in model.W_),
        )

    def train(self, snapshot_epochs=None, on_snapshot=None):
        """Train from scratch to n_epochs and keep a Snapshot after each epoch in snapshot_epochs.

        snapshot_epochs: epoch counts in 1..n_epochs (1 = after the first
            epoch); None: log_spaced_epochs(n_epochs). The last epoch is always kept.
        on_snapshot: optional function(snapshot) called as soon as each one is
            taken; if it returns True, training stops.
        Returns self; the snapshots are in self.snapshots, in epoch order.
        """
        wanted = set(log_spaced_epochs(self.n_epochs) if snapshot_epochs is None
                     else snapshot_epochs)
        bad = sorted(e for e in wanted if not 1 <= e <= self.n_epochs)
        if bad:
            raise ValueError(f"snapshot_epochs must be in 1..n_epochs={self.n_epochs}; got {bad}")
        wanted.add(self.n_epochs)
        self.reset()
        done = 0
        for target in sorted(wanted):
            self.step(target - done)
            done = target
            self.snapshots.append(self.snapshot())
            if on_snapshot is not None and on_snapshot(self.snapshots[-1]):
                break
        return self

    def at(self, epoch):
        """The snapshot taken after `epoch` epochs."""
        for snap in self.snapshots:
            if snap.epoch == epoch:
                return snap
        raise KeyError(f"no snapshot at epoch {epoch}; have {[s.epoch for s in self.snapshots]}")
