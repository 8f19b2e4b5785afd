"""The shared plots draw what they say, and reject data they cannot draw."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import plots  # noqa: E402
from course_utils.datasets import make_clouds, make_xor  # noqa: E402
from course_utils.models import MLP  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_costs_draws_one_line_per_curve():
    ax = plots.plot_costs({"train": [3, 2, 1], "test": [3, 2.5, 2]})
    assert [line.get_label() for line in ax.get_lines()] == ["train", "test"]
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), [3, 2.5, 2])
    assert ax.get_xlabel() == "epoch" and ax.get_legend() is not None


def test_decision_boundary_regions_match_predictions():
    X, y = make_clouds(40, seed=0)
    model = MLP((6,), learning_rate=0.5, n_epochs=200).fit(X, y)
    ax = plots.plot_decision_boundary(model, X, y, resolution=30)
    assert len(ax.collections) >= 1 + 3  # the filled regions, then one scatter per class
    assert ax.get_title() == "Decision boundary"


def test_hidden_units_one_panel_per_unit():
    X, y = make_xor(60, seed=0)
    model = MLP((5,), n_epochs=5).fit(X, y)
    axes = plots.plot_hidden_units(model, X, y, resolution=20)
    assert [ax.get_title() for ax in axes[:5]] == [f"unit {k}" for k in range(1, 6)]
    assert not axes[5].axison  # the spare panel of a 2 x 4 grid is blank


def test_confusion_matrix_plot_writes_the_counts():
    ax = plots.plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], class_names=["a", "b", "c"])
    assert sorted(t.get_text() for t in ax.texts) == sorted("100010011")


def test_plots_reject_points_that_are_not_2d():
    with pytest.raises(ValueError, match=r"shape \(N, 2\) to plot; got shape \(4, 3\)"):
        plots.plot_dataset(np.zeros((4, 3)), np.zeros(4))
