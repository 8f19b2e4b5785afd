"""The live picture of the playground, fast: small PNG images in one HTML snippet.

Redrawing a matplotlib figure with 20 axes takes a quarter of a second, too slow
to watch a network learn. Here every map is computed with NumPy, coloured with
a lookup table and encoded as a small PNG (a few hundred microseconds each),
and the picture is one string of HTML: the maps as <img> elements at fixed
places, the weights as SVG lines between them, the data points and the loss
curves as SVG. The widget sets that string as the value of one HTML widget per
frame, so a frame costs a few milliseconds.

    view = NetworkView(run)
    html = view.html(run.snapshot(), show_test=True, discretize=False)

Layout, left to right like the network: a column of input maps (one per
feature), a column per hidden layer (one map per unit), the output with the
data points, and the losses under it. A link from unit i to unit j is coloured
by the sign of the weight W_ij (orange positive, purple negative) and as wide
as its magnitude. Hovering over a map enlarges it.
"""

import base64
import html
import io

import matplotlib as mpl
import numpy as np
from PIL import Image

from ..plots import CLASS_COLORS
from .drawing import UNIT_CMAP, output_image, point_colors
from .features import make_features

POSITIVE, NEGATIVE = "#e08214", "#8073ac"  # the ends of UNIT_CMAP
_LUT = (mpl.colormaps[UNIT_CMAP](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)


def png_bytes(rgb):
    """An (R, C, 3) uint8 image, row 0 at the top, as PNG bytes (small images: fast either way)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def map_rgb(values, low, high):
    """A map (R, R) of values, row 0 at the lowest x2, as an RGB uint8 image with row 0 at the
    top, coloured by UNIT_CMAP from `low` (purple) to `high` (orange)."""
    values = np.where(np.isfinite(values), values, (low + high) / 2)
    index = np.clip((values - low) / max(high - low, 1e-12) * 255, 0, 255).astype(np.uint8)
    return _LUT[index[::-1]]


def unit_range(activation, values):
    """The colour range of a hidden unit's map: fixed for tanh and sigmoid, symmetric around 0
    up to its largest |value| for relu and linear (so 0 stays white)."""
    if activation == "tanh":
        return -1.0, 1.0
    if activation == "sigmoid":
        return 0.0, 1.0
    finite = values[np.isfinite(values)]
    top = max(float(np.abs(finite).max()) if finite.size else 1.0, 1e-6)
    return -top, top


class NetworkView:
    """Draws snapshots of one PlaygroundRun as HTML; make one per run (the layout is fixed)."""

    def __init__(self, run, tile=48, gap=64, output_size=300, chart_height=90):
        self.run = run
        # the unit maps on every step-th grid point: about 20 x 20, smoothed by the browser
        self.step = max(1, run.resolution // 20)
        self.tile, self.gap, self.output_size = tile, gap, output_size
        self.chart_height = chart_height
        sizes = [len(run.features), *run.hidden_layer_sizes]
        self.top = 34  # room for the column titles
        column_height = max(sizes) * (tile + 10)
        self.height = self.top + max(column_height, output_size + chart_height + 30) + 10
        self.columns = []  # per column: list of (x, y) top-left corners of its maps
        for c, count in enumerate(sizes):
            x = 50 + c * (tile + gap)
            y0 = self.top + (column_height - count * (tile + 10)) / 2
            self.columns.append([(x, y0 + i * (tile + 10)) for i in range(count)])
        self.output_x = 50 + len(sizes) * (tile + gap)
        self.output_y = self.top
        self.width = self.output_x + output_size + 20
        titles = ["inputs"] + [f"layer {layer + 1}: {m} {run.activation}"
                               for layer, m in enumerate(run.hidden_layer_sizes)]
        self._titles = "".join(
            f'<text x="{col[0][0] + tile / 2}" y="{self.top - 12}" font-size="11" '
            f'text-anchor="middle">{html.escape(t)}</text>'
            for col, t in zip(self.columns, titles, strict=True))
        # the input maps never change: encode them once
        features = make_features(run.grid, run.features)
        R = run.resolution
        self._inputs = []
        for k, name in enumerate(run.features):
            values = features[:, k].reshape(R, R)[::self.step, ::self.step]
            top = max(float(np.abs(values).max()), 1e-6)
            self._inputs.append((data_uri(png_bytes(map_rgb(values, -top, top))), name))
        self._points = {which: self._points_svg(which) for which in ("train", "test")}

    def _points_svg(self, which):
        """The points as SVG circles, grouped by colour (short markup: it is sent every frame)."""
        run, d, size = self.run, self.run.data, self.output_size
        X, y = (d.X_train, d.y_train) if which == "train" else (d.X_test, d.y_test)
        left, right, bottom, top = run.extent
        px = (X[:, 0] - left) / (right - left) * size
        py = (top - X[:, 1]) / (top - bottom) * size
        colors = [mpl.colors.to_hex(c) for c in point_colors(d, y)]
        edge = 'stroke="#222" stroke-width="1.2"' if which == "test" else \
            'stroke="white" stroke-width="0.6"'
        groups = []
        for color in dict.fromkeys(colors):
            circles = "".join(f'<circle cx="{a:.0f}" cy="{b:.0f}" r="3.2"/>'
                              for a, b, c in zip(px, py, colors, strict=True) if c == color)
            groups.append(f'<g fill="{color}" {edge}>{circles}</g>')
        return "".join(groups)

    def _links(self, weights):
        """SVG lines between every pair of maps of consecutive columns, one per weight.

        Into the output goes one line per unit of the last layer: its weight for regression,
        W_i1 - W_i0 for two classes (how much the unit votes for class 1 over class 0), and
        its largest weight in magnitude for more classes."""
        tile, lines = self.tile, []
        output = (self.output_x, self.output_y + self.output_size / 2 - tile / 2)
        targets = self.columns[1:] + [[output]]
        for layer, (W, sources, ends) in enumerate(zip(weights, self.columns, targets,
                                                       strict=True)):
            if layer == len(weights) - 1 and W.shape[1] > 1:
                W = (W[:, 1:2] - W[:, :1] if W.shape[1] == 2 else
                     np.take_along_axis(W, np.argmax(np.abs(W), axis=1)[:, None], axis=1))
            scale = 1.0 / max(float(np.abs(W).max()), 1.0)  # the largest weight: 6 px wide
            for i, (x0, y0) in enumerate(sources):
                for j, (x1, y1) in enumerate(ends):
                    w = W[i, j]
                    width = 0.3 + 5.7 * min(abs(w) * scale, 1.0)
                    lines.append(f'<line x1="{x0 + tile}" y1="{y0 + tile / 2}" x2="{x1}" '
                                 f'y2="{y1 + tile / 2}" stroke="{POSITIVE if w > 0 else NEGATIVE}"'
                                 f' stroke-width="{width:.1f}" stroke-opacity="0.6"/>')
        return "".join(lines)

    def _chart(self, snap):
        """The losses per epoch so far, train dark grey, test pink, the penalty dotted."""
        x0, y0 = self.output_x, self.output_y + self.output_size + 28
        w, h = self.output_size, self.chart_height - 20
        curves = [(snap.train_costs, "#444444", ""), (snap.test_costs, "#e377c2", "")]
        if self.run.rate and snap.penalties is not None:
            curves.append((snap.penalties, "#444444", ' stroke-dasharray="2,2"'))
        finite = np.concatenate([c[np.isfinite(c)] for c, _, _ in curves]) if snap.epoch else []
        top = max(float(np.max(finite)) if len(finite) else 1.0, 1e-6)
        parts = [f'<rect x="{x0}" y="{y0}" width="{w}" height="{h}" fill="none" stroke="#ccc"/>']
        for values, color, dash in curves:
            n = len(values)
            if n == 0:
                continue
            # at most 300 points: every k-th epoch
            idx = np.unique(np.linspace(0, n - 1, min(n, 300)).astype(int))
            xs = x0 + (idx / max(n - 1, 1)) * w
            ys = y0 + h - np.clip(np.nan_to_num(values[idx], nan=top), 0, top) / top * h
            points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs, ys, strict=True))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                         f'stroke-width="1.5"{dash}/>')
        loss = "squared error" if self.run.is_regression else "cross-entropy"
        train, test = (f"{v:.4f}" if np.isfinite(v) else "-" for v in (snap.train_cost,
                                                                          snap.test_cost))
        penalty = ""
        if self.run.rate and snap.epoch:
            penalty = f'  <tspan>{self.run.regularization} penalty {snap.penalties[-1]:.4f}</tspan>'
        parts.append(f'<text x="{x0}" y="{y0 - 5}" font-size="11">loss ({loss}, no penalty): '
                     f'<tspan fill="#444444">train {train}</tspan>  '
                     f'<tspan fill="#c0399a">test {test}</tspan>{penalty}</text>')
        parts.append(f'<text x="{x0 + w}" y="{y0 + h + 13}" font-size="10" text-anchor="end">'
                     f'epoch {snap.epoch}</text>')
        return "".join(parts)

    def html(self, snap, show_test=True, discretize=False):
        """The whole picture of `snap` as one HTML string."""
        run, tile = self.run, self.tile
        images = []
        for (uri, name), (x, y) in zip(self._inputs, self.columns[0], strict=True):
            images.append(_img(uri, x, y, tile, f"input {name}", label=name))
        for layer, (H, column) in enumerate(zip(snap.hidden, self.columns[1:], strict=True)):
            for unit, (x, y) in enumerate(column):
                values = H[::self.step, ::self.step, unit]  # a coarser grid: fewer bytes
                low, high = unit_range(run.activation, values)
                uri = data_uri(png_bytes(map_rgb(values, low, high)))
                images.append(_img(uri, x, y, tile, f"layer {layer + 1}, unit {unit + 1}"))
        rgb = (np.clip(output_image(run, snap, discretize), 0, 1) * 255).astype(np.uint8)
        output = data_uri(png_bytes(np.ascontiguousarray(rgb[::-1])))
        size = self.output_size
        points = self._points["train"] + (self._points["test"] if show_test else "")
        if run.is_regression:
            headline = f"epoch {snap.epoch}"
        else:
            headline = (f"epoch {snap.epoch}: train {snap.train_accuracy:.1%}, "
                        f"test {snap.test_accuracy:.1%} correct")
        links = self._links(snap.weights) if snap.weights else ""
        return (
            f'<div class="pg-view" style="position: relative; width: {self.width}px; '
            f'height: {self.height}px; font-family: sans-serif">'
            f'<style>.pg-view img.pg-map {{ transition: transform 0.1s; }} '
            f'.pg-view img.pg-map:hover {{ transform: scale(3.5); z-index: 10; '
            f'box-shadow: 0 0 6px #666; }}</style>'
            f'<svg width="{self.width}" height="{self.height}" '
            f'style="position: absolute; left: 0; top: 0">{self._titles}{links}'
            f'<text x="{self.output_x}" y="{self.top - 12}" font-size="11">output: '
            f'{html.escape(headline)}</text>{self._chart(snap)}</svg>'
            + "".join(images)
            + f'<img src="{output}" title="output" style="position: absolute; '
            f'left: {self.output_x}px; top: {self.output_y}px; width: {size}px; '
            f'height: {size}px; image-rendering: auto; border: 1px solid #aaa">'
            f'<svg width="{size}" height="{size}" style="position: absolute; '
            f'left: {self.output_x}px; top: {self.output_y}px">{points}</svg></div>')


def _img(uri, x, y, tile, title, label=None):
    text = ""
    if label is not None:
        text = (f'<span style="position: absolute; left: {x - 4}px; top: {y + tile / 2 - 7}px; '
                f'transform: translateX(-100%); font-size: 11px">{html.escape(label)}</span>')
    return (f'<img class="pg-map" src="{uri}" title="{html.escape(title)}" '
            f'style="position: absolute; left: {x}px; top: {y}px; width: {tile}px; '
            f'height: {tile}px; border: 1px solid #aaa">{text}')


def legend_html(data):
    """What the colours mean, as one line of HTML."""
    if data.is_regression:
        items = [("#e08214", "high target / positive weight"),
                 ("#8073ac", "low target / negative weight")]
    else:
        items = [(CLASS_COLORS[k % len(CLASS_COLORS)], name)
                 for k, name in enumerate(data.class_names)]
        items += [(POSITIVE, "positive weight"), (NEGATIVE, "negative weight")]
    if data.name == "e-commerce":
        items.append(("#ffffff", "x1 = " + data.feature_names[0] + ", x2 = " + data.feature_names[1]))
    spans = "".join(f'<span style="margin-right: 12px"><span style="display: inline-block; '
                    f'width: 10px; height: 10px; border-radius: 5px; background: {c}"></span> '
                    f'{html.escape(t)}</span>' for c, t in items)
    return (f'<div style="font-size: 12px; font-family: sans-serif">{spans}'
            f'<span>test points: dark edge. Hover over a map to enlarge it.</span></div>')
