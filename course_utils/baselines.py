"""The e-commerce models the course keeps, defined once.

Notebooks 06 (logistic), 07 (softmax) and 11 (network) each explore and end
with one of these configurations; notebook 13 trains the same three in Keras
and the benchmarks measure them, so every comparison uses the same models.
"""

from .models import MLP, LogisticRegression, SoftmaxRegression

ECOMMERCE_MODELS = {
    # 06: actions 0/1 only; the binary task is nearly linear.
    "logistic": (LogisticRegression, {"learning_rate": 0.5, "n_epochs": 2000}),
    # 07: all four actions, one linear layer with softmax.
    "softmax": (SoftmaxRegression, {"learning_rate": 0.5, "n_epochs": 2000}),
    # 11: one hidden layer; 5 tanh units and a little L2 won 11's validation sweep.
    "mlp": (MLP, {"hidden_layer_sizes": (5,), "activation": "tanh",
                  "learning_rate": 0.5, "n_epochs": 3000, "l2": 0.003}),
}


def ecommerce_model(name, **overrides):
    """A new, unfitted model of the kept configuration `name` ("logistic", "softmax", "mlp").

    overrides: hyper-parameters to change, e.g. seed=3 or progress=True.
    """
    if name not in ECOMMERCE_MODELS:
        raise ValueError(f"name must be one of {sorted(ECOMMERCE_MODELS)}; got {name!r}")
    cls, params = ECOMMERCE_MODELS[name]
    return cls(**{**params, **overrides})
