"""Plots the notebooks share: cost curves, data sets, decision boundaries.

Each function draws on `ax` (a new figure when None) and returns the axes, so a
notebook can add to the plot or put several side by side.
"""

import matplotlib.pyplot as plt
import numpy as np

from .math import confusion_matrix

# One colour per class, used everywhere so class 2 is always the same colour.
CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def _axes(ax, figsize=(5, 4)):
    return plt.subplots(figsize=figsize)[1] if ax is None else ax


def plot_costs(costs, ax=None, title="Cost per epoch", xlabel="epoch", ylabel="cost", log=False):
    """Cost curves. costs: a list of numbers, or {label: list} for several curves."""
    ax = _axes(ax)
    curves = costs if isinstance(costs, dict) else {"train": costs}
    for label, values in curves.items():
        ax.plot(np.arange(len(values)), values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def plot_dataset(X, y, ax=None, title="Data", class_names=None, xlabel="$x_1$", ylabel="$x_2$"):
    """Scatter of 2-D points X (N, 2) coloured by their labels y (N,)."""
    X, y = _check_2d_points(X, y)
    ax = _axes(ax)
    for k in np.unique(y):
        name = class_names[k] if class_names is not None else f"class {k}"
        ax.scatter(*X[y == k].T, s=12, color=CLASS_COLORS[k % len(CLASS_COLORS)],
                   edgecolor="white", linewidth=0.3, label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="best", fontsize="small")
    return ax


def grid_over(X, resolution=200, margin=0.5):
    """A grid of points covering X's bounding box: (xx, yy) each (R, R) and points (R*R, 2)."""
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(model, X, y, ax=None, title="Decision boundary", resolution=200,
                           transform=None, class_names=None):
    """The regions where `model.predict` gives each class, with the data on top.

    model: anything with predict(X) -> labels (a course_utils model, a Keras
        wrapper, a function wrapped in a class).
    transform: optional function applied to the grid points before predict,
        for a model trained on hand-made features (e.g. adding x1 * x2).
    """
    X, y = _check_2d_points(X, y)
    ax = _axes(ax)
    xx, yy, points = grid_over(X, resolution)
    labels = np.asarray(model.predict(points if transform is None else transform(points)))
    n_classes = int(max(labels.max(), y.max())) + 1
    colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(n_classes)]
    cmap = plt.matplotlib.colors.ListedColormap(colors)
    ax.contourf(xx, yy, labels.reshape(xx.shape), levels=np.arange(n_classes + 1) - 0.5,
                cmap=cmap, alpha=0.25)
    plot_dataset(X, y, ax=ax, title=title, class_names=class_names)
    return ax


def plot_hidden_units(model, X, y, layer=0, resolution=80, title=None, axes=None):
    """Each hidden unit's activation over the plane, one small map per unit.

    model: a fitted course_utils MLP on 2-D inputs. Returns the array of axes.
    """
    X, y = _check_2d_points(X, y)
    xx, yy, points = grid_over(X, resolution)
    H = model.hidden_activations(points)[layer]
    units = H.shape[1]
    if axes is None:
        cols = min(units, 4)
        rows = -(-units // cols)
        _, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 2.4 * rows), squeeze=False)
    axes = np.asarray(axes).ravel()
    for unit, ax in enumerate(axes):
        if unit >= units:
            ax.axis("off")
            continue
        ax.contourf(xx, yy, H[:, unit].reshape(xx.shape), levels=20, cmap="RdBu_r")
        ax.scatter(*X.T, c=[CLASS_COLORS[k % len(CLASS_COLORS)] for k in y], s=4)
        ax.set(title=f"unit {unit + 1}", xticks=[], yticks=[])
    axes[0].figure.suptitle(title or f"What each unit of hidden layer {layer + 1} computes")
    axes[0].figure.tight_layout()
    return axes


def plot_confusion_matrix(y, p, ax=None, class_names=None, title="Confusion matrix"):
    """Counts of (true class, predicted class) as a heat map with the numbers written in."""
    C = confusion_matrix(y, p, None if class_names is None else len(class_names))
    names = class_names or [str(k) for k in range(len(C))]
    ax = _axes(ax, figsize=(4.5, 4))
    ax.imshow(C, cmap="Blues")
    ax.grid(False)  # grid lines would cut through the cells
    for (i, j), count in np.ndenumerate(C):
        ax.text(j, i, str(count), ha="center", va="center",
                color="white" if count > C.max() / 2 else "black")
    ax.set(xticks=range(len(C)), yticks=range(len(C)), xticklabels=names, yticklabels=names,
           xlabel="predicted", ylabel="true", title=title)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    return ax


def _check_2d_points(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must be 2-D points of shape (N, 2) to plot; got shape {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},) to match X; got {y.shape}")
    return X, y.astype(int)
