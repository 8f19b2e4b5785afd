"""Static pictures of a run with matplotlib: for the notebook, the GIF and a page without a kernel.

    figure = PlaygroundFigure(run)      # the live view's layout, as one Figure
    figure.show(run.snapshot()).png()   # PNG bytes (also .rgb() for the GIF)
    plot_snapshots(run, epochs)         # several epochs side by side
    plot_runs(runs)                     # several trained runs, and all their losses
    plot_data(data)                     # the data set alone

Colours: the output in each class's colour, pale where the network is unsure;
a hidden unit's map orange where it is high, purple where it is low, white at
0 (0.5 for sigmoid). For regression the output and the points are coloured by
their value on the same orange-purple scale. The live widget draws the same
maps faster, as small images (course_utils.playground.view).
"""

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..plots import CLASS_COLORS
from .features import make_features

# Hidden units get their own colours, not the classes': orange where a unit
# is high, purple where it is low, white at 0 (tanh, relu) or 0.5 (sigmoid).
UNIT_CMAP = "PuOr_r"
TEST_EDGE = "#222222"


def boundary_image(proba, colors=CLASS_COLORS, discretize=False):
    """RGB image (R, R, 3) of the output: each class's colour, pale where the network is unsure.

    proba: (R, R, K) probabilities. The colour is the probability-weighted mix
    of the class colours, blended with white by the confidence
    (max_k P_k - 1/K) / (1 - 1/K), which is 0 where all classes are equally likely.
    discretize: each point fully in the colour of its most likely class.
    """
    proba = np.asarray(proba, dtype=float)
    K = proba.shape[-1]
    proba = np.where(np.isfinite(proba), proba, 1 / K)  # a diverged network: "unsure"
    if discretize:
        proba = np.eye(K)[np.argmax(proba, axis=-1)]
    rgb = np.array([mpl.colors.to_rgb(colors[k % len(colors)]) for k in range(K)])
    mix = proba @ rgb
    confidence = (proba.max(axis=-1, keepdims=True) - 1 / K) / (1 - 1 / K)
    alpha = 0.12 + 0.5 * confidence
    return 1 - alpha * (1 - mix)


def value_norm(data):
    """The colour scale of a regression target: symmetric around 0, covering every target."""
    top = max(float(np.max(np.abs(np.concatenate([data.y_train, data.y_test])))), 1e-6)
    return mpl.colors.Normalize(-top, top)


def value_image(values, norm, discretize=False):
    """RGB image (R, R, 3) of a regression output (R, R) on UNIT_CMAP; discretize: 2 colours,
    by the sign of the value."""
    values = np.where(np.isfinite(values), values, 0.0)
    if discretize:
        values = np.sign(values) * norm.vmax
    return mpl.colormaps[UNIT_CMAP](norm(values))[..., :3]


def output_image(run, snap, discretize=False):
    """The output map of a Snapshot as RGB (R, R, 3): classes or values."""
    if run.is_regression:
        return value_image(snap.proba[..., 0], value_norm(run.data), discretize)
    return boundary_image(snap.proba, discretize=discretize)


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


def point_colors(data, y):
    """One colour per point: its class's colour, or its target's on UNIT_CMAP (regression)."""
    if data.is_regression:
        return mpl.colormaps[UNIT_CMAP](value_norm(data)(y))
    return [CLASS_COLORS[k % len(CLASS_COLORS)] for k in y]


def draw_points(ax, data, size=14, show_test=True):
    """Training points filled, test points with a dark edge, coloured by class (or value)."""
    sets = [(data.X_train, data.y_train, "white", 0.4)]
    if show_test:
        sets.append((data.X_test, data.y_test, TEST_EDGE, 0.8))
    for X, y, edge, width in sets:
        colors = point_colors(data, y)
        ax.scatter(*X.T, c=colors, s=size, edgecolors=edge, linewidths=width, zorder=3)


def point_handles(data):
    """Legend entries for draw_points: one per class, and one for the test points."""
    handles = [Line2D([], [], ls="", marker="o", color=CLASS_COLORS[k % len(CLASS_COLORS)],
                      markeredgecolor="white", label=name)
               for k, name in enumerate(data.class_names)]
    if data.is_regression:
        handles = [Line2D([], [], ls="", marker="o", color=mpl.colormaps[UNIT_CMAP](v),
                          markeredgecolor="white", label=label)
                   for v, label in ((0.05, "low target"), (0.95, "high target"))]
    handles.append(Line2D([], [], ls="", marker="o", color="#bbbbbb",
                          markeredgecolor=TEST_EDGE, label="test point"))
    return handles


def _map_axes(fig, rect, W, H):
    """A small square Axes for one map, rect = (left, bottom, width, height) in inches."""
    x, y, w, h = rect
    ax = fig.add_axes((x / W, y / H, w / W, h / H))
    ax.set(xticks=[], yticks=[])
    # no axis at all, only the frame: drawing an empty axis still costs more than the map
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
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
        self.output_image.set_data(output_image(run, snap))
        for line in self.boundaries:
            line.remove()
        self.boundaries = []
        if run.is_regression:
            return self
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
                                       label=f"{run.regularization} penalty" if run.rate else None)
        if log_x:
            ax.set_xscale("log")
            ax.set_xlim(1, max(run.n_epochs, 2))
        else:
            ax.set_xlim(0, run.n_epochs)
        loss = "squared error" if run.is_regression else "cross-entropy"
        ax.set_title(f"loss ({loss}); penalty apart" if run.rate else f"loss ({loss})",
                     fontsize="small")
        ax.set_xlabel("epoch (log scale)" if log_x else "epoch", fontsize="small", labelpad=2)
        ax.tick_params(labelsize="x-small", pad=2)
        ax.legend(fontsize="x-small", loc="upper right")

    def show(self, snap):
        epochs = np.arange(1, snap.epoch + 1)
        self.train_line.set_data(epochs, snap.train_costs)
        self.test_line.set_data(epochs, snap.test_costs)
        if self.run.rate and snap.penalties is not None:
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
        n_in = len(run.features)
        columns = [("inputs", n_in, 2 if n_in > 4 else 1)] + [
            (f"layer {layer + 1}\n{m} {run.activation}", m, 2 if m > 4 else 1)
            for layer, m in enumerate(run.hidden_layer_sizes)]
        widths = [c * tile + (c - 1) * gap for _, _, c in columns]
        bottom, left = 0.45, 0.6  # room for the inputs' names on the left
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
        maps = make_features(run.grid, run.features).T.reshape(-1, run.resolution,
                                                               run.resolution)
        for ax, values, name in zip(axes_per_column[0], maps, feature_labels(run), strict=True):
            scale = max(np.abs(values).max(), 1e-6)
            ax.imshow(values, origin="lower", extent=run.extent, aspect="auto", cmap=UNIT_CMAP,
                      vmin=-scale, vmax=scale, interpolation="bilinear")
            ax.text(-0.06, 0.5, name, transform=ax.transAxes, ha="right", va="center",
                    fontsize="x-small")
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
        self.title.set_text(f"{run.data.name}, epoch {snap.epoch}:  {describe_snapshot(run, snap)}"
                            f"\n{run.code()}")
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
        output_ax.set_title(describe_snapshot(run, snap, short=True), fontsize="small")
        fig.text((x + side / 2) / W, (top + 0.1) / H, f"epoch {snap.epoch}", ha="center",
                 fontsize="medium", fontweight="bold")
    ax = fig.add_axes((left / W, 0.5 / H, (W - left - 0.25) / W, (cost_height - 0.45) / H))
    CostView(ax, run, log_x=True).show(run.snapshots[-1])
    for snap in snaps:
        ax.plot(snap.epoch, snap.train_cost, "o", color="#444444", ms=4)
    ax.set_xlabel("epoch (log scale; dots: the epochs above)", fontsize="small")
    ax.set_ylabel("loss", fontsize="small")
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
        ax.set_title(f"{label}\n{describe_snapshot(run, last, short=True)}", fontsize="small")
        if k > 0:
            ax.set_ylabel("")
        color = RUN_COLORS[k % len(RUN_COLORS)]
        epochs = np.arange(1, last.epoch + 1)
        cost_ax.plot(epochs, last.test_costs, color=color, label=label.replace("\n", " "))
        cost_ax.plot(epochs, last.train_costs, color=color, ls="--", lw=0.9)
        if run.rate and last.penalties is not None:
            cost_ax.plot(epochs, last.penalties, color=color, ls=":", lw=0.9)
    if log_x:
        cost_ax.set_xscale("log")
    if log_y:
        cost_ax.set_yscale("log")
    cost_ax.set_xlabel("epoch" + (" (log scale)" if log_x else ""), fontsize="small")
    cost_ax.set_ylabel("loss" + (" (log scale)" if log_y else ""), fontsize="small")
    penalised = any(run.rate for run in runs)
    cost_ax.set_title("loss per epoch (no penalty): test solid, train dashed"
                      + ("; the penalty dotted" if penalised else ""), fontsize="small")
    cost_ax.tick_params(labelsize="x-small")
    cost_ax.legend(fontsize="x-small", loc="upper right")
    _title_and_legend(fig, title or runs[0].data.name, runs[0].data)
    return fig


def feature_labels(run):
    """The input maps' labels: the feature names (x1, x2 named after e-commerce's columns)."""
    if run.data.name != "e-commerce":
        return list(run.features)
    x1, x2 = (n.replace(" (z-score)", "") for n in run.data.feature_names)
    return [f.replace("x1", x1).replace("x2", x2) for f in run.features]


def describe_snapshot(run, snap, short=False):
    """One line on a snapshot: accuracies and losses (losses only for regression)."""
    if run.is_regression:
        return f"loss train {snap.train_cost:.4f}, test {snap.test_cost:.4f}"
    text = f"train {snap.train_accuracy:.1%}, test {snap.test_accuracy:.1%}"
    if short:
        return text
    return f"{text} correct;  loss train {snap.train_cost:.3f}, test {snap.test_cost:.3f}"


def plot_data(data, ax=None, title=None, legend_loc="best"):
    """The data set alone: training points filled, test points with a dark edge.

    legend_loc: where the legend goes; "best" looks for the emptiest corner, which takes
    matplotlib longer than the rest of the plot (a fixed corner, for many plots at once)."""
    ax = plt.subplots(figsize=(4, 4))[1] if ax is None else ax
    draw_points(ax, data)
    ax.legend(handles=point_handles(data), fontsize="small", loc=legend_loc, framealpha=0.85)
    ax.set(title=title or data.name, xlabel=data.feature_names[0], ylabel=data.feature_names[1])
    ax.set_box_aspect(1)
    return ax
