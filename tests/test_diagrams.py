"""draw_network draws one circle per unit and one arrow per weight, coloured by sign."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402

from course_utils.diagrams import NEGATIVE, NEUTRAL, POSITIVE, draw_network  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_one_circle_per_unit_and_one_arrow_per_weight():
    ax = draw_network((2, 3, 4))
    assert len(circles(ax)) == 2 + 3 + 4
    assert len(arrows(ax)) == 2 * 3 + 3 * 4
    assert {to_hex(a.get_edgecolor()) for a in arrows(ax)} == {NEUTRAL}
    assert ax.get_title() == "A network of 2 → 3 → 4 units"
    assert "$W_{1}$  (2 × 3)" in texts(ax) and "$W_{2}$  (3 × 4)" in texts(ax)


def test_units_are_labelled_and_layers_captioned():
    ax = draw_network((2, 3, 3), activation="sigmoid")
    labels = texts(ax)
    assert {"$x_{1}$", "$x_{2}$", "$h_{3}$", "$p_{3}$"} <= set(labels)
    assert "hidden\n3 units, sigmoid" in labels
    assert "output, softmax\n$K = 3$ classes" in labels
    deep = texts(draw_network((2, 4, 5, 3)))
    assert "$h^{2}_{5}$" in deep and "hidden 1\n4 units" in deep


def test_bias_units_add_one_circle_and_dashed_arrows_per_layer():
    ax = draw_network((2, 3, 3), show_bias=True)
    assert len(circles(ax)) == 8 + 2
    dashed = [a for a in arrows(ax) if a.get_linestyle() != "-"]
    assert len(dashed) == 3 + 3
    assert texts(ax).count("+1") == 2


def test_weights_set_colour_by_sign_and_width_by_size():
    W1 = np.array([[1.0, -2.0], [0.5, -0.25]])
    W2 = np.array([[4.0], [-1.0]])
    ax = draw_network((2, 2, 1), weights=[W1, W2])
    drawn = arrows(ax)
    values = np.concatenate([W1.ravel(), W2.ravel()])  # the order the arrows are drawn in
    colours = [to_hex(a.get_edgecolor()) for a in drawn]
    assert colours == [POSITIVE if v > 0 else NEGATIVE for v in values]
    widths = np.array([a.get_linewidth() for a in drawn])
    assert np.array_equal(np.argsort(widths, kind="stable"),
                          np.argsort(np.abs(values), kind="stable"))
    assert widths.max() == pytest.approx(0.4 + 3.2)  # the largest |weight| gets the widest arrow
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["positive weight", "negative weight"]


def test_biases_are_drawn_with_their_sign():
    W = [np.ones((2, 2)), np.ones((2, 2))]
    b = [np.array([-1.0, 1.0]), np.array([2.0, -2.0])]
    ax = draw_network((2, 2, 2), weights=W, biases=b)
    dashed = [to_hex(a.get_edgecolor()) for a in arrows(ax) if a.get_linestyle() != "-"]
    assert dashed == [NEGATIVE, POSITIVE, POSITIVE, NEGATIVE]


def test_a_large_layer_is_shortened_with_an_ellipsis():
    ax = draw_network((3, 20, 2), max_units=6)
    assert len(circles(ax)) == 3 + 6 + 2
    assert len(arrows(ax)) == 3 * 6 + 6 * 2
    assert r"$\vdots$" in texts(ax)
    assert "$h_{20}$" in texts(ax) and "$h_{6}$" not in texts(ax)


def test_names_beside_inputs_and_outputs():
    ax = draw_network((2, 3, 2), input_names=["price", "size"], output_names=["no", "yes"])
    labels = texts(ax)
    assert {"price", "size", "no", "yes"} <= set(labels)
    price = next(t for t in ax.texts if t.get_text() == "price")
    assert price.get_position()[0] < 0 and price.get_horizontalalignment() == "right"


def test_draws_on_given_axes():
    _, ax = plt.subplots()
    assert draw_network((1, 1), ax=ax, title="one weight") is ax
    assert ax.get_title() == "one weight" and len(arrows(ax)) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"layer_sizes": (3,)}, r"at least two whole numbers >= 1, inputs first"),
    ({"layer_sizes": (2, 0, 3)}, r"at least two whole numbers >= 1"),
    ({"layer_sizes": (2, 3, 3), "weights": [np.zeros((3, 2)), np.zeros((3, 3))]},
     r"weights\[0\] should have shape \(2, 3\) to connect layers 0 and 1; got \(3, 2\)"),
    ({"layer_sizes": (2, 3, 3), "weights": [np.zeros((2, 3))]},
     r"weights needs one array per layer after the inputs \(2\); got 1"),
    ({"layer_sizes": (2, 3, 3), "biases": [np.zeros(3), np.zeros(2)]},
     r"biases\[1\] should have shape \(3,\)"),
    ({"layer_sizes": (2, 3, 3), "input_names": ["a"]}, r"input_names needs 2 names"),
    ({"layer_sizes": (2, 3, 3), "max_units": 2}, r"max_units must be a whole number >= 3"),
])
def test_bad_arguments_are_explained(kwargs, message):
    with pytest.raises(ValueError, match=message):
        draw_network(**kwargs)
