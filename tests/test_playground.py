"""The playground trains, snapshots, draws and runs its widgets without a browser."""

import asyncio

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import data as ecommerce  # noqa: E402
from course_utils.math import categorical_cross_entropy  # noqa: E402
from course_utils.models import MLP, DivergenceError  # noqa: E402
from course_utils import playground as pg  # noqa: E402
from course_utils.checkers import ExerciseError, NotWrittenYet  # noqa: E402
from course_utils.checkers.playground import check_dead_units, check_spiral_network  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def xor_run():
    """A (4,) tanh network that learns XOR, with snapshots at a few epochs."""
    data = pg.load_playground_data("XOR")
    return pg.PlaygroundRun(data, (4,), "tanh", learning_rate=1.0, n_epochs=400,
                            resolution=30).train(snapshot_epochs=[1, 10, 100])


# --- data ---------------------------------------------------------------------

@pytest.mark.parametrize("name, n_classes", [("XOR", 2), ("donut", 2), ("three clouds", 3),
                                             ("spirals", 2)])
def test_toy_data_sets_are_split_into_train_and_test(name, n_classes):
    data = pg.load_playground_data(name)
    n = len(data.X_train) + len(data.X_test)
    assert data.X_train.shape[1] == data.X_test.shape[1] == 2
    assert len(data.X_test) == int(np.ceil(0.3 * n))  # test_size=0.3
    assert data.y_train.shape == (len(data.X_train),)
    assert set(np.unique(np.concatenate([data.y_train, data.y_test]))) == set(range(n_classes))
    assert data.n_classes == n_classes
    assert data.noise == pg.DATASETS[name].noise.default


def test_noise_moves_the_same_points_further():
    clean = pg.load_playground_data("spirals", noise=0.0)
    noisy = pg.load_playground_data("spirals", noise=0.3)
    again = pg.load_playground_data("spirals", noise=0.3)
    np.testing.assert_array_equal(noisy.X_train, again.X_train)  # the same seed, the same points
    np.testing.assert_array_equal(clean.y_train, noisy.y_train)  # same points, same split
    # make_spirals jitters each coordinate by N(0, (noise * r)^2): on average a point moves
    # noise * r * sqrt(pi / 2), about 0.38 r for noise 0.3
    radius = np.linalg.norm(clean.X_train, axis=1)
    moved = np.linalg.norm(noisy.X_train - clean.X_train, axis=1)
    assert 0.3 < np.mean(moved / radius) < 0.45


def test_bad_data_set_name_or_noise_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"unknown data set 'moons'.*'XOR', 'donut'"):
        pg.load_playground_data("moons")
    with pytest.raises(ValueError, match=r"noise for XOR must be in \[0.0, 0.5\]; got 2.0"):
        pg.load_playground_data("XOR", noise=2.0)


def test_ecommerce_features_are_z_scored_on_the_training_rows():
    if not ecommerce.default_ecommerce_path().is_file():
        pytest.skip("no e-commerce data file (make data writes data/ecommerce_data.csv)")
    data = pg.load_playground_data("e-commerce")
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.X_train.std(axis=0), 1)
    assert data.class_names == tuple(ecommerce.ACTION_NAMES)
    assert data.feature_names == ("n_products_viewed (z-score)", "visit_duration (z-score)")
    assert data.noise is None


# --- training and snapshots -------------------------------------------------------

def test_snapshots_are_taken_at_the_requested_epochs_and_the_last(xor_run):
    assert [s.epoch for s in xor_run.snapshots] == [1, 10, 100, 400]
    assert xor_run.at(100) is xor_run.snapshots[2]
    with pytest.raises(KeyError, match=r"no snapshot at epoch 50; have \[1, 10, 100, 400\]"):
        xor_run.at(50)


def test_snapshot_shapes(xor_run):
    for snap in xor_run.snapshots:
        assert snap.proba.shape == (30, 30, 2)
        np.testing.assert_allclose(snap.proba.sum(axis=-1), 1)
        assert [h.shape for h in snap.hidden] == [(30, 30, 4)]
        assert np.all(np.abs(snap.hidden[0]) <= 1)  # tanh
        assert snap.train_costs.shape == snap.test_costs.shape == (snap.epoch,)


def test_snapshot_is_what_the_model_computes_over_the_grid(xor_run):
    last = xor_run.snapshots[-1]  # taken after the final epoch: the model is still in that state
    model = xor_run.model
    np.testing.assert_allclose(last.proba.reshape(-1, 2), model.predict_proba(xor_run.grid))
    np.testing.assert_allclose(last.hidden[0].reshape(-1, 4),
                               model.hidden_activations(xor_run.grid)[0])
    # row i of the grid is the i-th y value, column j the j-th x value (imshow's origin="lower")
    R = xor_run.resolution
    assert xor_run.grid.reshape(R, R, 2)[0, -1, 0] == xor_run.extent[1]
    assert xor_run.grid.reshape(R, R, 2)[-1, 0, 1] == xor_run.extent[3]
    # the same training as MLP.fit: the same weights, and its costs (no penalty here)
    mlp = MLP((4,), activation="tanh", learning_rate=1.0, n_epochs=400, seed=0)
    mlp.fit(xor_run.data.X_train, xor_run.data.y_train)
    for ours, theirs in zip(model.W_, mlp.W_, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    np.testing.assert_allclose(last.train_costs, mlp.cost_history_)
    assert last.test_accuracy == model.score(xor_run.data.X_test, xor_run.data.y_test)


@pytest.mark.parametrize("regularization", ["L1", "L2"])
def test_losses_are_plain_and_the_penalty_is_shown_apart(regularization):
    data = pg.load_playground_data("XOR")
    run = pg.PlaygroundRun(data, (4,), "tanh", learning_rate=1.0, regularization=regularization,
                           rate=0.05, n_epochs=30, resolution=5).train(snapshot_epochs=[10])
    model, last = run.model, run.snapshots[-1]
    plain = categorical_cross_entropy(data.y_test, model.predict_proba(data.X_test))
    size = (sum(np.sum(np.abs(W)) for W in model.W_) * 0.05 if regularization == "L1"
            else 0.05 / 2 * sum(np.sum(W ** 2) for W in model.W_))
    np.testing.assert_allclose(last.test_cost, plain)          # no penalty in the test loss
    np.testing.assert_allclose(run.loss("test"), plain)
    np.testing.assert_allclose(last.penalties[-1], size)
    assert size > 0.005  # a penalty that counts
    # MLP.fit's cost J includes the penalty: the same training gives the same weights, and
    # J = our loss + the penalty of the weights it was computed with (before the epoch's step)
    mlp = MLP((4,), activation="tanh", learning_rate=1.0, n_epochs=30, seed=0,
              **{regularization.lower(): 0.05})
    mlp.fit(data.X_train, data.y_train)
    np.testing.assert_allclose(last.train_costs[1:] + last.penalties[:-1], mlp.cost_history_[1:])
    for ours, theirs in zip(model.W_, mlp.W_, strict=True):
        np.testing.assert_allclose(ours, theirs)
    assert run.at(10).test_costs.shape == run.at(10).penalties.shape == (10,)


def test_cost_falls_while_training(xor_run):
    costs = [s.train_cost for s in xor_run.snapshots]
    assert costs == sorted(costs, reverse=True)
    assert costs[-1] < 0.5 * costs[0]
    assert xor_run.snapshots[-1].test_cost < xor_run.snapshots[0].test_cost


def test_the_learned_boundary_separates_xor(xor_run):
    last = xor_run.snapshots[-1]
    assert last.train_accuracy > 0.9 and last.test_accuracy > 0.9
    # Class 1 where x1 and x2 have the same sign: read P(class 1) at the four quadrant centres.
    centres = np.array([[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5], [-0.5, 0.5]])
    R = xor_run.resolution
    xs = np.linspace(*xor_run.extent[:2], R)
    ys = np.linspace(*xor_run.extent[2:], R)
    p1 = [last.proba[np.argmin(np.abs(ys - y)), np.argmin(np.abs(xs - x)), 1] for x, y in centres]
    assert min(p1[:2]) > 0.8 and max(p1[2:]) < 0.2


def test_on_snapshot_sees_each_snapshot_and_can_stop_training():
    data = pg.load_playground_data("donut")
    seen = []
    run = pg.PlaygroundRun(data, (3,), n_epochs=200, resolution=10)
    run.train(snapshot_epochs=[5, 10, 15, 20], on_snapshot=lambda s: seen.append(s.epoch) or
              s.epoch >= 10)
    assert seen == [5, 10]
    assert [s.epoch for s in run.snapshots] == [5, 10]
    assert run.epoch == 10 and len(run.train_losses) == 10


def test_no_hidden_layer_is_softmax_regression():
    run = pg.PlaygroundRun(pg.load_playground_data("XOR"), (), n_epochs=50, resolution=10).train()
    assert run.snapshots[-1].hidden == ()
    assert run.snapshots[-1].test_accuracy < 0.75  # a straight line cannot separate XOR


def test_snapshot_epochs_outside_the_run_are_rejected():
    run = pg.PlaygroundRun(pg.load_playground_data("XOR"), (2,), n_epochs=10, resolution=5)
    with pytest.raises(ValueError, match=r"must be in 1..n_epochs=10; got \[0, 11\]"):
        run.train(snapshot_epochs=[0, 5, 11])


def test_log_spaced_epochs_start_at_one_and_end_at_the_last():
    epochs = pg.log_spaced_epochs(3000, 40)
    assert epochs[0] == 1 and epochs[-1] == 3000
    assert np.all(np.diff(epochs) > 0)
    assert 30 <= len(epochs) <= 40
    assert epochs[5] - epochs[4] < epochs[-1] - epochs[-2]  # closer together early on


def test_reprs_summarise_instead_of_printing_arrays(xor_run):
    assert repr(xor_run.data) == (
        "PlaygroundData(XOR: 140 train + 60 test points, noise 0.05, seed 0 "
        "(class 0 107, class 1 93))")
    assert repr(xor_run.snapshots[0]).startswith(
        "Snapshot(epoch=1, proba (30, 30, 2), hidden [(30, 30, 4)], train accuracy ")
    assert repr(xor_run).endswith("snapshots at epochs [1, 10, 100, 400])")


def test_one_hidden_layer_may_be_given_as_a_number():
    assert pg.PlaygroundRun(pg.load_playground_data("XOR"), 5).hidden_layer_sizes == (5,)


def test_code_is_the_mlp_call():
    run = pg.PlaygroundRun(pg.load_playground_data("XOR"), (8, 4), "relu", 0.03, 0.001, 100)
    assert run.code() == ("MLP(hidden_layer_sizes=(8, 4), activation='relu', "
                          "learning_rate=0.03, l2=0.001, n_epochs=100, seed=0)")
    run = pg.PlaygroundRun(pg.load_playground_data("plane"), (2,), "linear", 0.1,
                           regularization="L1", rate=0.01, batch_size=10, n_epochs=5,
                           features=("x1", "x1^2"))
    assert run.code() == ("PlaygroundMLP(hidden_layer_sizes=(2,), activation='linear', "
                          "learning_rate=0.1, task='regression', l1=0.01, batch_size=10, "
                          "n_epochs=5, seed=0) on features ['x1', 'x1^2']")


# --- drawing -----------------------------------------------------------------

def test_boundary_image_is_pale_where_unsure_and_coloured_where_sure():
    proba = np.array([[[0.5, 0.5], [1.0, 0.0], [0.0, 1.0], [np.nan, np.nan]]])
    image = pg.boundary_image(proba, colors=("#0000ff", "#ff0000"))
    assert image.shape == (1, 4, 3)
    assert np.all(image[0, 0] > 0.8)  # unsure: almost white
    assert image[0, 1, 2] > image[0, 1, 0] + 0.3  # sure of class 0: blue
    assert image[0, 2, 0] > image[0, 2, 2] + 0.3  # sure of class 1: red
    np.testing.assert_allclose(image[0, 3], image[0, 0])  # NaN (diverged): shown as unsure


def test_class_margins_change_sign_on_the_boundary():
    proba = np.array([[[0.6, 0.3, 0.1], [0.3, 0.3, 0.4]]])
    np.testing.assert_allclose(pg.class_margins(proba),
                               [[[0.3, -0.3, -0.5], [-0.1, -0.1, 0.1]]])


def test_playground_figure_draws_every_unit_and_renders(xor_run):
    figure = pg.PlaygroundFigure(xor_run).show(xor_run.snapshots[-1])
    assert [len(images) for images in figure.view.unit_images] == [4]
    np.testing.assert_allclose(figure.view.unit_images[0][2].get_array(),
                               xor_run.snapshots[-1].hidden[0][:, :, 2])
    assert "XOR, epoch 400:" in figure.title.get_text()
    assert len(figure.view.boundaries) == 1  # two classes: one boundary line set
    line = figure.costs.train_line
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 401))
    png = figure.png()
    assert png.startswith(PNG_MAGIC)
    rgb = figure.rgb()
    assert rgb.dtype == np.uint8 and rgb.shape[2] == 3
    width, height = figure.fig.get_size_inches() * figure.fig.dpi
    assert rgb.shape[:2] == (round(height), round(width))


def test_two_columns_of_maps_for_a_wide_layer_and_one_boundary_per_class():
    data = pg.load_playground_data("three clouds")
    run = pg.PlaygroundRun(data, (6, 2), "relu", 0.1, n_epochs=100, resolution=20).train()
    figure = pg.PlaygroundFigure(run).show(run.snapshots[-1])
    axes = [image.axes for image in figure.view.unit_images[0]]
    assert len({ax.get_position().x0 for ax in axes}) == 2  # 6 units: two columns
    assert len(figure.view.boundaries) == 3
    for ax in axes:  # every map is square
        width, height = ax.get_position().size * figure.fig.get_size_inches()
        assert width == pytest.approx(height)


def test_plot_snapshots_one_output_panel_per_epoch(xor_run):
    fig = pg.plot_snapshots(xor_run, epochs=[1, 100, 400])
    titles = [t.get_text() for t in fig.texts]
    assert [t for t in titles if t.startswith("epoch ")] == ["epoch 1", "epoch 100", "epoch 400"]
    # 3 columns x (4 unit maps + 1 output) + the cost plot
    assert len(fig.axes) == 3 * 5 + 1
    assert fig.axes[-1].get_xscale() == "log"
    with pytest.raises(ValueError, match="call run.train"):
        pg.plot_snapshots(pg.PlaygroundRun(xor_run.data, (2,)))


def test_plot_runs_one_output_per_run_and_all_costs(xor_run):
    other = pg.PlaygroundRun(xor_run.data, (), n_epochs=50, resolution=10).train()
    fig = pg.plot_runs([xor_run, other], titles=["4 units", "none"], log_y=True)
    costs, outputs = fig.axes[0], fig.axes[1:]
    assert [ax.get_title().split("\n")[0] for ax in outputs] == ["4 units", "none"]
    assert [line.get_label() for line in costs.get_lines()][::2] == ["4 units", "none"]
    assert len(costs.get_lines()[2].get_xdata()) == 50  # each run's own number of epochs
    assert costs.get_yscale() == "log"
    with pytest.raises(ValueError, match="one title per run: 2 runs, 1 titles"):
        pg.plot_runs([xor_run, other], titles=["a"])


# --- new data sets, features, training step by step --------------------------------

@pytest.mark.parametrize("name, n", [("plane", 200), ("Gaussian bumps", 300)])
def test_regression_sets_have_number_targets_and_are_seeded(name, n):
    data = pg.load_playground_data(name, seed=3, test_size=0.5)
    assert data.is_regression and data.n_classes == 1 and data.class_names == ()
    assert len(data.X_train) == len(data.X_test) == n // 2
    assert data.y_train.dtype == np.float64 and data.y_train.shape == (n // 2,)
    again = pg.load_playground_data(name, seed=3, test_size=0.5)
    np.testing.assert_array_equal(data.X_train, again.X_train)
    np.testing.assert_array_equal(data.y_test, again.y_test)
    other = pg.load_playground_data(name, seed=4, test_size=0.5)
    assert not np.array_equal(data.X_train, other.X_train)  # a new seed: new points
    assert "seed 3" in data.describe()


def test_regression_targets_follow_their_formula():
    clean = pg.load_playground_data("plane", noise=0.0)
    np.testing.assert_allclose(clean.y_train, clean.X_train.sum(axis=1) / 2)
    noisy = pg.load_playground_data("plane", noise=0.2)
    assert 0.1 < np.std(noisy.y_train - noisy.X_train.sum(axis=1) / 2) < 0.3
    bumps = pg.load_playground_data("Gaussian bumps", noise=0.0)
    X = np.vstack([bumps.X_train, bumps.X_test])
    t = np.concatenate([bumps.y_train, bumps.y_test])
    up = np.linalg.norm(X - [0.5, 0.5], axis=1) < 0.2  # near the centre of a bump up
    down = np.linalg.norm(X - [0.5, -0.5], axis=1) < 0.2  # ... and of one down
    assert up.sum() >= 3 and down.sum() >= 3
    assert t[up].min() > 0.6 and t[down].max() < -0.6
    assert np.abs(t).max() < 1.1


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_the_train_test_ratio_is_the_one_asked_for(share):
    data = pg.load_playground_data("spirals", test_size=share)
    assert len(data.X_test) == int(np.ceil(share * 300))


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, "half", True])
def test_a_test_size_outside_zero_one_names_the_argument(bad):
    with pytest.raises(ValueError, match="test_size must be a fraction strictly between 0 and 1"):
        pg.load_playground_data("XOR", test_size=bad)


def test_features_are_the_named_functions_of_x1_and_x2():
    X = np.array([[1.0, 2.0], [-0.5, 0.25]])
    phi = pg.make_features(X, tuple(pg.FEATURES))
    expected = np.column_stack([X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 1] ** 2, X[:, 0] * X[:, 1],
                                np.sin(X[:, 0]), np.sin(X[:, 1])])
    np.testing.assert_allclose(phi, expected)
    assert list(pg.FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"]
    with pytest.raises(ValueError, match="features must be distinct names"):
        pg.make_features(X, ("x1", "x3"))
    with pytest.raises(ValueError, match="features must be distinct names"):
        pg.make_features(X, ())


def test_squares_as_features_let_a_network_without_hidden_layer_learn_the_donut():
    data = pg.load_playground_data("donut")
    plain = pg.PlaygroundRun(data, (), learning_rate=0.3, n_epochs=300, resolution=5).train([])
    squares = pg.PlaygroundRun(data, (), learning_rate=0.3, n_epochs=300, resolution=5,
                               features=("x1", "x2", "x1^2", "x2^2")).train([])
    assert plain.snapshots[-1].test_accuracy < 0.7  # a straight line
    assert squares.snapshots[-1].test_accuracy > 0.9  # a circle (the noisy radii overlap)


def _numerical_gradient(run, W, eps=1e-6):
    """d(loss + penalty)/dW by central differences, on the training points."""
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        saved = W[index]
        values = []
        for delta in (eps, -eps):
            W[index] = saved + delta
            values.append(run.loss("train") + run.penalty())
        W[index] = saved
        grad[index] = (values[0] - values[1]) / (2 * eps)
    return grad


@pytest.mark.parametrize("regularization, activation, name", [
    ("L1", "tanh", "XOR"), ("L2", "relu", "three clouds"), ("L2", "linear", "plane"),
    (None, "sigmoid", "Gaussian bumps")])
def test_the_gradient_of_loss_plus_penalty_is_the_numerical_one(regularization, activation,
                                                                name):
    run = pg.PlaygroundRun(pg.load_playground_data(name), (3, 2), activation, 0.1,
                           regularization=regularization, rate=0.1, resolution=5)
    run.step(3)  # away from the initial weights
    model = run.model
    P, H = model.forward(run._inputs[0])
    grads = model.backward(P, run._T, H)
    for layer, (W, extra) in enumerate(zip(model.W_, run.penalty_gradients(), strict=True)):
        analytic = grads[f"W_[{layer}]"] + extra
        np.testing.assert_allclose(analytic, _numerical_gradient(run, W), rtol=1e-4, atol=1e-7)


def test_training_step_by_step_is_one_longer_run():
    data = pg.load_playground_data("spirals")
    kwargs = dict(hidden_layer_sizes=(4, 3), activation="tanh", learning_rate=0.3,
                  regularization="L2", rate=0.001, batch_size=30, resolution=5, seed=2)
    pieces = pg.PlaygroundRun(data, **kwargs)
    pieces.step(7).step(1).step(12)
    whole = pg.PlaygroundRun(data, **kwargs).step(20)
    assert pieces.epoch == whole.epoch == 20
    for a, b in zip(pieces.model.W_, whole.model.W_, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(pieces.train_losses, whole.train_losses)
    np.testing.assert_array_equal(pieces.snapshot().proba, whole.snapshot().proba)
    pieces.reset()  # back to epoch 0, the same initial weights
    np.testing.assert_array_equal(pieces.step(20).model.W_[0], whole.model.W_[0])
    pieces.reset(seed=3)
    assert pieces.seed == 3 and not np.array_equal(pieces.model.W_[0], whole.model.W_[0])


def test_mini_batches_take_several_steps_per_epoch():
    data = pg.load_playground_data("XOR")
    full = pg.PlaygroundRun(data, (4,), learning_rate=0.1, resolution=5).step(5)
    small = pg.PlaygroundRun(data, (4,), learning_rate=0.1, batch_size=10, resolution=5).step(5)
    assert small.train_losses[-1] < full.train_losses[-1]  # 14 steps per epoch, not 1


def test_a_regression_network_learns_the_plane():
    run = pg.PlaygroundRun(pg.load_playground_data("plane", noise=0.0), (), "linear", 0.3,
                           resolution=5).step(300)
    assert run.test_losses[-1] < 1e-3
    snap = run.snapshot()
    assert snap.proba.shape == (5, 5, 1) and np.isnan(snap.test_accuracy)
    # the output is (x1 + x2) / 2 over the grid
    np.testing.assert_allclose(snap.proba[..., 0].ravel(), run.grid.sum(axis=1) / 2, atol=0.05)


@pytest.mark.parametrize("kwargs, message", [
    (dict(activation="softplus"), "activation must be one of .*'linear'.*; got 'softplus'"),
    (dict(hidden_layer_sizes=(2,) * 7), "hidden_layer_sizes: the playground has at most 6 hidden"),
    (dict(hidden_layer_sizes=(9,)), "hidden_layer_sizes: the playground has at most 8 units"),
    (dict(hidden_layer_sizes=(2, 0)), "hidden_layer_sizes must be whole numbers >= 1"),
    (dict(regularization="L3"), "regularization must be one of"),
    (dict(regularization="L1", rate=-1), r"rate \(the regularization rate\) must be a number"),
    (dict(learning_rate=0), "learning_rate must be a number > 0"),
    (dict(batch_size=0), "batch_size must be None"),
    (dict(features=("x1", "cos x1")), "features must be distinct names"),
])
def test_bad_settings_name_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pg.PlaygroundRun(pg.load_playground_data("XOR"), **kwargs)


def test_a_diverging_run_names_the_epoch_and_the_cause():
    run = pg.PlaygroundRun(pg.load_playground_data("XOR"), (4,), learning_rate=0.3,
                           regularization="L2", rate=1e6, resolution=5)
    with pytest.raises(DivergenceError, match=r"diverged at epoch 2: .*learning_rate \* rate = "
                                              r"300000 > 1"):
        run.step(10)


# --- the fast picture ----------------------------------------------------------------

def test_the_view_draws_every_map_and_a_link_per_weight(xor_run):
    view = pg.NetworkView(xor_run)
    snap = xor_run.snapshots[-1]
    html = view.html(snap)
    assert html.count('class="pg-map"') == 2 + 4  # 2 inputs, 4 hidden units
    assert html.count("<line ") == 2 * 4 + 4  # inputs -> layer 1, layer 1 -> output
    assert html.count("<circle ") == len(xor_run.data.X_train) + len(xor_run.data.X_test)
    without_test = view.html(snap, show_test=False)
    assert without_test.count("<circle ") == len(xor_run.data.X_train)
    assert "epoch 400: train" in html
    assert view.html(snap, discretize=True) != html
    # the widest link is the largest weight, its colour its sign
    W = snap.weights[0]
    i, j = np.unravel_index(np.argmax(np.abs(W)), W.shape)
    colour = pg.view.POSITIVE if W[i, j] > 0 else pg.view.NEGATIVE
    assert f'stroke="{colour}" stroke-width="6.0"' in html


def test_png_bytes_and_unit_maps():
    png = pg.png_bytes(np.zeros((3, 4, 3), np.uint8))
    assert png.startswith(PNG_MAGIC)
    rgb = pg.view.map_rgb(np.array([[-1.0, 0.0], [1.0, np.nan]]), -1, 1)
    assert rgb.shape == (2, 2, 3) and rgb.dtype == np.uint8
    # row 0 of the map (the lowest x2) is the image's bottom row
    np.testing.assert_array_equal(rgb[1, 0], pg.view._LUT[0])
    np.testing.assert_array_equal(rgb[0, 0], pg.view._LUT[255])


def test_measure_fps_returns_frames_per_second():
    fps = pg.measure_fps(hidden=(2,), seconds=0.3)
    assert isinstance(fps, float) and fps > 1


# --- the widget, without a browser ------------------------------------------------------

def test_widget_shows_epoch_zero_and_falls_back_to_a_note():
    playground = pg.Playground(dataset="donut")
    assert playground.run.epoch == 0 and playground.run.data.name == "donut"
    assert "output: epoch 0" in playground.view.value
    assert "donut: 140 train + 60 test points" in playground.status.value
    assert "MLP(hidden_layer_sizes=(4,)" in playground.code.value
    bundle = playground._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Run this cell" in bundle["text/plain"]


def test_step_trains_on_from_where_it_was_and_reset_goes_back():
    playground = pg.Playground(dataset="XOR", hidden=(3, 2), epochs_per_frame=5)
    before = playground.view.value
    playground.step_button.click()
    playground.step_button.click()
    assert playground.run.epoch == 10 and playground.view.value != before
    assert "epoch 10" in playground.status.value
    assert "n_epochs=10, seed=0)" in playground.code.value  # the model as it is now
    weights = playground.run.model.W_[0].copy()
    playground.reset_button.click()
    assert playground.run.epoch == 0
    playground.step_button.click()
    playground.step_button.click()
    np.testing.assert_array_equal(playground.run.model.W_[0], weights)


def test_widget_settings_reach_the_model():
    playground = pg.Playground()
    # a choice is shown for every control (a widget value of None would show none)
    assert playground.batch_size.label == "all" and playground.regularization.value == "none"
    assert playground.run.batch_size is None and playground.run.regularization is None
    playground.dataset.value = "three clouds"
    playground.add_layer.click()
    playground.layer_box.children[1].children[0].click()  # + in layer 2: 3 units
    playground.activation.value = "linear"
    playground.learning_rate.value = 0.1
    playground.regularization.value = "L1"
    playground.rate.value = 0.001
    playground.batch_size.value = 10
    playground.features["x1^2"].value = True
    playground.train_percent.value = 50
    run = playground.run
    assert run.data.name == "three clouds" and run.data.n_classes == 3
    assert len(run.data.X_test) == len(run.data.X_train) == 120
    assert (run.hidden_layer_sizes, run.activation, run.learning_rate, run.l1, run.batch_size,
            run.features) == ((4, 3), "linear", 0.1, 0.001, 10, ("x1", "x2", "x1^2"))


def test_layers_and_units_stop_at_the_limits():
    playground = pg.Playground(hidden=(8,) * 5)
    playground.add_layer.click()  # a new layer of 2 units
    assert playground.layers == [8] * 5 + [2] and playground.add_layer.disabled
    plus = playground.layer_box.children[0].children[0]
    assert plus.disabled  # 8 units already
    minus = playground.layer_box.children[0].children[2]
    minus.click()
    assert playground.run.hidden_layer_sizes == (7,) + (8,) * 4 + (2,)
    for _ in range(6):
        playground.remove_layer.click()
    assert playground.run.hidden_layer_sizes == () and playground.remove_layer.disabled


def test_new_data_and_new_weights_change_the_seeds_shown():
    playground = pg.Playground(dataset="spirals")
    points = playground.run.data.X_train.copy()
    playground.new_data.click()
    assert playground.data_seed.value == 1 and "seed 1" in playground.status.value
    assert not np.array_equal(playground.run.data.X_train, points)
    weights = playground.run.model.W_[0].copy()
    playground.new_weights.click()
    assert playground.run.seed == 1 and "weight seed 1" in playground.status.value
    assert not np.array_equal(playground.run.model.W_[0], weights)
    assert "seed=1" in playground.code.value


def test_changing_the_data_set_sets_its_noise_range():
    playground = pg.Playground()
    playground.dataset.value = "three clouds"
    setting = pg.DATASETS["three clouds"].noise
    assert (playground.noise.min, playground.noise.max, playground.noise.value) == (
        setting.low, setting.high, setting.default)
    playground.noise.value = 2.0
    assert "noise 2, seed 0 (class 0 80, class 1 80, class 2 80)" in playground.status.value
    playground.dataset.value = "Gaussian bumps"
    assert playground.noise.max == pg.DATASETS["Gaussian bumps"].noise.high
    assert playground.run.is_regression
    if ecommerce.default_ecommerce_path().is_file():
        playground.dataset.value = "e-commerce"
        assert playground.noise.disabled
        assert "e-commerce: 350 train + 150 test points" in playground.status.value


def test_no_feature_is_reported_not_trained():
    playground = pg.Playground()
    playground.features["x1"].value = False
    playground.features["x2"].value = False
    assert playground.run is None
    assert "features must be distinct names" in playground.status.value
    assert playground.frame() is False


def test_a_diverging_run_is_reported_in_red_and_pauses(recwarn):
    playground = pg.Playground(hidden=(4,), regularization="L2", epochs_per_frame=5)
    playground.rate.options = (1e6,)
    playground.rate.value = 1e6
    assert playground.frame() is False
    assert "diverged at epoch 2" in playground.status.value
    assert "#b00020" in playground.status.value
    assert len(recwarn) == 0  # no NumPy overflow warnings: the status says it
    assert not playground.playing


def test_play_trains_in_the_background_until_pause():
    playground = pg.Playground(dataset="XOR", hidden=(4,), epochs_per_frame=2)
    with pytest.raises(RuntimeError, match="needs a running event loop"):
        playground.play()

    async def scenario():
        playground.play_button.click()  # Play
        assert playground.playing and playground.play_button.description == "Pause"
        seen = []
        for _ in range(20):  # the loop is free between frames: this coroutine runs too
            await asyncio.sleep(0.01)
            seen.append(playground.run.epoch)
        playground.play_button.click()  # Pause
        await asyncio.sleep(0.05)
        stopped = playground.run.epoch
        await asyncio.sleep(0.1)
        return seen, stopped

    seen, stopped = asyncio.run(scenario())
    assert seen[-1] > seen[0] > 0 and seen == sorted(seen)
    assert playground.run.epoch == stopped and not playground.playing
    assert playground.play_button.description == "Play"


@pytest.mark.parametrize("text, sizes", [("8, 4", (8, 4)), ("", ()), (" 3 ", (3,)),
                                         ("2;2", (2, 2))])
def test_parse_hidden_layers(text, sizes):
    assert pg.parse_hidden_layers(text) == sizes


@pytest.mark.parametrize("text, message", [("0", "whole numbers >= 1"), ("4.5", "whole numbers"),
                                           ("9", "up to 6 hidden layers of up to 8 units"),
                                           ("1,1,1,1,1,1,1", "up to 6 hidden layers")])
def test_parse_hidden_layers_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        pg.parse_hidden_layers(text)


# --- exercise checkers ------------------------------------------------------------

def _dead_units(snapshot):
    return [np.flatnonzero(np.all(H == 0, axis=(0, 1))) for H in snapshot.hidden]


def test_dead_units_reference_answers_pass(capsys):
    check_dead_units(_dead_units)
    check_dead_units(lambda s: [np.flatnonzero(H.max(axis=(0, 1)) <= 0) for H in s.hidden])
    assert capsys.readouterr().out.count("check_dead_units: all 7 checks passed.") == 2


@pytest.mark.parametrize("answer, hint", [
    (lambda s: [np.flatnonzero(np.any(H == 0, axis=(0, 1))) for H in s.hidden],
     "0 at almost every grid point but not at all of them"),
    (lambda s: [np.all(H == 0, axis=(0, 1)) for H in s.hidden], "not a True/False mask"),
    (lambda s: [int(np.all(H == 0, axis=(0, 1)).sum()) for H in s.hidden],
     r"1-D array of unit indices; got shapes \[\(\), \(\)\]"),
    (lambda s: _dead_units(s)[0], r"one array per hidden layer, here 2; got an array"),
    (lambda s: [np.flatnonzero(np.all(H == 0, axis=(0, 1))) for H in s.hidden[:1]] * 2,
     r"in layer 2 only unit 2 is dead; you found \[2, 3\]"),
    (lambda s: [np.flatnonzero(np.all(H == 0, axis=(0, 1))) + 1 for H in s.hidden],
     "units 2 and 3 of layer 1 are 0 everywhere; you found \\[3, 4\\]"),
    (lambda s: s.hiden, r"raised AttributeError: 'Snapshot' object has no attribute 'hiden'"),
])
def test_dead_units_hints(answer, hint):
    with pytest.raises(ExerciseError, match=hint):
        check_dead_units(answer)


def test_dead_units_are_checked_on_real_relu_networks():
    # right on the made-up snapshot (its arrays are 6 x 6), wrong on the trained networks
    def only_small_grids(snapshot):
        return _dead_units(snapshot) if snapshot.proba.shape[0] == 6 else [[], []]

    with pytest.raises(ExerciseError, match=r"learning rate 3.0: the dead units are \[\[\], "
                                            r"\[0, 1, 2, 3, 4, 5, 6, 7\]\]; you found \[\[\], \[\]\]"):
        check_dead_units(only_small_grids)


def test_spiral_network_reference_answer_passes(capsys):
    assert check_spiral_network((4, 4), "tanh", learning_rate=0.3, n_epochs=3000) is None
    assert "check_spiral_network: all 8 checks passed." in capsys.readouterr().out


@pytest.mark.parametrize("args, hint", [
    (((4, 4), "tanh", 30.0, 300), "the training cost went up .* learning rate is too high"),
    (((2,), "tanh", 0.3, 3000), r"still falling at the end \(the last tenth of the epochs brought "
                                r"[1-9]\d?% of its whole fall\)"),
    (((4, 4), "tanh", 0.3, 300), "stopped falling while many training points are still wrong"),
    (((20,), "tanh", 0.3, 100), r"\(20,\) has 20 hidden units; the exercise allows 10"),
    (((9,), "tanh", 0.3, 100), r"at most 6 hidden layers of at most 8 units; got \(9,\)"),
    (((4.5,), "tanh", 0.3, 100), "whole numbers >= 1"),
    (((4,), "softplus", 0.3, 100), "activation must be"),
    (((4,), "tanh", 0.3, 5000), "n_epochs must be a whole number from 1 to 3000"),
])
def test_spiral_network_hints(args, hint):
    with pytest.raises(ExerciseError, match=hint):
        check_spiral_network(*args)


def test_playground_checkers_on_stubs_and_garbage():
    def stub(snapshot):
        raise NotImplementedError("for each hidden layer, the units that are 0 everywhere")

    with pytest.raises(NotWrittenYet, match="check_dead_units is not written yet: for each"):
        check_dead_units(stub)
    with pytest.raises(NotWrittenYet, match="check_spiral_network is not written yet"):
        check_spiral_network(None, None, None, None)
    with pytest.raises(ExerciseError, match=r"one array per hidden layer, here 2; got str 'dead'"):
        check_dead_units(lambda snapshot: "dead")
    with pytest.raises(ExerciseError, match=r"activation must be .*; got array\(\[1, 2\]\)") as info:
        check_spiral_network((4,), np.array([1, 2]), "fast", 10, l2=-1)
    assert "learning_rate must be a positive number; got 'fast'" in str(info.value)
    assert "l2 must be a number >= 0; got -1" in str(info.value)
    with pytest.raises(ExerciseError, match="hidden_layer_sizes must be whole numbers"):
        check_spiral_network([[4], 4, "x"], "tanh", 0.3, 10)


def test_spiral_checker_names_a_diverging_setting_instead_of_raising():
    with pytest.raises(ExerciseError, match=r"diverged .*too high"):
        check_spiral_network((5, 5), "relu", learning_rate=0.5, n_epochs=300, l2=1e4)
