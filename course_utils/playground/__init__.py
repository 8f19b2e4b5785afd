"""The playground: train a small network on 2-D data and watch what it learns (notebook 14).

A network on two inputs is a stack of functions of the plane: every hidden unit
h = f(x W + b) and every output has a value at each point (x1, x2), so each can
be drawn as a coloured map. The playground draws them all while the network
trains, like TensorFlow Playground, on the course's own NumPy MLP. Its parts,
each readable alone and each usable without the next:

    data.py      the data sets (classification and regression), noise, the
                 train/test split, drawn from a seed: load_playground_data
    features.py  the network's inputs: x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2
    network.py   the MLP and its training, step by step: PlaygroundRun, Snapshot
    drawing.py   static matplotlib pictures: PlaygroundFigure, plot_snapshots,
                 plot_runs, plot_data (the notebook, the GIF, pages without a kernel)
    view.py      the live picture, fast: maps as small PNGs, weights as links
    app.py       the widget: Playground (play, pause, step, reset and every
                 setting), and measure_fps

    data = load_playground_data("spirals", noise=0.1)
    run = PlaygroundRun(data, hidden_layer_sizes=(8, 8), activation="tanh",
                        learning_rate=0.3, n_epochs=1000)
    run.step(100)                   # or run.train(snapshot_epochs=[1, 10, 100, 1000])
    run.snapshot().proba.shape      # (R, R, K): P(class k) over the plane
    Playground(dataset="spirals", hidden=(8, 8))   # the widget, in JupyterLab

course_utils.animation saves a run as a GIF; the checkers of notebook 14's
exercises are in course_utils.checkers.playground.
"""

from .app import (
    BATCH_SIZES,
    FALLBACK,
    LEARNING_RATES,
    RATES,
    Playground,
    measure_fps,
    parse_hidden_layers,
)
from .data import (
    DATASETS,
    ECOMMERCE_FEATURES,
    DataSet,
    NoiseSetting,
    PlaygroundData,
    load_playground_data,
    make_bumps,
    make_plane,
)
from .drawing import (
    UNIT_CMAP,
    CostView,
    PlaygroundFigure,
    SnapshotView,
    boundary_image,
    class_margins,
    draw_points,
    output_image,
    plot_data,
    plot_runs,
    plot_snapshots,
    point_handles,
    unit_norm,
)
from .features import DEFAULT_FEATURES, FEATURES, make_features
from .network import (
    ACTIVATIONS,
    MAX_LAYERS,
    MAX_UNITS,
    PlaygroundMLP,
    PlaygroundRun,
    Snapshot,
    log_spaced_epochs,
)
from .view import NetworkView, png_bytes

__all__ = [
    "ACTIVATIONS", "BATCH_SIZES", "DATASETS", "DEFAULT_FEATURES", "ECOMMERCE_FEATURES", "FALLBACK",
    "FEATURES", "LEARNING_RATES", "MAX_LAYERS", "MAX_UNITS", "RATES", "UNIT_CMAP", "CostView",
    "DataSet", "NetworkView", "NoiseSetting", "Playground", "PlaygroundData", "PlaygroundFigure",
    "PlaygroundMLP", "PlaygroundRun", "Snapshot", "SnapshotView", "boundary_image",
    "class_margins", "draw_points", "load_playground_data", "log_spaced_epochs", "make_bumps",
    "make_features", "make_plane", "measure_fps", "output_image", "parse_hidden_layers",
    "plot_data", "plot_runs", "plot_snapshots", "png_bytes", "point_handles", "unit_norm",
]
