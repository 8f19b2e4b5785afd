"""Draw a neural network's architecture: units as circles, weights as arrows.

    draw_network((2, 3, 3), activation="sigmoid")             # the shape of the network
    draw_network((2, 3, 3), weights=[W1, W2], biases=[b1, b2])  # what it has learned

Inputs are on the left, the output layer on the right, one column per layer.
Every arrow is one weight W[i, j] from unit i of a layer to unit j of the next;
given the weights, an arrow's colour is the weight's sign (red positive, blue
negative, as in plots.plot_hidden_units) and its width the weight's size.

Introduced in 08 (forward propagation); the playground reuses it.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch

NODE_COLORS = {"input": "#dbe9f6", "hidden": "#fde6c9", "output": "#dff0d8", "bias": "#f2f2f2"}
POSITIVE, NEGATIVE, NEUTRAL = "#c0392b", "#2166ac", "#8a8a8a"
RADIUS = 0.28      # of a unit, in data units; units of a layer are 1 apart
LAYER_GAP = 2.4    # horizontal distance between layers


def draw_network(layer_sizes, ax=None, weights=None, biases=None, activation=None,
                 input_names=None, output_names=None, show_bias=False, max_units=10,
                 title=None):
    """Draw the architecture of a fully connected network and return the axes.

    layer_sizes: units per layer, inputs first: (D, M, K) or (D, M1, M2, K).
    weights: optional list of arrays, weights[l] of shape (layer_sizes[l], layer_sizes[l+1]);
        arrows then show each weight's sign (colour) and size (width).
    biases: optional list of arrays, biases[l] of shape (layer_sizes[l+1],); drawn
        (with show_bias) as dashed arrows from a unit that always outputs 1.
    activation: name of the hidden layers' activation, written under them.
    input_names, output_names: names written beside the input and output units
        (e.g. the e-commerce features and actions).
    show_bias: draw a "+1" unit above every layer but the last, whose arrows are the biases.
    max_units: a layer with more units is drawn as its first max_units - 1 units,
        a vertical ellipsis and its last unit.
    """
    sizes = _check_sizes(layer_sizes)
    _check_arrays(weights, [(m, k) for m, k in zip(sizes[:-1], sizes[1:], strict=True)], "weights")
    _check_arrays(biases, [(k,) for k in sizes[1:]], "biases")
    _check_names(input_names, sizes[0], "input_names")
    _check_names(output_names, sizes[-1], "output_names")
    if not (isinstance(max_units, (int, np.integer)) and max_units >= 3):
        raise ValueError(f"max_units must be a whole number >= 3; got {max_units!r}")
    show_bias = show_bias or biases is not None

    shown = [_shown_units(n, max_units) for n in sizes]   # which units get a circle
    tallest = max(len(units) + (len(units) < n) for units, n in zip(shown, sizes, strict=True))
    if ax is None:
        width = 1.0 + 2.2 * len(sizes) + 1.8 * (input_names is not None) \
            + 1.8 * (output_names is not None)
        _, ax = plt.subplots(figsize=(width, 1.6 + 0.62 * (tallest + show_bias)))

    positions = [_layer_positions(units, n, li)
                 for li, (units, n) in enumerate(zip(shown, sizes, strict=True))]
    scale = _weight_scale(weights, biases if show_bias else None)

    # Arrows first, so that the circles are drawn on top of them.
    for li in range(len(sizes) - 1):
        for i, start in positions[li].items():
            for j, end in positions[li + 1].items():
                value = None if weights is None else weights[li][i, j]
                _arrow(ax, start, end, value, scale)
        if show_bias:
            bias_xy = (li * LAYER_GAP, _bias_height(positions, tallest))
            _unit(ax, bias_xy, "+1", NODE_COLORS["bias"], dashed=True)
            for j, end in positions[li + 1].items():
                value = None if biases is None else biases[li][j]
                _arrow(ax, bias_xy, end, value, scale, dashed=True)

    for li, layer in enumerate(positions):
        kind = "input" if li == 0 else "output" if li == len(sizes) - 1 else "hidden"
        for i, xy in layer.items():
            _unit(ax, xy, _unit_label(kind, li, i, len(sizes)), NODE_COLORS[kind])
        if len(shown[li]) < sizes[li]:  # the ellipsis sits between the last two drawn units
            gap_y = (layer[shown[li][-2]][1] + layer[sizes[li] - 1][1]) / 2
            ax.text(li * LAYER_GAP, gap_y, r"$\vdots$", ha="center", va="center", fontsize=14)
        ax.text(li * LAYER_GAP, -(tallest - 1) / 2 - 0.75,
                _layer_caption(kind, li, sizes, activation), ha="center", va="top", fontsize=9)

    for names, li, side in ((input_names, 0, -1), (output_names, len(sizes) - 1, 1)):
        if names is not None:
            for i, (x, y) in positions[li].items():
                ax.text(x + side * (RADIUS + 0.15), y, names[i], fontsize=9, va="center",
                        ha="right" if side < 0 else "left")

    for li in range(len(sizes) - 1):  # the name and shape of each weight matrix, above it
        top = _bias_height(positions, tallest) + 0.5 if show_bias else (tallest - 1) / 2 + 0.5
        ax.text((li + 0.5) * LAYER_GAP, top, f"$W_{{{li + 1}}}$  ({sizes[li]} × {sizes[li + 1]})",
                ha="center", va="bottom", fontsize=9, color="#444444")

    if weights is not None or biases is not None:
        handles = [Line2D([], [], color=POSITIVE, lw=2, label="positive weight"),
                   Line2D([], [], color=NEGATIVE, lw=2, label="negative weight")]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=2, fontsize=8, frameon=False)
    _frame(ax, sizes, tallest, show_bias, input_names, output_names)
    ax.set_title(title if title is not None else _default_title(sizes))
    return ax


def _shown_units(n, max_units):
    """Indices of the units that get a circle: all, or the first max_units-1 and the last."""
    return list(range(n)) if n <= max_units else [*range(max_units - 1), n - 1]


def _layer_positions(units, n, layer):
    """{unit index: (x, y)} with the layer centred on y = 0 and unit 0 at the top."""
    slots = len(units) + (len(units) < n)  # one slot more for the ellipsis
    ys = (slots - 1) / 2 - np.arange(slots)
    if len(units) < n:
        ys = np.delete(ys, -2)  # the ellipsis takes the slot before the last unit
    return {i: (layer * LAYER_GAP, float(y)) for i, y in zip(units, ys, strict=True)}


def _bias_height(positions, tallest):
    return (tallest - 1) / 2 + 1.0


def _weight_scale(weights, biases):
    arrays = [np.abs(a).ravel() for a in (weights or []) + (biases or [])]
    largest = max((a.max() for a in arrays if a.size), default=0.0)
    return largest if largest > 0 else 1.0


def _arrow(ax, start, end, value, scale, dashed=False):
    (x0, y0), (x1, y1) = start, end
    gap = RADIUS / np.hypot(x1 - x0, y1 - y0)  # stop at the circles' edges
    a = (x0 + gap * (x1 - x0), y0 + gap * (y1 - y0))
    b = (x1 - gap * (x1 - x0), y1 - gap * (y1 - y0))
    if value is None:
        color, width, alpha = NEUTRAL, 0.9, 0.8
    else:
        color = POSITIVE if value >= 0 else NEGATIVE
        width, alpha = 0.4 + 3.2 * abs(value) / scale, 0.35 + 0.6 * abs(value) / scale
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=8, color=color,
                                 linewidth=width, alpha=alpha, shrinkA=0, shrinkB=0,
                                 linestyle="--" if dashed else "-", zorder=1))


def _unit(ax, xy, label, color, dashed=False):
    ax.add_patch(Circle(xy, RADIUS, facecolor=color, edgecolor="#333333", linewidth=1.0,
                        linestyle="--" if dashed else "-", zorder=2))
    ax.text(*xy, label, ha="center", va="center", fontsize=9 if len(label) < 12 else 7, zorder=3)


def _unit_label(kind, layer, i, n_layers):
    if kind == "input":
        return f"$x_{{{i + 1}}}$"
    if kind == "output":
        return f"$p_{{{i + 1}}}$"
    if n_layers == 3:
        return f"$h_{{{i + 1}}}$"
    return f"$h^{{{layer}}}_{{{i + 1}}}$"


def _layer_caption(kind, layer, sizes, activation):
    n = sizes[layer]
    if kind == "input":
        return f"input\n$D = {n}$ features"
    if kind == "output":
        return f"output, softmax\n$K = {n}$ classes"
    name = "hidden" if len(sizes) == 3 else f"hidden {layer}"
    unit = "unit" if n == 1 else "units"
    return f"{name}\n{n} {unit}" + (f", {activation}" if activation else "")


def _default_title(sizes):
    return "A network of " + " → ".join(str(n) for n in sizes) + " units"


def _frame(ax, sizes, tallest, show_bias, input_names, output_names):
    half = (tallest - 1) / 2
    left = -0.7 - (1.9 if input_names is not None else 0)
    right = (len(sizes) - 1) * LAYER_GAP + 0.7 + (1.9 if output_names is not None else 0)
    ax.set_xlim(left, right)
    ax.set_ylim(-half - 1.5, half + (2.0 if show_bias else 1.0))
    ax.set_aspect("equal")
    ax.axis("off")


def _check_sizes(layer_sizes):
    sizes = tuple(layer_sizes) if np.ndim(layer_sizes) == 1 else None
    if sizes is None or len(sizes) < 2 or not all(
            isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
        raise ValueError(
            f"layer_sizes must list at least two whole numbers >= 1, inputs first, "
            f"like (2, 3, 3); got {layer_sizes!r}")
    return [int(n) for n in sizes]


def _check_arrays(arrays, shapes, name):
    if arrays is None:
        return
    if len(arrays) != len(shapes):
        raise ValueError(f"{name} needs one array per layer after the inputs ({len(shapes)}); "
                         f"got {len(arrays)}")
    for li, (array, shape) in enumerate(zip(arrays, shapes, strict=True)):
        if np.shape(array) != shape:
            raise ValueError(f"{name}[{li}] should have shape {shape} to connect layers "
                             f"{li} and {li + 1}; got {np.shape(array)}")


def _check_names(names, n, what):
    if names is not None and len(names) != n:
        raise ValueError(f"{what} needs {n} names, one per unit; got {len(names)}")
