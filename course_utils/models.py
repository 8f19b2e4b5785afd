"""The course's models in plain NumPy, with scikit-learn's verbs.

Every model has the same interface, which is all a model is (notebook 08):

    model = MLP(hidden_layer_sizes=(5,), learning_rate=0.1)   # hyper-parameters
    model.fit(X_train, y_train)          # learns weights: W_, b_ (end in _)
    model.predict(X_test)                # labels (N,)
    model.predict_proba(X_test)          # probabilities
    model.score(X_test, y_test)          # accuracy
    model.cost_history_                  # the cost at every epoch

Shapes: X is (N, D), N samples of D features; y is (N,) integer labels.
All three models minimise the mean cross-entropy plus an optional penalty,
    J = cross_entropy + l2 / 2 * sum(W^2) + l1 * sum(|W|)     (biases are not penalised)
by gradient descent, W <- W - learning_rate * dJ/dW, on the full batch or on
mini-batches. `gradients(X, y)` returns dJ/dW for every weight, so that
course_utils.gradcheck can compare it with a numerical derivative.

Introduced in: LogisticRegression 03, SoftmaxRegression 07, MLP 09.
"""

import numpy as np
from tqdm.auto import tqdm

from .math import (activation, binary_cross_entropy_from_logits, categorical_cross_entropy,
                   one_hot_targets, sigmoid, softmax)


class _Model:
    """What the three models share: input checks, the training loop, score."""

    def __init__(self, learning_rate=0.1, n_epochs=1000, batch_size=None,
                 l1=0.0, l2=0.0, seed=0, dtype=np.float64, progress=False):
        self.learning_rate = learning_rate
        self.n_epochs = n_epochs
        self.batch_size = batch_size
        self.l1 = l1
        self.l2 = l2
        self.seed = seed
        self.dtype = dtype
        self.progress = progress

    # --- the training loop: the same for every model -------------------------
    def fit(self, X, y, X_val=None, y_val=None, callback=None):
        """Learn the weights from X (N, D) and labels y (N,).

        X_val, y_val: optional held-out data; its cost is kept per epoch in
            val_cost_history_ (it never influences training).
        callback: optional function callback(model, epoch) called after every
            epoch (the playground draws snapshots with it); if it returns True,
            training stops early.
        cost_history_[i] is the training cost during epoch i: for full-batch
        training the cost before that epoch's step, for mini-batches the mean
        cost of the epoch's batches.
        """
        self._check_hyperparameters()
        X = self._check_X(X, "X", fitting=True)
        y = self._check_y(y, len(X), "y")
        rng = np.random.default_rng(self.seed)
        self._init_weights(X.shape[1], self._n_outputs(y), rng)
        if X_val is not None:  # checked after init, against the number of features just set
            X_val = self._check_X(X_val, "X_val")
            y_val = self._check_y(y_val, len(X_val), "y_val")
        T = self._targets(y)  # once, not at every step
        T_val = None if X_val is None else self._targets(y_val)
        self.cost_history_, self.val_cost_history_ = [], []

        batch = len(X) if self.batch_size is None else min(self.batch_size, len(X))
        epochs = tqdm(range(self.n_epochs), desc=type(self).__name__, disable=not self.progress)
        for epoch in epochs:
            order = np.arange(len(X)) if batch == len(X) else rng.permutation(len(X))
            costs = []
            for start in range(0, len(X), batch):
                rows = order[start:start + batch]
                cost, grads = self._cost_and_gradients(X[rows], T[rows])
                self._step(grads)
                costs.append(cost)
            self.cost_history_.append(float(np.mean(costs)))
            if X_val is not None:
                self.val_cost_history_.append(self._cost_and_gradients(X_val, T_val, False)[0])
            if callback is not None and callback(self, epoch):
                break
        return self

    def _step(self, grads):
        params = self.parameters()
        for name, grad in grads.items():
            params[name] -= self.learning_rate * grad  # in place: no copy of the weights

    # --- what a learner calls after fit --------------------------------------
    def predict(self, X):
        """Predicted labels (N,): the most probable class."""
        P = self.predict_proba(X)
        return np.argmax(P, axis=1) if P.ndim == 2 else (P >= 0.5).astype(int)

    def score(self, X, y):
        """Classification rate (accuracy) on X, y."""
        X = self._check_X(X, "X")
        y = self._check_y(y, len(X), "y")
        return float(np.mean(self.predict(X) == y))

    def cost(self, X, y):
        """J at the current weights (cross-entropy plus penalty)."""
        self._check_fitted()
        X = self._check_X(X, "X")
        return self._cost_and_gradients(X, self._targets(self._check_y(y, len(X), "y")), False)[0]

    def gradients(self, X, y):
        """dJ/dparam for every learned array, as {name: array} (e.g. {"W_": ..., "b_": ...})."""
        self._check_fitted()
        X = self._check_X(X, "X")
        return self._cost_and_gradients(X, self._targets(self._check_y(y, len(X), "y")))[1]

    def parameters(self):
        """The learned arrays, {name: array}; the arrays themselves, not copies."""
        self._check_fitted()
        return {name: getattr(self, name) for name in self._param_names()}

    def _penalty(self, W):
        """The regularisation term added to J and its gradient with respect to W."""
        cost = self.l2 / 2 * np.sum(W * W) + self.l1 * np.sum(np.abs(W))
        return cost, self.l2 * W + self.l1 * np.sign(W)

    # --- input checks that speak the learner's language -----------------------
    def _check_hyperparameters(self):
        if not (isinstance(self.learning_rate, (int, float)) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be a positive number; got {self.learning_rate!r}")
        if not (isinstance(self.n_epochs, (int, np.integer)) and self.n_epochs >= 1):
            raise ValueError(f"n_epochs must be a whole number >= 1; got {self.n_epochs!r}")
        if self.batch_size is not None and not (
                isinstance(self.batch_size, (int, np.integer)) and self.batch_size >= 1):
            raise ValueError(f"batch_size must be None (full batch) or >= 1; got {self.batch_size!r}")
        for name in ("l1", "l2"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and value >= 0):
                raise ValueError(f"{name} must be a number >= 0; got {value!r}")

    def _check_X(self, X, name, fitting=False):
        try:
            X = np.asarray(X, dtype=self.dtype)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a numeric array of shape (N, D)") from None
        if X.ndim != 2:
            hint = " (one feature? use X.reshape(-1, 1))" if X.ndim == 1 else ""
            raise ValueError(f"{name} must be 2-D, shape (N, D); got shape {X.shape}{hint}")
        if len(X) == 0:
            raise ValueError(f"{name} has no rows; a model needs at least one sample")
        if not np.all(np.isfinite(X)):
            row, col = np.argwhere(~np.isfinite(X))[0]
            raise ValueError(f"{name} has a NaN or infinite value at row {row}, column {col}")
        if not fitting:
            self._check_fitted()
            if X.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"{name} has {X.shape[1]} columns but the model was fitted on "
                    f"{self.n_features_in_} features")
        return X

    def _check_y(self, y, n_rows, name):
        if y is None:
            raise ValueError(f"{name} is missing: pass the labels of the {n_rows} rows")
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            raise ValueError(
                f"{name} must be integer labels of shape (N,), not one-hot {y.shape}; "
                f"use y.argmax(axis=1)")
        y = y.reshape(-1) if y.ndim == 2 else y
        if y.ndim != 1 or len(y) != n_rows:
            raise ValueError(f"{name} must have shape ({n_rows},) to match X; got {y.shape}")
        if y.dtype.kind not in "iub" and not np.all(np.mod(y, 1) == 0):
            raise ValueError(f"{name} must hold integer class labels 0, 1, ..., K-1")
        y = y.astype(np.int64)
        if y.min() < 0:
            raise ValueError(f"{name} has a negative label ({y.min()}); labels are 0, 1, ..., K-1")
        return y

    def _check_fitted(self):
        if not hasattr(self, "n_features_in_"):
            raise RuntimeError(
                f"This {type(self).__name__} is not fitted yet: call fit(X, y) first")

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items()
                         if not k.endswith("_") and not k.startswith("_")
                         and k != "dtype")
        return f"{type(self).__name__}({args})"


class LogisticRegression(_Model):
    """One neuron: P(y=1 | x) = sigmoid(w^T x + b), for labels in {0, 1}.

    Learned: w_ (D,), b_ (shape (), a 0-d array so it updates in place).
    Gradient of the mean cross-entropy (notebook 03): dJ/dw = X^T (Y - T) / N,
    dJ/db = sum(Y - T) / N, where Y = sigmoid(X w + b) and T the targets.
    predict_proba returns P(y=1 | x) as (N,).
    """

    def _n_outputs(self, y):
        self._targets(y)  # rejects labels other than 0 and 1 before any work
        return 1

    def _init_weights(self, n_features, n_outputs, rng):
        self.n_features_in_ = n_features
        self.w_ = (rng.standard_normal(n_features) / np.sqrt(n_features)).astype(self.dtype)
        self.b_ = np.zeros((), dtype=self.dtype)

    def _param_names(self):
        return ["w_", "b_"]

    def _targets(self, y):
        if y.max() > 1:
            raise ValueError(
                f"LogisticRegression needs labels 0 and 1; y has label {y.max()} "
                f"(use SoftmaxRegression or MLP for more classes)")
        return y.astype(self.dtype)

    def decision_function(self, X):
        """The logit z = X w + b, (N,); its sign is the side of the line w^T x + b = 0."""
        return self._check_X(X, "X") @ self.w_ + self.b_

    def predict_proba(self, X):
        return sigmoid(self.decision_function(X))

    def _cost_and_gradients(self, X, T, with_gradients=True):
        z = X @ self.w_ + self.b_
        penalty, dpenalty = self._penalty(self.w_)
        cost = binary_cross_entropy_from_logits(T, z) + penalty
        if not with_gradients:
            return float(cost), None
        error = (sigmoid(z) - T) / len(X)  # (Y - T) / N
        return float(cost), {"w_": X.T @ error + dpenalty, "b_": error.sum()}


class SoftmaxRegression(_Model):
    """Multinomial logistic regression: P(y=k | x) = softmax(x W + b)_k.

    Learned: W_ (D, K), b_ (K,). Gradient (notebook 07), with P = softmax(XW + b)
    and T the one-hot targets: dJ/dW = X^T (P - T) / N, dJ/db = sum_n (P - T) / N.
    predict_proba returns (N, K).
    """

    def __init__(self, n_classes=None, **kwargs):
        self.n_classes = n_classes
        super().__init__(**kwargs)

    def _n_outputs(self, y):
        return _n_classes(y, self.n_classes)

    def _init_weights(self, n_features, n_outputs, rng):
        self.n_features_in_ = n_features
        self.W_ = (rng.standard_normal((n_features, n_outputs)) / np.sqrt(n_features)).astype(self.dtype)
        self.b_ = np.zeros(n_outputs, dtype=self.dtype)

    def _param_names(self):
        return ["W_", "b_"]

    def predict_proba(self, X):
        return softmax(self._check_X(X, "X") @ self.W_ + self.b_)

    def _targets(self, y):
        return one_hot_targets(y, self.W_.shape[1]).astype(self.dtype)

    def _cost_and_gradients(self, X, T, with_gradients=True):
        P = softmax(X @ self.W_ + self.b_)
        penalty, dpenalty = self._penalty(self.W_)
        cost = categorical_cross_entropy(T, P) + penalty
        if not with_gradients:
            return cost, None
        delta = (P - T) / len(X)
        return cost, {"W_": X.T @ delta + dpenalty, "b_": delta.sum(axis=0)}


class MLP(_Model):
    """A multi-layer perceptron with softmax output.

    hidden_layer_sizes: units per hidden layer, e.g. (5,) or (8, 8).
    activation: "sigmoid", "tanh" or "relu", for every hidden layer.
    Learned: W_ and b_, lists with one array per layer: W_[l] is (M_l, M_{l+1}).

    Forward (notebook 08): H_0 = X, H_l = f(H_{l-1} W_l + b_l), P = softmax(H_L W + b).
    Backward (notebook 09): the error signal Delta starts at (P - T) / N and
    travels back through every layer, Delta <- (Delta W_l^T) * f'(H_l), and
    each layer's gradient is dJ/dW_l = H_{l-1}^T Delta, dJ/db_l = sum_n Delta.
    """

    def __init__(self, hidden_layer_sizes=(5,), activation="tanh", n_classes=None, **kwargs):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.n_classes = n_classes
        super().__init__(**kwargs)

    @classmethod
    def from_weights(cls, W, b, activation="tanh", **kwargs):
        """A ready-to-use MLP with the given weights instead of trained ones.

        W: list of arrays, W[l] of shape (M_l, M_{l+1}); b: list of (M_{l+1},) arrays.
        For checking a forward pass or gradients written by hand against ours
        with the very same weights (notebooks 08, 09, 12).
        """
        W = [np.array(w, dtype=float) for w in W]  # copies: training must not change the caller's
        b = [np.array(v, dtype=float) for v in b]
        if len(W) < 2 or len(W) != len(b):
            raise ValueError(
                f"need one W and one b per layer, at least 2 layers; got {len(W)} W and {len(b)} b")
        for layer, (w, v) in enumerate(zip(W, b)):
            if w.ndim != 2 or v.shape != (w.shape[1],):
                raise ValueError(f"W[{layer}] must be 2-D and b[{layer}] of shape ({w.shape[-1]},); "
                                 f"got {w.shape} and {v.shape}")
            if layer and w.shape[0] != W[layer - 1].shape[1]:
                raise ValueError(f"W[{layer}] has {w.shape[0]} rows but layer {layer} has "
                                 f"{W[layer - 1].shape[1]} units")
        model = cls(hidden_layer_sizes=tuple(w.shape[1] for w in W[:-1]), activation=activation,
                    n_classes=W[-1].shape[1], **kwargs)
        model._check_hyperparameters()
        model.n_features_in_, model.W_, model.b_ = W[0].shape[0], W, b
        return model

    def _check_hyperparameters(self):
        super()._check_hyperparameters()
        activation(self.activation)  # raises with the list of valid names
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, (int, np.integer)):
            sizes = (sizes,)
        if not all(isinstance(m, (int, np.integer)) and m >= 1 for m in sizes):
            raise ValueError(
                f"hidden_layer_sizes must be whole numbers >= 1, like (5,) or (8, 8); got {sizes!r}")

    def _n_outputs(self, y):
        return _n_classes(y, self.n_classes)

    def _init_weights(self, n_features, n_outputs, rng):
        self.n_features_in_ = n_features
        hidden = self.hidden_layer_sizes
        sizes = [n_features, *((hidden,) if isinstance(hidden, (int, np.integer)) else hidden), n_outputs]
        # Scale by 1/sqrt(fan-in) (relu: sqrt(2/fan-in)) so each layer's
        # inputs to f stay around 1 and tanh/sigmoid start unsaturated.
        gain = 2.0 if self.activation == "relu" else 1.0
        self.W_ = [(rng.standard_normal((m, k)) * np.sqrt(gain / m)).astype(self.dtype)
                   for m, k in zip(sizes[:-1], sizes[1:])]
        self.b_ = [np.zeros(k, dtype=self.dtype) for k in sizes[1:]]

    def _targets(self, y):
        return one_hot_targets(y, self.W_[-1].shape[1]).astype(self.dtype)

    def parameters(self):
        self._check_fitted()
        params = {}
        for layer, (W, b) in enumerate(zip(self.W_, self.b_)):
            params[f"W_[{layer}]"], params[f"b_[{layer}]"] = W, b
        return params

    def forward(self, X):
        """Every layer's output: [H_0 = X, H_1, ..., H_L], and P (N, K)."""
        f, _ = activation(self.activation)
        H = [X]
        for W, b in zip(self.W_[:-1], self.b_[:-1]):
            Z = H[-1] @ W
            Z += b  # in place: on large N, every (N, M) array allocated costs time
            H.append(f(Z))
        return H, softmax(H[-1] @ self.W_[-1] + self.b_[-1])

    def hidden_activations(self, X):
        """The hidden layers' outputs [H_1, ..., H_L] for X: what each unit has learned."""
        return self.forward(self._check_X(X, "X"))[0][1:]

    def predict_proba(self, X):
        return self.forward(self._check_X(X, "X"))[1]

    def _cost_and_gradients(self, X, T, with_gradients=True):
        H, P = self.forward(X)
        penalties = [self._penalty(W) for W in self.W_]
        cost = categorical_cross_entropy(T, P) + sum(p for p, _ in penalties)
        if not with_gradients:
            return cost, None
        _, df = activation(self.activation)
        grads = {}
        delta = (P - T) / len(X)  # dJ/d(logits)
        for layer in reversed(range(len(self.W_))):
            grads[f"W_[{layer}]"] = H[layer].T @ delta + penalties[layer][1]
            grads[f"b_[{layer}]"] = delta.sum(axis=0)
            if layer > 0:
                delta = delta @ self.W_[layer].T
                delta *= df(H[layer])
        return cost, grads


def _n_classes(y, n_classes):
    found = int(y.max()) + 1
    if n_classes is None:
        return max(found, 2)
    if found > n_classes:
        raise ValueError(f"y has label {found - 1} but n_classes={n_classes}")
    return n_classes
