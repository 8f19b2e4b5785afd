"""The course's models in plain NumPy, with scikit-learn's verbs.

Every model has the same interface, which is all a model is (notebook 08):

    model = MLP(hidden_layer_sizes=(5,), learning_rate=0.1)   # hyper-parameters
    model.fit(X_train, y_train)          # learns weights: W_, b_ (end in _)
    model.predict(X_test)                # labels (N,)
    model.predict_proba(X_test)          # probabilities
    model.score(X_test, y_test)          # accuracy
    model.cost_history_                  # the cost at every epoch

and, inside, the same two steps as notebook 09's derivation:

    P, cache = model.forward(X)          # the probabilities, and what backward needs
    grads = model.backward(P, T, cache)  # dJ/dparam for every learned array

Shapes: X is (N, D), N samples of D features; y is (N,) integer labels
0, 1, ..., K-1; T their targets (one-hot (N, K), or (N,) for one neuron).
All three models minimise the mean cross-entropy plus an optional penalty,
    J = cross_entropy + l2 / 2 * sum(W^2) + l1 * sum(|W|)     (biases are not penalised)
by gradient descent, W <- W - learning_rate * dJ/dW, on the full batch or on
mini-batches. `gradients(X, y)` returns dJ/dW for every weight, so that
course_utils.gradcheck can compare it with a numerical derivative. Training
that diverges (a cost that becomes NaN or infinite, or explodes) stops with a
DivergenceError naming the epoch and the likely causes.

Introduced in: LogisticRegression 03, SoftmaxRegression 07, MLP 08 (forward) and 09 (backward).
"""

import numpy as np
from tqdm.auto import tqdm

from .math import (activation, binary_cross_entropy_from_logits, categorical_cross_entropy, one_hot,
                   sigmoid, softmax)
from .validation import (check_classes, check_fitted, check_hidden_layer_sizes, check_labels, check_number,
                         check_X)

# A cost above this many times its first value (or 1, if that is larger) has
# exploded: gradient descent overshoots further at every step. No course model
# comes near it (notebook 11's chaotic learning rate of 8 stays below 15 times).
EXPLODED = 1000.0


class DivergenceError(RuntimeError):
    """Training diverged: the cost became NaN or infinite, or exploded."""


class _Model:
    """What the three models share: the training loop, predict, score, cost and gradients.

    Each model below provides the same six pieces, and fit sets n_features_in_
    (D) and n_classes_ (K) before it calls any of them:
        _init_weights(rng)           the learned arrays before training
        parameters()                 the learned arrays, {name: array}
        _targets(y) -> T             the labels as the targets P is compared with
        forward(X) -> (P, cache)     the probabilities and what backward needs
        backward(P, T, cache)        dJ/dparam of the mean cross-entropy, {name: array}
        _cross_entropy(T, P, cache)  the mean cross-entropy (the cost without penalty)
    """

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

    # --- the pieces each model provides --------------------------------------
    def _init_weights(self, rng):
        raise NotImplementedError

    def parameters(self):
        """The learned arrays, {name: array}; the arrays themselves, not copies."""
        raise NotImplementedError

    def _targets(self, y):
        raise NotImplementedError

    def forward(self, X):
        """X (N, D) -> (P, cache): the probabilities, and what backward needs."""
        raise NotImplementedError

    def backward(self, P, T, cache):
        """P, the targets T and forward's cache -> {name: dJ/dparam} of the mean cross-entropy."""
        raise NotImplementedError

    def _cross_entropy(self, T, P, cache):
        return categorical_cross_entropy(T, P)

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
        Raises DivergenceError when the cost becomes NaN or infinite or explodes.
        """
        self._check_hyperparameters()
        X = check_X(X, "X", self.dtype)
        y = check_labels(y, len(X), "y")
        self.n_features_in_ = X.shape[1]
        self.n_classes_ = self._n_classes(y)
        rng = np.random.default_rng(self.seed)
        self._init_weights(rng)
        if X_val is not None:
            X_val = self._check_X(X_val, "X_val")
            y_val = check_labels(y_val, len(X_val), "y_val")
        T = self._targets(y)  # once, not at every step
        T_val = None if X_val is None else self._targets(y_val)
        self.cost_history_, self.val_cost_history_ = [], []

        batch = len(X) if self.batch_size is None else min(self.batch_size, len(X))
        epochs = tqdm(range(self.n_epochs), desc=type(self).__name__, disable=not self.progress)
        callers_errstate = np.geterr()
        # NumPy's overflow warnings would come from inside course_utils.math; a
        # DivergenceError that names the epoch and the causes says it instead.
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in epochs:
                order = np.arange(len(X)) if batch == len(X) else rng.permutation(len(X))
                costs = []
                for start in range(0, len(X), batch):
                    rows = order[start:start + batch]
                    cost, grads = self._cost_and_gradients(X[rows], T[rows])
                    self._step(grads)
                    costs.append(cost)
                self.cost_history_.append(float(np.mean(costs)))
                self._check_divergence(epoch, X)
                if X_val is not None:
                    self.val_cost_history_.append(self._cost(X_val, T_val))
                if callback is not None:
                    with np.errstate(**callers_errstate):
                        if callback(self, epoch):
                            break
            self._check_divergence(epoch, X, after_last_step=True)
        return self

    def _cost(self, X, T):
        """J = the mean cross-entropy + the penalty, at the current weights."""
        P, cache = self.forward(X)
        return self._cross_entropy(T, P, cache) + self._penalty(self.parameters())

    def _cost_and_gradients(self, X, T):
        """J and dJ/dparam: forward, backward, and the penalty's share of both."""
        params = self.parameters()
        P, cache = self.forward(X)
        cost = self._cross_entropy(T, P, cache) + self._penalty(params)
        grads = self.backward(P, T, cache)
        if not (self.l1 or self.l2):
            return cost, grads  # no penalty: its gradient would be zeros, computed at every step
        for name, W in params.items():
            if not name.startswith("b_"):  # d/dW (l2/2 W^2 + l1 |W|) = l2 W + l1 sign(W)
                grads[name] = grads[name] + (self.l2 * W + self.l1 * np.sign(W))
        return cost, grads

    def _penalty(self, params):
        """l2/2 * sum(W^2) + l1 * sum(|W|), summed over the weights (not the biases)."""
        if not (self.l1 or self.l2):
            return 0.0  # skips a pass over every weight at every step
        return sum(self.l2 / 2 * np.sum(W * W) + self.l1 * np.sum(np.abs(W))
                   for name, W in params.items() if not name.startswith("b_"))

    def _step(self, grads):
        params = self.parameters()
        for name, grad in grads.items():
            # W <- W - learning_rate * dJ/dW, in place: parameters() hands out these
            # very arrays (gradcheck perturbs them, b_ is a 0-d array for that reason)
            params[name] -= self.learning_rate * grad

    def _check_divergence(self, epoch, X, after_last_step=False):
        """DivergenceError if the cost is not finite or exploded (or, at the end, a weight is not finite).

        A weight that is not finite makes the next forward pass, and so the next
        epoch's cost, NaN or infinite, so only the last step's weights need their own check.
        """
        cost, first = self.cost_history_[-1], self.cost_history_[0]
        if after_last_step:
            if all(np.all(np.isfinite(p)) for p in self.parameters().values()):
                return
            what = "the weights overflowed to infinity or NaN in the last step"
        elif np.isfinite(cost) and cost <= EXPLODED * max(first, 1.0):
            return
        elif not np.isfinite(cost):
            what = f"the training cost is {cost}"
        else:
            what = f"the training cost exploded to {cost:.4g} (it was {first:.4g} at epoch 1)"
        causes = [f"the learning rate ({self.learning_rate:g}) is too high: try one 10 times smaller"]
        largest = float(np.max(np.abs(X)))
        if largest > 10:
            causes.append(f"the inputs are not scaled (the largest |value| in X is {largest:.3g}): "
                          f"standardise each column (course_utils.data.fit_standardizer, notebook 05)")
        if self.l2 * self.learning_rate > 1:
            causes.append(f"learning_rate * l2 = {self.learning_rate * self.l2:g} > 1 makes every step "
                          f"overshoot the penalty's minimum: lower l2")
        raise DivergenceError(
            f"{type(self).__name__}.fit diverged at epoch {epoch + 1} of {self.n_epochs}: {what}. "
            f"Likely causes: " + "; ".join(causes) + ". The costs so far are in cost_history_.")

    # --- what a learner calls after fit --------------------------------------
    def predict(self, X):
        """Predicted labels (N,): the most probable class."""
        P = self.predict_proba(X)
        return np.argmax(P, axis=1) if P.ndim == 2 else (P >= 0.5).astype(int)

    def predict_proba(self, X):
        """The probabilities P of forward(X): (N, K), or (N,) for LogisticRegression."""
        return self.forward(self._check_X(X, "X"))[0]

    def score(self, X, y):
        """Classification rate (accuracy) on X, y."""
        X = self._check_X(X, "X")
        y = check_labels(y, len(X), "y")
        return float(np.mean(self.predict(X) == y))

    def cost(self, X, y):
        """J at the current weights (cross-entropy plus penalty)."""
        X = self._check_X(X, "X")
        return float(self._cost(X, self._targets(check_labels(y, len(X), "y"))))

    def gradients(self, X, y):
        """dJ/dparam for every learned array, as {name: array} (e.g. {"W_": ..., "b_": ...})."""
        X = self._check_X(X, "X")
        return self._cost_and_gradients(X, self._targets(check_labels(y, len(X), "y")))[1]

    # --- input checks (course_utils.validation) -------------------------------
    def _check_hyperparameters(self):
        check_number(self.learning_rate, "learning_rate", "a positive number", low=0, low_open=True)
        check_number(self.n_epochs, "n_epochs", "a whole number >= 1", low=1, whole=True)
        if self.batch_size is not None:
            check_number(self.batch_size, "batch_size", "None (full batch) or >= 1", low=1, whole=True)
        check_number(self.l1, "l1", "a number >= 0", low=0)
        check_number(self.l2, "l2", "a number >= 0", low=0)

    def _check_X(self, X, name):
        """X checked against the fitted model: fitted, finite, n_features_in_ columns."""
        check_fitted(self)
        X = check_X(X, name, self.dtype)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"{name} has {X.shape[1]} columns but the model was fitted on "
                             f"{self.n_features_in_} features")
        return X

    def _n_classes(self, y):
        return check_classes(y, "y", getattr(self, "n_classes", None))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items()
                         if not k.endswith("_") and not k.startswith("_")
                         and k != "dtype")
        return f"{type(self).__name__}({args})"


class LogisticRegression(_Model):
    """One neuron: P(y=1 | x) = sigmoid(x w + b), for labels in {0, 1} (notebook 03).

    Learned: w_ (D,), b_ (shape (), a 0-d array so it updates in place).
    predict_proba returns P(y=1 | x) as (N,).
    """

    def _init_weights(self, rng):
        D = self.n_features_in_
        self.w_ = (rng.standard_normal(D) / np.sqrt(D)).astype(self.dtype)
        self.b_ = np.zeros((), dtype=self.dtype)

    def parameters(self):
        check_fitted(self)
        return {"w_": self.w_, "b_": self.b_}

    def _n_classes(self, y):
        self._targets(y)  # first, for its message
        return check_classes(y, "y")

    def _targets(self, y):
        if y.max() > 1:
            raise ValueError(
                f"LogisticRegression needs labels 0 and 1; y has label {y.max()} "
                f"(use SoftmaxRegression or MLP for more classes)")
        return y.astype(self.dtype)  # T (N,): 1 for class 1, else 0

    def decision_function(self, X):
        """The logit z = X w + b, (N,); its sign is the side of the line x w + b = 0."""
        return self._check_X(X, "X") @ self.w_ + self.b_

    def forward(self, X):
        """P = sigmoid(z) with z = X w + b, both (N,); the cache (X, z) is what backward needs."""
        z = X @ self.w_ + self.b_
        return sigmoid(z), (X, z)

    def backward(self, P, T, cache):
        """dJ/dw = X^T (P - T) / N (D,) and dJ/db = sum_n (P - T) / N, a number (notebook 03)."""
        X, _ = cache
        delta = (P - T) / len(T)
        return {"w_": X.T @ delta, "b_": delta.sum()}

    def _cross_entropy(self, T, P, cache):
        # from the logits z: exact even where sigmoid(z) rounds to 0 or 1
        return binary_cross_entropy_from_logits(T, cache[1])


class SoftmaxRegression(_Model):
    """Multinomial logistic regression: P(y=k | x) = softmax(x W + b)_k (notebook 07).

    Learned: W_ (D, K), b_ (K,). predict_proba returns (N, K).
    n_classes: K; None takes it from the labels (then every class 0..K-1 must occur).
    """

    def __init__(self, n_classes=None, **kwargs):
        self.n_classes = n_classes
        super().__init__(**kwargs)

    def _init_weights(self, rng):
        D, K = self.n_features_in_, self.n_classes_
        self.W_ = (rng.standard_normal((D, K)) / np.sqrt(D)).astype(self.dtype)
        self.b_ = np.zeros(K, dtype=self.dtype)

    def parameters(self):
        check_fitted(self)
        return {"W_": self.W_, "b_": self.b_}

    def _targets(self, y):
        return one_hot(y, self.n_classes_, what="label").astype(self.dtype)  # T (N, K)

    def forward(self, X):
        """P = softmax(X W + b), (N, K); the cache is X, for backward."""
        return softmax(X @ self.W_ + self.b_), X

    def backward(self, P, T, X):
        """Delta = (P - T) / N (N, K); dJ/dW = X^T Delta (D, K), dJ/db = sum_n Delta (K,)."""
        delta = (P - T) / len(T)
        return {"W_": X.T @ delta, "b_": delta.sum(axis=0)}


class MLP(_Model):
    """A multi-layer perceptron: hidden layers with activation f, a softmax output.

    hidden_layer_sizes: units per hidden layer, e.g. (5,) or (8, 8); () for none.
    activation: "sigmoid", "tanh" or "relu", for every hidden layer.
    n_classes: K; None takes it from the labels (then every class 0..K-1 must occur).

    Notebook 09's notation: layers l = 1, ..., L (L - 1 hidden layers and the
    output layer), H_0 = X, and
        forward:  H_l = f(H_{l-1} W_l + b_l) for l < L,   P = softmax(H_{L-1} W_L + b_L)
        backward: Delta_L = (P - T) / N,
                  dJ/dW_l = H_{l-1}^T Delta_l,   dJ/db_l = sum_n Delta_l[n, :],
                  Delta_{l-1} = (Delta_l W_l^T) * f'(H_{l-1})     (* element-wise)
    Learned: the lists W_ and b_. Python counts from 0, so W_[l - 1] holds W_l,
    of shape (units of layer l - 1, units of layer l), and b_[l - 1] holds b_l;
    the cache H is a list with H[l] = H_l, H[0] = X.
    """

    def __init__(self, hidden_layer_sizes=(5,), activation="tanh", n_classes=None, **kwargs):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.n_classes = n_classes
        super().__init__(**kwargs)

    @classmethod
    def from_weights(cls, W, b, activation="tanh", **kwargs):
        """A ready-to-use MLP with the given weights instead of trained ones.

        W: list [W_1, ..., W_L], W_l of shape (units of layer l - 1, units of layer l);
        b: list [b_1, ..., b_L]. For checking a forward pass or gradients written
        by hand against ours with the very same weights (notebooks 08, 09, 12).
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
        model.n_features_in_, model.n_classes_ = W[0].shape[0], W[-1].shape[1]
        model.W_, model.b_ = W, b
        return model

    def _check_hyperparameters(self):
        super()._check_hyperparameters()
        activation(self.activation)  # raises with the list of valid names
        check_hidden_layer_sizes(self.hidden_layer_sizes)

    def _init_weights(self, rng):
        sizes = [self.n_features_in_, *check_hidden_layer_sizes(self.hidden_layer_sizes), self.n_classes_]
        # Scale by 1/sqrt(fan-in) (relu: sqrt(2/fan-in)) so each layer's
        # inputs to f stay around 1 and tanh/sigmoid start unsaturated.
        gain = 2.0 if self.activation == "relu" else 1.0
        self.W_ = [(rng.standard_normal((m, k)) * np.sqrt(gain / m)).astype(self.dtype)
                   for m, k in zip(sizes[:-1], sizes[1:])]
        self.b_ = [np.zeros(k, dtype=self.dtype) for k in sizes[1:]]

    def parameters(self):
        """{"W_[0]": W_1, "b_[0]": b_1, "W_[1]": W_2, ...}: the arrays themselves."""
        check_fitted(self)
        params = {}
        for layer, (W, b) in enumerate(zip(self.W_, self.b_)):
            params[f"W_[{layer}]"], params[f"b_[{layer}]"] = W, b
        return params

    def _targets(self, y):
        return one_hot(y, self.n_classes_, what="label").astype(self.dtype)  # T (N, K)

    def forward(self, X):
        """P (N, K) for X (N, D), and the cache H = [H_0 = X, H_1, ..., H_{L-1}] for backward."""
        f, _ = activation(self.activation)
        L = len(self.W_)
        H = [X]
        for l in range(1, L):
            Z = H[l - 1] @ self.W_[l - 1]
            Z += self.b_[l - 1]  # Z = H_{l-1} W_l + b_l, in place: one (N, M) array fewer
            H.append(f(Z))  # H_l = f(Z)
        P = softmax(H[L - 1] @ self.W_[L - 1] + self.b_[L - 1])  # P = softmax(H_{L-1} W_L + b_L)
        return P, H

    def backward(self, P, T, H):
        """dJ/dW_l and dJ/db_l for every layer, from the output layer back (notebook 09)."""
        _, df = activation(self.activation)
        L = len(self.W_)
        grads = {}
        delta = (P - T) / len(T)  # Delta_L
        for l in range(L, 0, -1):
            grads[f"W_[{l - 1}]"] = H[l - 1].T @ delta  # dJ/dW_l = H_{l-1}^T Delta_l
            grads[f"b_[{l - 1}]"] = delta.sum(axis=0)  # dJ/db_l = sum_n Delta_l
            if l > 1:
                delta = (delta @ self.W_[l - 1].T) * df(H[l - 1])  # Delta_{l-1}
        return grads

    def hidden_activations(self, X):
        """The hidden layers' outputs [H_1, ..., H_{L-1}] for X: what each unit has learned."""
        return self.forward(self._check_X(X, "X"))[1][1:]
