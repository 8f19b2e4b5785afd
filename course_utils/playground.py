"""The playground: train a small network on 2-D data and watch what it learns (notebook 14).

A network on two inputs is a stack of functions of the plane: every hidden unit
h = f(x W + b) and every output probability P(class k | x) has a value at each
point (x1, x2), so each can be drawn as a coloured map. The playground draws
them all while the network trains, like TensorFlow Playground, on the course's
own NumPy MLP. Three layers, each usable without the next:

1. Data and training, no drawing:
       data = load_playground_data("spirals", noise=0.1)
       run = PlaygroundRun(data, hidden_layer_sizes=(8, 8), activation="tanh",
                           learning_rate=0.3, l2=0.0, n_epochs=1000)
       run.train(snapshot_epochs=[1, 10, 100, 1000])
       run.snapshots[-1].proba.shape        # (R, R, K): P(class k) over the plane
   A Snapshot holds what the network computes over a grid of R x R points at
   one epoch: the output probabilities, every hidden unit, the costs so far.
2. Drawing, matplotlib only: PlaygroundFigure(run).show(snapshot) is the live
   view (inputs -> hidden layers -> output -> cost curves); plot_snapshots(run)
   puts several epochs in one static figure.
3. The front end: Playground() is the ipywidgets panel (data set, noise,
   hidden layers, activation, learning rate, L2, epochs, Train); it redraws a
   PlaygroundFigure into an Output widget every few epochs while training.

The data sets are the toy sets of course_utils.datasets (XOR, donut, three
clouds, spirals) and two features of the course's e-commerce data
(course_utils.data). course_utils.animation saves a run as a GIF.

The checkers of notebook 14's exercises are in course_utils.checkers.playground.
"""

import base64
import html
import io
from dataclasses import dataclass

import ipywidgets as w
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import data as ecommerce
from .datasets import make_clouds, make_donut, make_spirals, make_xor
from .models import DivergenceError, MLP
from .plots import CLASS_COLORS
from .validation import check_hidden_layer_sizes

# ---------------------------------------------------------------------------
# 1. Data sets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NoiseSetting:
    """The range of a data set's `noise` argument (its meaning differs per generator)."""

    default: float
    low: float
    high: float
    step: float
    meaning: str


# name -> (generator(noise, seed) -> X, y; its noise range, or None for real data)
DATASETS = {
    "XOR": (lambda noise, seed: make_xor(200, noise=noise, seed=seed),
            NoiseSetting(0.05, 0.0, 0.5, 0.05, "std of the jitter added to each point")),
    "donut": (lambda noise, seed: make_donut(200, noise=noise, seed=seed),
              NoiseSetting(0.25, 0.0, 0.8, 0.05, "std of each point's radius")),
    "three clouds": (lambda noise, seed: make_clouds(80, noise=noise, seed=seed),
                     NoiseSetting(1.0, 0.2, 2.5, 0.1, "std of each cloud")),
    "spirals": (lambda noise, seed: make_spirals(300, noise=noise, seed=seed),
                NoiseSetting(0.1, 0.0, 0.4, 0.02, "std of the jitter, relative to the radius")),
    "e-commerce": (None, None),
}
# The two e-commerce features the playground shows: both numeric, both z-scored.
ECOMMERCE_FEATURES = ("n_products_viewed", "visit_duration")


@dataclass(frozen=True, repr=False)
class PlaygroundData:
    """A 2-D classification problem, split into training and test points.

    X_train: (N_train, 2), X_test: (N_test, 2) float64; y_train, y_test int64 labels.
    class_names: one name per class; feature_names: the two axes' names.
    """

    name: str
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple
    feature_names: tuple = ("$x_1$", "$x_2$")
    noise: float | None = None

    def __repr__(self):  # a summary, not every point
        return f"PlaygroundData({self.describe()})"

    @property
    def n_classes(self):
        return len(self.class_names)

    def describe(self):
        """One line: name, sizes, points per class."""
        counts = np.bincount(np.concatenate([self.y_train, self.y_test]), minlength=self.n_classes)
        per_class = ", ".join(f"{name} {count}"
                              for name, count in zip(self.class_names, counts, strict=True))
        noise = "" if self.noise is None else f", noise {self.noise:g}"
        return (f"{self.name}: {len(self.X_train)} train + {len(self.X_test)} test points"
                f"{noise} ({per_class})")


def load_playground_data(name="XOR", noise=None, seed=0, test_size=0.3):
    """One of the playground's data sets (see DATASETS), split into train and test.

    noise: the generator's noise (None: its default); ignored for "e-commerce",
        which is real data: n_products_viewed and visit_duration, z-scored with
        the training rows' mean and std, and the four user actions as classes.
    seed: the same seed gives the same points; changing only `noise` moves the
        same points further from their clean position.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {list(DATASETS)}")
    make, setting = DATASETS[name]
    if make is None:
        df = ecommerce.load_ecommerce()
        X = df[list(ECOMMERCE_FEATURES)].to_numpy(dtype=float)
        y = df[ecommerce.LABEL_COLUMN].to_numpy(dtype=np.int64)
        X_train, X_test, y_train, y_test = ecommerce.train_test_split(X, y, test_size, seed)
        mean, std = ecommerce.fit_standardizer(X_train)
        return PlaygroundData(name, ecommerce.standardize(X_train, mean, std), y_train,
                              ecommerce.standardize(X_test, mean, std), y_test,
                              tuple(ecommerce.ACTION_NAMES),
                              tuple(f"{f} (z-score)" for f in ECOMMERCE_FEATURES))
    noise = setting.default if noise is None else float(noise)
    if not setting.low <= noise <= setting.high + 1e-9:
        raise ValueError(
            f"noise for {name} must be in [{setting.low}, {setting.high}]; got {noise}")
    X, y = make(noise, seed)
    X_train, X_test, y_train, y_test = ecommerce.train_test_split(X, y, test_size, seed)
    return PlaygroundData(name, X_train, y_train, X_test, y_test,
                          tuple(f"class {k}" for k in range(int(y.max()) + 1)), noise=noise)


# ---------------------------------------------------------------------------
# 2. Training with snapshots (no drawing)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Snapshot:
    """What the network computes over the plane after `epoch` epochs of training.

    proba: (R, R, K) P(class k | grid point); row i is the i-th y value, column j the j-th x.
    hidden: one (R, R, M_l) array per hidden layer: unit m's activation at each grid point.
    train_costs: (epoch,) the cost J that training lowers, cross-entropy plus any L2
        penalty, at every epoch so far.
    test_costs: (epoch,) the plain cross-entropy on the test points after every epoch,
        without the penalty: what the network's predictions cost on new data.
    penalties: (epoch,) the L2 penalty l2/2 sum(W^2) after every epoch (zeros when l2 = 0).
    """

    epoch: int
    proba: np.ndarray
    hidden: tuple
    train_costs: np.ndarray
    test_costs: np.ndarray
    train_accuracy: float
    test_accuracy: float
    penalties: np.ndarray = None

    def __repr__(self):  # shapes, not every number of every map
        return (f"Snapshot(epoch={self.epoch}, proba {self.proba.shape}, hidden "
                f"{[h.shape for h in self.hidden]}, train accuracy {self.train_accuracy:.1%}, "
                f"test accuracy {self.test_accuracy:.1%})")

    @property
    def train_cost(self):
        return float(self.train_costs[-1])

    @property
    def test_cost(self):
        return float(self.test_costs[-1])


def log_spaced_epochs(n_epochs, count=20):
    """About `count` epoch numbers from 1 to n_epochs, closer together early on.

    A network changes most in its first epochs, so an animation shows 1, 2, 3,
    5, 8, ... rather than every 50th epoch.
    """
    return sorted({int(round(e)) for e in np.geomspace(1, n_epochs, count)})


class PlaygroundRun:
    """One training run of the playground: settings, grid, and (after train) snapshots.

    data: a PlaygroundData. The model is course_utils.models.MLP with these
    hyper-parameters, trained by full-batch gradient descent from seed `seed`.
    resolution: R, the grid is R x R points covering the data with a margin.
    """

    def __init__(self, data, hidden_layer_sizes=(4,), activation="tanh", learning_rate=0.3,
                 l2=0.0, n_epochs=500, resolution=60, seed=0):
        self.data = data
        self.hidden_layer_sizes = check_hidden_layer_sizes(hidden_layer_sizes)
        self.activation = activation
        self.learning_rate = learning_rate
        self.l2 = l2
        self.n_epochs = int(n_epochs)
        self.resolution = resolution
        self.seed = seed
        X = np.vstack([data.X_train, data.X_test])
        low, high = X.min(axis=0), X.max(axis=0)
        margin = 0.1 * (high - low).max()
        # extent in imshow's order (left, right, bottom, top), with origin="lower"
        self.extent = (low[0] - margin, high[0] + margin, low[1] - margin, high[1] + margin)
        xs = np.linspace(self.extent[0], self.extent[1], resolution)
        ys = np.linspace(self.extent[2], self.extent[3], resolution)
        xx, yy = np.meshgrid(xs, ys)
        self.grid = np.column_stack([xx.ravel(), yy.ravel()])  # (R*R, 2)
        self.model = MLP(self.hidden_layer_sizes, activation=activation, n_classes=data.n_classes,
                         learning_rate=learning_rate, l2=l2, n_epochs=self.n_epochs, seed=seed)
        self.snapshots = []
        self.penalties = []  # the L2 penalty after each epoch, kept by train()

    def __repr__(self):
        return (f"PlaygroundRun({self.data.name}: {self.code()}, "
                f"snapshots at epochs {[s.epoch for s in self.snapshots]})")

    def code(self):
        """The MLP call this run makes, as a learner would type it."""
        return (f"MLP(hidden_layer_sizes={self.hidden_layer_sizes}, "
                f"activation={self.activation!r}, learning_rate={self.learning_rate:g}, "
                f"l2={self.l2:g}, n_epochs={self.n_epochs})")

    def snapshot(self, epoch):
        """A Snapshot of the model as it is now, labelled `epoch` (the epochs done)."""
        model, d, R = self.model, self.data, self.resolution
        P, H = model.forward(self.grid)  # H = [grid, H_1, ..., H_{L-1}]
        # MLP's validation cost includes the penalty; the test cost shown is the plain loss.
        penalties = np.array(self.penalties[:len(model.val_cost_history_)])
        return Snapshot(
            epoch=epoch,
            proba=P.reshape(R, R, -1),
            hidden=tuple(h.reshape(R, R, -1) for h in H[1:]),
            train_costs=np.array(model.cost_history_),
            test_costs=np.array(model.val_cost_history_) - penalties,
            train_accuracy=model.score(d.X_train, d.y_train),
            test_accuracy=model.score(d.X_test, d.y_test),
            penalties=penalties,
        )

    def train(self, snapshot_epochs=None, on_snapshot=None):
        """Train from scratch and keep a Snapshot after each epoch in snapshot_epochs.

        snapshot_epochs: epoch counts in 1..n_epochs (1 = after the first
            gradient step); None: log_spaced_epochs(n_epochs). The last epoch
            is always kept.
        on_snapshot: optional function(snapshot) called as soon as each one is
            taken (the widget redraws with it); if it returns True, training stops.
        Returns self; the snapshots are in self.snapshots, in epoch order.
        """
        wanted = set(log_spaced_epochs(self.n_epochs) if snapshot_epochs is None
                     else snapshot_epochs)
        bad = sorted(e for e in wanted if not 1 <= e <= self.n_epochs)
        if bad:
            raise ValueError(f"snapshot_epochs must be in 1..n_epochs={self.n_epochs}; got {bad}")
        wanted.add(self.n_epochs)
        self.snapshots, self.penalties = [], []

        def callback(model, epoch):  # epoch counts from 0: epoch + 1 epochs are done
            # the weights the validation cost of this epoch was computed with
            self.penalties.append(self.l2 / 2 * sum(float(np.sum(W * W)) for W in model.W_))
            if epoch + 1 not in wanted:
                return False
            self.snapshots.append(self.snapshot(epoch + 1))
            return bool(on_snapshot is not None and on_snapshot(self.snapshots[-1]))

        d = self.data
        self.model.fit(d.X_train, d.y_train, X_val=d.X_test, y_val=d.y_test, callback=callback)
        return self

    def at(self, epoch):
        """The snapshot taken after `epoch` epochs."""
        for snap in self.snapshots:
            if snap.epoch == epoch:
                return snap
        raise KeyError(f"no snapshot at epoch {epoch}; have {[s.epoch for s in self.snapshots]}")


# ---------------------------------------------------------------------------
# 3. Drawing (matplotlib, no widgets)
# ---------------------------------------------------------------------------

# Hidden units get their own colours, not the classes': orange where a unit
# is high, purple where it is low, white at 0 (tanh, relu) or 0.5 (sigmoid).
UNIT_CMAP = "PuOr_r"
TEST_EDGE = "#222222"


def boundary_image(proba, colors=CLASS_COLORS):
    """RGB image (R, R, 3) of the output: each class's colour, pale where the network is unsure.

    proba: (R, R, K) probabilities. The colour is the probability-weighted mix
    of the class colours, blended with white by the confidence
    (max_k P_k - 1/K) / (1 - 1/K), which is 0 where all classes are equally likely.
    """
    proba = np.asarray(proba, dtype=float)
    K = proba.shape[-1]
    proba = np.where(np.isfinite(proba), proba, 1 / K)  # a diverged network: "unsure"
    rgb = np.array([mpl.colors.to_rgb(colors[k % len(colors)]) for k in range(K)])
    mix = proba @ rgb
    confidence = (proba.max(axis=-1, keepdims=True) - 1 / K) / (1 - 1 / K)
    alpha = 0.12 + 0.5 * confidence
    return 1 - alpha * (1 - mix)


def class_margins(proba):
    """(R, R, K): P_k minus the largest other P_j; the decision boundary is where one is 0."""
    proba = np.asarray(proba, dtype=float)
    K = proba.shape[-1]
    others = np.stack([np.delete(proba, k, axis=-1).max(axis=-1) for k in range(K)], axis=-1)
    return proba - others


def unit_norm(activation, values=None):
    """The colour scale of a hidden unit's map: fixed for tanh and sigmoid; for relu,
    which has no upper limit, from 0 (white) to the largest value in `values`."""
    if activation == "tanh":
        return mpl.colors.Normalize(-1, 1)
    if activation == "sigmoid":
        return mpl.colors.Normalize(0, 1)
    top = max(float(np.max(values)) if values is not None else 1.0, 1e-6)
    return mpl.colors.Normalize(-top, top)  # 0 stays white; relu is never negative


def draw_points(ax, data, size=14):
    """Training points filled, test points with a dark edge, coloured by class."""
    for X, y, edge, width in [(data.X_train, data.y_train, "white", 0.4),
                              (data.X_test, data.y_test, TEST_EDGE, 0.8)]:
        colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in y]
        ax.scatter(*X.T, c=colors, s=size, edgecolors=edge, linewidths=width, zorder=3)


def point_handles(data):
    """Legend entries for draw_points: one per class, and one for the test points."""
    handles = [Line2D([], [], ls="", marker="o", color=CLASS_COLORS[k % len(CLASS_COLORS)],
                      markeredgecolor="white", label=name)
               for k, name in enumerate(data.class_names)]
    handles.append(Line2D([], [], ls="", marker="o", color="#bbbbbb",
                          markeredgecolor=TEST_EDGE, label="test point"))
    return handles


def _map_axes(fig, rect, W, H):
    """A small square Axes for one map, rect = (left, bottom, width, height) in inches."""
    x, y, w, h = rect
    ax = fig.add_axes((x / W, y / H, w / W, h / H))
    ax.set(xticks=[], yticks=[])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#aaaaaa")
    return ax


class SnapshotView:
    """Draws snapshots of a run on given axes: one map per hidden unit, and the output.

    unit_axes: one list of Axes per hidden layer, one Axes per unit.
    output_ax: the Axes for the decision regions with the data.
    The images are made once; show(snapshot) updates them in place, so
    redrawing is fast. Where the axes are is the caller's choice (see
    PlaygroundFigure and plot_snapshots).
    """

    def __init__(self, run, unit_axes, output_ax, point_size=14):
        self.run, self.ax = run, output_ax
        blank = np.zeros((run.resolution, run.resolution))
        self.unit_images = [[ax.imshow(blank, origin="lower", extent=run.extent, aspect="auto",
                                       cmap=UNIT_CMAP, norm=unit_norm(run.activation),
                                       interpolation="bilinear") for ax in axes]
                            for axes in unit_axes]
        output_ax.grid(False)
        self.output_image = output_ax.imshow(np.ones((run.resolution, run.resolution, 3)),
                                             origin="lower", extent=run.extent, aspect="auto",
                                             interpolation="bilinear")
        draw_points(output_ax, run.data, size=point_size)
        output_ax.set(xlim=run.extent[:2], ylim=run.extent[2:])
        output_ax.set_xlabel(run.data.feature_names[0], fontsize="small", labelpad=2)
        output_ax.set_ylabel(run.data.feature_names[1], fontsize="small", labelpad=1)
        output_ax.tick_params(labelsize="x-small", pad=2)
        self.boundaries = []

    def show(self, snap):
        """Draw `snap` (a Snapshot of this view's run); returns self."""
        run = self.run
        for layer, images in enumerate(self.unit_images):
            H = snap.hidden[layer]
            for unit, image in enumerate(images):
                image.set_data(H[:, :, unit])
                if run.activation == "relu":  # each unit on its own scale: its shape shows
                    image.set_norm(unit_norm("relu", H[:, :, unit]))
        self.output_image.set_data(boundary_image(snap.proba))
        for line in self.boundaries:
            line.remove()
        # The boundary between class k and the others is where P_k equals the
        # largest other probability; between classes k and j both margins are 0
        # on the same curve, so the lines coincide (for 2 classes, draw one).
        margins = class_margins(snap.proba)
        K = margins.shape[-1]
        xs = np.linspace(*run.extent[:2], run.resolution)
        ys = np.linspace(*run.extent[2:], run.resolution)
        self.boundaries = [
            self.ax.contour(xs, ys, margins[..., k], levels=[0.0], colors="#333333",
                            linewidths=1.0)
            for k in (range(1) if K == 2 else range(K))
            if margins[..., k].min() < 0 < margins[..., k].max()]
        return self


class CostView:
    """Train and test cost per epoch, on an x axis that spans the whole run.

    log_x: a log scale for the epochs, which gives the first epochs, where
    most changes, as much room as the last ones.
    """

    def __init__(self, ax, run, log_x=False):
        self.ax, self.run = ax, run
        # a dot at the newest value, so even a one-epoch curve is visible
        (self.train_line,) = ax.plot([], [], color="#444444", label="train", marker="o", ms=3,
                                     markevery=[-1])
        (self.test_line,) = ax.plot([], [], color="#e377c2", label="test", marker="o", ms=3,
                                    markevery=[-1])
        # the penalty apart, dotted: train J includes it, the test cross-entropy does not
        (self.penalty_line,) = ax.plot([], [], color="#444444", ls=":", lw=1,
                                       label="L2 penalty" if run.l2 else None)
        if log_x:
            ax.set_xscale("log")
            ax.set_xlim(1, max(run.n_epochs, 2))
        else:
            ax.set_xlim(0, run.n_epochs)
        ax.set_title("cost: train J = cross-entropy + L2, test cross-entropy" if run.l2
                     else "cost (cross-entropy)", fontsize="small")
        ax.set_xlabel("epoch (log scale)" if log_x else "epoch", fontsize="small", labelpad=2)
        ax.tick_params(labelsize="x-small", pad=2)
        ax.legend(fontsize="x-small", loc="upper right")

    def show(self, snap):
        epochs = np.arange(1, snap.epoch + 1)
        self.train_line.set_data(epochs, snap.train_costs)
        self.test_line.set_data(epochs, snap.test_costs)
        if self.run.l2 and snap.penalties is not None:
            self.penalty_line.set_data(epochs, snap.penalties)
        costs = np.concatenate([snap.train_costs, snap.test_costs])
        finite = costs[np.isfinite(costs)]
        self.ax.set_ylim(0, 1.05 * max(float(finite.max()) if finite.size else 1.0, 1e-3))
        return self


class PlaygroundFigure:
    """The live view of a run, laid out like the network from left to right:

    the inputs x1 and x2 as maps, a column of maps per hidden layer (two
    columns above 4 units), the output, and the cost curves. A matplotlib
    Figure not managed by pyplot, so it never shows up by itself in a
    notebook: the widget and the animation writer render it with png() and
    rgb(), at `dpi` pixels per inch. Sizes below are in inches.
    log_x: epochs on a log scale in the cost plot (for log-spaced snapshots).
    """

    TILE, GAP, COLUMN_GAP, COST_WIDTH = 0.62, 0.07, 0.28, 2.5

    def __init__(self, run, dpi=80, log_x=False):
        self.run = run
        tile, gap = self.TILE, self.GAP
        side = 4 * tile + 3 * gap  # the output is as tall as a column of 4 maps
        columns = [("inputs", 2, 1)] + [
            (f"layer {layer + 1}\n{m} {run.activation}", m, 2 if m > 4 else 1)
            for layer, m in enumerate(run.hidden_layer_sizes)]
        widths = [c * tile + (c - 1) * gap for _, _, c in columns]
        bottom, left = 0.45, 0.15
        W = left + sum(widths) + self.COLUMN_GAP * len(columns) + 0.45 + side + 0.6 \
            + self.COST_WIDTH + 0.2
        H = bottom + side + 0.8
        self.fig = Figure(figsize=(W, H), dpi=dpi)
        FigureCanvasAgg(self.fig)  # renders rgb() and png() off-screen
        axes_per_column, x = [], left
        for (label, count, cols), width in zip(columns, widths, strict=True):
            rows = -(-count // cols)
            top = bottom + side - (side - (rows * tile + (rows - 1) * gap)) / 2  # centred
            column = [_map_axes(self.fig, (x + (i % cols) * (tile + gap),
                                           top - (i // cols + 1) * tile - (i // cols) * gap,
                                           tile, tile), W, H) for i in range(count)]
            column[0].set_title(label, fontsize="small")
            axes_per_column.append(column)
            x += width + self.COLUMN_GAP
        output_ax = self.fig.add_axes(((x + 0.45) / W, bottom / H, side / W, side / H))
        output_ax.set_title("output", fontsize="small")
        self.view = SnapshotView(run, axes_per_column[1:], output_ax)
        x1, x2 = run.grid.T.reshape(2, run.resolution, run.resolution)
        for ax, values, name in zip(axes_per_column[0], (x1, x2), run.data.feature_names,
                                    strict=True):
            scale = np.abs(values).max()
            ax.imshow(values, origin="lower", extent=run.extent, aspect="auto", cmap=UNIT_CMAP,
                      vmin=-scale, vmax=scale, interpolation="bilinear")
            ax.set_xlabel(name.replace(" (z-score)", ""), fontsize="x-small", labelpad=1)
        cost_ax = self.fig.add_axes(((W - 0.2 - self.COST_WIDTH) / W, bottom / H,
                                     self.COST_WIDTH / W, side / H))
        self.costs = CostView(cost_ax, run, log_x)
        self.fig.legend(handles=point_handles(run.data), loc="lower left", fontsize="x-small",
                        ncols=len(run.data.class_names) + 1, frameon=False,
                        bbox_to_anchor=(0.0, 0.0), handletextpad=0.1, columnspacing=1.0)
        self.title = self.fig.text(left / W, 1 - 0.1 / H, "", va="top", fontsize="medium")

    def show(self, snap):
        """Draw `snap` (a Snapshot of this run); returns self."""
        self.view.show(snap)
        self.costs.show(snap)
        run = self.run
        self.title.set_text(
            f"{run.data.name}, epoch {snap.epoch} of {run.n_epochs}:  "
            f"train {snap.train_accuracy:.1%}, test {snap.test_accuracy:.1%} correct;  "
            f"cost train {snap.train_cost:.3f}, test {snap.test_cost:.3f}\n{run.code()}")
        return self

    def rgb(self):
        """The figure as an (H, W, 3) uint8 array."""
        self.fig.canvas.draw()
        return np.asarray(self.fig.canvas.buffer_rgba())[..., :3].copy()

    def png(self):
        """The figure as PNG bytes."""
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.fig.dpi)
        return buffer.getvalue()


def plot_snapshots(run, epochs=None, title=None):
    """A static figure of the run: one column per chosen epoch, the costs below.

    Each column reads top to bottom like the network: a row of maps per
    hidden layer (4 per row), then the output. epochs: epochs of
    run.snapshots to show (default: 4 of them, spread out). Uses pyplot, so
    in a notebook it shows like any other plot. Returns the Figure.
    """
    if not run.snapshots:
        raise ValueError("the run has no snapshots yet: call run.train() first")
    if epochs is None:
        picks = np.unique(np.linspace(0, len(run.snapshots) - 1, 4).round().astype(int))
        snaps = [run.snapshots[i] for i in picks]
    else:
        snaps = [run.at(e) for e in epochs]
    side, gap, column_gap, left = 2.3, 0.06, 0.55, 0.75
    per_row = 4
    tile = (side - (per_row - 1) * gap) / per_row
    layer_rows = [-(-m // per_row) for m in run.hidden_layer_sizes]
    layers_height = sum(r * (tile + gap) + 0.25 for r in layer_rows)
    cost_height = 1.8
    W = max(left + len(snaps) * (side + column_gap) + 0.1, 6.5)
    H = 0.85 + layers_height + 0.35 + side + 0.75 + cost_height + 0.1
    fig = plt.figure(figsize=(W, H))
    top = H - 0.85
    for column, snap in enumerate(snaps):
        x, y = left + column * (side + column_gap), top
        unit_axes = []
        for layer, (m, rows) in enumerate(zip(run.hidden_layer_sizes, layer_rows, strict=True)):
            y -= 0.25
            if column == 0:
                fig.text(0.1 / W, (y - rows * (tile + gap) / 2) / H,
                         f"layer {layer + 1}\n{m} {run.activation}", fontsize="small",
                         va="center")
            unit_axes.append([_map_axes(fig, (x + (i % per_row) * (tile + gap),
                                              y - (i // per_row + 1) * tile - (i // per_row) * gap,
                                              tile, tile), W, H) for i in range(m)])
            y -= rows * (tile + gap)
        y -= 0.35 + side
        output_ax = fig.add_axes((x / W, y / H, side / W, side / H))
        SnapshotView(run, unit_axes, output_ax, point_size=9).show(snap)
        if column > 0:
            output_ax.set_ylabel("")
        output_ax.set_title(f"train {snap.train_accuracy:.1%}, test {snap.test_accuracy:.1%}",
                            fontsize="small")
        fig.text((x + side / 2) / W, (top + 0.1) / H, f"epoch {snap.epoch}", ha="center",
                 fontsize="medium", fontweight="bold")
    ax = fig.add_axes((left / W, 0.5 / H, (W - left - 0.25) / W, (cost_height - 0.45) / H))
    CostView(ax, run, log_x=True).show(run.snapshots[-1])
    for snap in snaps:
        ax.plot(snap.epoch, snap.train_cost, "o", color="#444444", ms=4)
    ax.set_xlabel("epoch (log scale; dots: the epochs above)", fontsize="small")
    ax.set_ylabel("cost", fontsize="small")
    _title_and_legend(fig, title or f"{run.data.name}: {run.code()}", run.data)
    return fig


def _title_and_legend(fig, title, data):
    """The figure's title at the top left, the legend of the points on the line below."""
    W, H = fig.get_size_inches()
    fig.suptitle(title, x=0.1 / W, ha="left", y=1 - 0.08 / H, va="top", fontsize="medium")
    fig.legend(handles=point_handles(data), loc="upper left", fontsize="x-small",
               ncols=len(data.class_names) + 1, frameon=False, handletextpad=0.1,
               columnspacing=1.0, bbox_to_anchor=(0.05 / W, 1 - 0.33 / H))


RUN_COLORS = ("#444444", "#9467bd", "#17becf", "#bcbd22", "#e377c2", "#8c564b")


def plot_runs(runs, titles=None, title=None, log_x=False, log_y=False):
    """Trained runs side by side: each one's output after its last epoch, then all cost curves.

    For comparing settings on the same data, one run per setting. titles: one
    per run (default: its MLP call). Test cross-entropy solid, train cost J
    dashed, and for a run with l2 > 0 its L2 penalty dotted (J includes it);
    log_x, log_y: log scales for the epochs, the costs. Uses pyplot; returns
    the Figure.
    """
    titles = [run.code() for run in runs] if titles is None else list(titles)
    if len(titles) != len(runs):
        raise ValueError(f"need one title per run: {len(runs)} runs, {len(titles)} titles")
    if any(not run.snapshots for run in runs):
        raise ValueError("every run needs snapshots: call run.train() first")
    W, H = max(3.0 * len(runs), 6.5), 6.0
    fig = plt.figure(figsize=(W, H))
    grid = fig.add_gridspec(2, len(runs), height_ratios=[3.1, 1.5], hspace=0.45, wspace=0.3,
                            left=0.5 / W, right=1 - 0.15 / W, top=1 - 0.95 / H, bottom=0.5 / H)
    cost_ax = fig.add_subplot(grid[1, :])
    for k, (run, label) in enumerate(zip(runs, titles, strict=True)):
        last = run.snapshots[-1]
        ax = fig.add_subplot(grid[0, k])
        SnapshotView(run, [], ax, point_size=8).show(last)
        ax.set_box_aspect(1)
        ax.set_title(f"{label}\ntrain {last.train_accuracy:.1%}, test {last.test_accuracy:.1%}",
                     fontsize="small")
        if k > 0:
            ax.set_ylabel("")
        color = RUN_COLORS[k % len(RUN_COLORS)]
        epochs = np.arange(1, last.epoch + 1)
        cost_ax.plot(epochs, last.test_costs, color=color, label=label.replace("\n", " "))
        cost_ax.plot(epochs, last.train_costs, color=color, ls="--", lw=0.9)
        if run.l2 and last.penalties is not None:
            cost_ax.plot(epochs, last.penalties, color=color, ls=":", lw=0.9)
    if log_x:
        cost_ax.set_xscale("log")
    if log_y:
        cost_ax.set_yscale("log")
    cost_ax.set_xlabel("epoch" + (" (log scale)" if log_x else ""), fontsize="small")
    cost_ax.set_ylabel("cost" + (" (log scale)" if log_y else ""), fontsize="small")
    penalised = any(run.l2 for run in runs)
    cost_ax.set_title("cost per epoch: test cross-entropy solid, train J dashed"
                      + (", L2 penalty dotted" if penalised else ""), fontsize="small")
    cost_ax.tick_params(labelsize="x-small")
    cost_ax.legend(fontsize="x-small", loc="upper right")
    _title_and_legend(fig, title or runs[0].data.name, runs[0].data)
    return fig


def plot_data(data, ax=None, title=None):
    """The data set alone: training points filled, test points with a dark edge."""
    ax = plt.subplots(figsize=(4, 4))[1] if ax is None else ax
    draw_points(ax, data)
    ax.legend(handles=point_handles(data), fontsize="small", loc="best")
    ax.set(title=title or data.name, xlabel=data.feature_names[0], ylabel=data.feature_names[1])
    ax.set_box_aspect(1)
    return ax


# ---------------------------------------------------------------------------
# 4. The widget front end
# ---------------------------------------------------------------------------

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
L2_PENALTIES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)
EPOCH_CHOICES = (10, 30, 100, 300, 1000, 3000)
MAX_LAYERS, MAX_UNITS = 3, 8


def parse_hidden_layers(text):
    """ "8, 4" -> (8, 4); "" -> () (no hidden layer). Raises ValueError saying what is wrong."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if not all(p.isdigit() and int(p) >= 1 for p in parts):
        raise ValueError(f"hidden layers must be whole numbers >= 1 separated by commas, "
                         f"like 8, 4; got {text!r}")
    sizes = tuple(int(p) for p in parts)
    if len(sizes) > MAX_LAYERS or any(m > MAX_UNITS for m in sizes):
        raise ValueError(f"the playground draws up to {MAX_LAYERS} hidden layers of up to "
                         f"{MAX_UNITS} units; got {text!r}")
    return sizes


def _png_output(png, label):
    """An Output widget's display_data message holding one PNG image."""
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": label}}


class Playground:
    """The playground's controls and view as ipywidgets; display it as the last line of a cell.

    Pressing Train (or calling train()) trains a PlaygroundRun and redraws its
    PlaygroundFigure into `output` about `frames` times while it trains. The
    last run is in `run`. Works without a browser: the output is stored in
    output.outputs, which is what a front end displays.
    """

    def __init__(self, dataset="XOR", hidden="4", activation="tanh", learning_rate=0.3, l2=0.0,
                 n_epochs=300, frames=25, resolution=50):
        self.frames = frames
        self.resolution = resolution
        self.run = None
        style = {"description_width": "90px"}
        wide = w.Layout(width="310px")
        self.dataset = w.Dropdown(options=list(DATASETS), value=dataset, description="data set",
                                  style=style, layout=wide)
        self.noise = w.FloatSlider(description="noise", style=style, layout=wide,
                                   continuous_update=False, readout_format=".2f")
        self.hidden = w.Text(value=hidden, description="hidden layers", style=style, layout=wide,
                             placeholder="units per layer, e.g. 8, 4 (empty: none)",
                             continuous_update=False)
        self.activation = w.ToggleButtons(options=["tanh", "sigmoid", "relu"], value=activation,
                                          description="activation", style={**style,
                                                                           "button_width": "82px"})
        self.learning_rate = w.SelectionSlider(options=LEARNING_RATES, value=learning_rate,
                                               description="learning rate", style=style,
                                               layout=wide, continuous_update=False)
        self.l2 = w.SelectionSlider(options=L2_PENALTIES, value=l2, description="L2",
                                    style=style, layout=wide, continuous_update=False)
        self.epochs = w.SelectionSlider(options=EPOCH_CHOICES, value=n_epochs,
                                        description="epochs", style=style, layout=wide,
                                        continuous_update=False)
        self.train_button = w.Button(description="Train", button_style="primary", icon="play",
                                     layout=w.Layout(width="120px"))
        self.status = w.HTML()
        self.output = w.Output(layout=w.Layout(min_height="340px"))
        self.widget = w.VBox([
            w.HBox([w.VBox([self.dataset, self.noise, self.hidden]),
                    w.VBox([self.learning_rate, self.l2, self.epochs]),
                    w.VBox([self.activation, self.train_button])],
                   layout=w.Layout(flex_flow="row wrap")),
            self.status, self.output])

        self._switching = False
        self._set_noise_range()
        self.dataset.observe(self._on_dataset, names="value")
        self.noise.observe(self._on_noise, names="value")
        self.train_button.on_click(self.train)
        self.preview()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # what a viewer without widgets (GitHub, a text console) shows instead
        bundle["text/plain"] = ("Playground: the live widget shows in JupyterLab, with the "
                                "notebook's kernel running")
        return bundle

    def _set_noise_range(self):
        setting = DATASETS[self.dataset.value][1]
        if setting is None:  # real data: nothing to set
            self.noise.disabled, self.noise.description = True, "noise (n/a)"
            return
        self.noise.disabled, self.noise.description = False, "noise"
        # widen first, so that no intermediate min > max is ever set
        self.noise.min, self.noise.max = min(self.noise.min, setting.low), max(self.noise.max,
                                                                               setting.high)
        self.noise.min, self.noise.max, self.noise.step = setting.low, setting.high, setting.step
        self.noise.value = setting.default
        self.noise.tooltip = setting.meaning

    def _on_dataset(self, change):
        self._switching = True  # the noise slider moves too: preview once, not twice
        try:
            self._set_noise_range()
        finally:
            self._switching = False
        self.preview()

    def _on_noise(self, change):
        if not self._switching:
            self.preview()

    def data(self):
        """The data set the controls describe."""
        noise = None if self.noise.disabled else self.noise.value
        return load_playground_data(self.dataset.value, noise=noise)

    def preview(self):
        """Show the chosen data set, before training."""
        try:
            data = self.data()
        except (OSError, ValueError) as error:  # e.g. the e-commerce file is missing
            self._say(f"cannot load {self.dataset.value}: {error}", error=True)
            return
        fig = Figure(figsize=(4.2, 4.2), dpi=80)
        plot_data(data, ax=fig.add_subplot(), title=f"{data.name}: press Train")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.output.outputs = (_png_output(buffer.getvalue(), data.describe()),)
        self._say(data.describe())

    def _say(self, *lines, error=False):
        """Show lines of text under the controls (in red for an error)."""
        color = "#b00020" if error else "#333333"
        text = "<br>".join(html.escape(line) for line in lines)
        self.status.value = f'<span style="color: {color}; font-family: monospace">{text}</span>'

    def train(self, _button=None):
        """Train with the current settings, redrawing as it goes; returns the PlaygroundRun."""
        try:
            hidden = parse_hidden_layers(self.hidden.value)
            data = self.data()
        except (OSError, ValueError) as error:
            self._say(str(error), error=True)
            return None
        run = PlaygroundRun(data, hidden, self.activation.value, self.learning_rate.value,
                            self.l2.value, self.epochs.value, self.resolution)
        figure = PlaygroundFigure(run)
        every = max(1, run.n_epochs // self.frames)
        self.train_button.disabled = True
        self._say(run.code(), "training ...")

        def redraw(snap):
            png = figure.show(snap).png()
            self.output.outputs = (_png_output(png, f"{data.name}, epoch {snap.epoch}"),)

        try:
            # a run that diverges stops with a DivergenceError: the status line says it
            with np.errstate(all="ignore"):
                run.train(snapshot_epochs=range(every, run.n_epochs + 1, every),
                          on_snapshot=redraw)
        except DivergenceError as error:
            self._say(run.code(), str(error), error=True)
        else:
            last = run.snapshots[-1]
            self._say(run.code(), f"after {last.epoch} epochs: train {last.train_accuracy:.1%}, "
                      f"test {last.test_accuracy:.1%} correct; cost train {last.train_cost:.4f}, "
                      f"test {last.test_cost:.4f}")
        finally:
            self.train_button.disabled = False
        self.run = run
        return run
