"""The kept e-commerce configurations build the models they name and learn the data."""

import pytest

from course_utils.baselines import ECOMMERCE_MODELS, ecommerce_model
from course_utils.data import load_ecommerce, prepare_ecommerce
from course_utils.models import MLP, LogisticRegression


def test_factory_builds_fresh_models_with_overrides():
    a, b = ecommerce_model("mlp"), ecommerce_model("mlp", seed=3, n_epochs=10)
    assert isinstance(a, MLP) and a is not b
    assert (a.seed, a.n_epochs, b.seed, b.n_epochs) == (0, 3000, 3, 10)
    assert b.hidden_layer_sizes == ECOMMERCE_MODELS["mlp"][1]["hidden_layer_sizes"]
    assert isinstance(ecommerce_model("logistic"), LogisticRegression)


def test_unknown_name_lists_the_choices():
    with pytest.raises(ValueError, match=r"one of \['logistic', 'mlp', 'softmax'\]; got 'cnn'"):
        ecommerce_model("cnn")


@pytest.mark.parametrize(("name", "binary", "minimum"), [
    ("logistic", True, 0.9), ("softmax", False, 0.8), ("mlp", False, 0.85)])
def test_kept_models_learn_the_project_data(name, binary, minimum):
    data = prepare_ecommerce(load_ecommerce(), binary=binary)
    model = ecommerce_model(name, n_epochs=1500).fit(data.X_train, data.y_train)
    assert model.score(data.X_test, data.y_test) > minimum


@pytest.mark.parametrize(("name", "binary", "minimum"), [
    ("logistic", True, 0.9), ("softmax", False, 0.8), ("mlp", False, 0.85)])
def test_kept_models_run_unchanged_on_the_course_file(name, binary, minimum, reference):
    # The same code as on the project's data: only the file differs.
    data = prepare_ecommerce(reference, binary=binary)
    model = ecommerce_model(name).fit(data.X_train, data.y_train)
    assert model.score(data.X_test, data.y_test) > minimum
