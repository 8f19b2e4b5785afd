"""The playground's widget: TensorFlow Playground's controls around the live picture.

    playground = Playground(dataset="spirals", hidden=(8, 8))
    playground            # as the last line of a cell: the widget

Play trains a few epochs, redraws, and hands the kernel back (an asyncio task
on the kernel's event loop that awaits between frames), so the other controls,
and other cells, keep working while it plays. Pause stops it where it is; Play
goes on from there; Step trains one frame's worth of epochs; Reset goes back
to epoch 0 with the same initial weights. Changing the data or the network
starts a new run at epoch 0; "show test data" and "discretize output" only
redraw. Without a kernel (a saved page) nothing can train: the cell's text
fallback says to run it.

measure_fps() times the frames: training plus redrawing the picture.
"""

import asyncio
import html
import time

import ipywidgets as w

from ..models import DivergenceError
from .data import DATASETS, load_playground_data
from .features import DEFAULT_FEATURES, FEATURES
from .network import ACTIVATIONS, MAX_LAYERS, MAX_UNITS, PlaygroundRun
from .view import NetworkView, legend_html

LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
RATES = (0.0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
# (label, value) pairs; a widget's value cannot be None (that means "nothing chosen"): 0 is
# the full batch here and "none" no regularization, turned into None for PlaygroundRun
BATCH_SIZES = (("all", 0), ("1", 1), ("5", 5), ("10", 10), ("30", 30), ("100", 100))
FALLBACK = ("Playground: a live widget. Run this cell in JupyterLab, with the notebook's "
            "kernel running, to see it and use its controls.")


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


def seed_control(description, seed, button_text, tooltip, style):
    """A seed box and its refresh button, which moves the seed on by one (the box's
    observers then redraw): (box, button)."""
    box = w.BoundedIntText(value=seed, min=0, max=10 ** 6, description=description, style=style,
                           layout=w.Layout(width="210px"))
    button = w.Button(description=button_text, icon="refresh", tooltip=tooltip,
                      layout=w.Layout(width=f"{30 + 10 * len(button_text)}px"))
    button.on_click(lambda _: setattr(box, "value", box.value + 1))
    return box, button


class Playground:
    """The playground's controls and live picture as ipywidgets.

    The current run is `run` (a PlaygroundRun); the picture is the HTML widget `view`.
    Everything works without a browser: frame() trains and redraws once,
    play()/pause() need a running event loop (a Jupyter kernel, or asyncio.run).
    """

    def __init__(self, dataset="XOR", hidden=(4,), activation="tanh", learning_rate=0.3,
                 regularization=None, rate=0.0, batch_size=None, features=DEFAULT_FEATURES,
                 noise=None, test_size=0.3, data_seed=0, seed=0, epochs_per_frame=10,
                 resolution=40, l2=None):
        if l2:  # the old keyword
            regularization, rate = "L2", l2
        if isinstance(hidden, str):
            hidden = parse_hidden_layers(hidden)
        self.layers = list(PlaygroundRun.check_layers(hidden))
        self.resolution = resolution
        self.run = None
        self._task = None
        self.playing = False
        self._quiet = True  # no rebuilding while the controls are being set up
        style = {"description_width": "120px"}
        wide = w.Layout(width="340px")

        # --- data
        self.dataset = w.Dropdown(options=list(DATASETS), value=dataset, description="data set",
                                  style=style, layout=wide)
        self.noise = w.FloatSlider(description="noise", style=style, layout=wide,
                                   continuous_update=False, readout_format=".2f")
        self.train_percent = w.IntSlider(value=round(100 * (1 - test_size)), min=10, max=90,
                                         step=10, description="training points %", style=style,
                                         layout=wide, continuous_update=False)
        self.data_seed, self.new_data = seed_control(
            "data seed", data_seed, "new data", "draw the data set again with the next seed", style)
        # --- features
        self.features = {name: w.ToggleButton(value=name in features, description=name,
                                              layout=w.Layout(width="76px"),
                                              tooltip=f"feed {name} to the network")
                         for name in FEATURES}
        # --- network
        self.add_layer = w.Button(description="+ layer", layout=w.Layout(width="80px"))
        self.remove_layer = w.Button(description="- layer", layout=w.Layout(width="80px"))
        self.layer_box = w.HBox()
        self.activation = w.ToggleButtons(options=list(ACTIVATIONS), value=activation,
                                          description="activation",
                                          style={**style, "button_width": "72px"})
        self.learning_rate = w.SelectionSlider(options=LEARNING_RATES, value=learning_rate,
                                               description="learning rate", style=style,
                                               layout=wide, continuous_update=False)
        self.regularization = w.ToggleButtons(options=["none", "L1", "L2"],
                                              value=regularization or "none",
                                              description="regularization",
                                              style={**style, "button_width": "62px"})
        self.rate = w.SelectionSlider(options=RATES, value=rate, description="rate",
                                      style=style, layout=wide, continuous_update=False)
        self.batch_size = w.Dropdown(options=BATCH_SIZES, value=batch_size or 0,
                                     description="batch size", style=style,
                                     layout=w.Layout(width="210px"))
        self.weight_seed, self.new_weights = seed_control(
            "weight seed", seed, "new weights", "new initial weights: the next seed", style)
        # --- running and showing
        self.play_button = w.Button(description="Play", icon="play", button_style="primary",
                                    layout=w.Layout(width="100px"))
        self.step_button = w.Button(description="Step", icon="step-forward",
                                    layout=w.Layout(width="90px"))
        self.reset_button = w.Button(description="Reset", icon="undo",
                                     layout=w.Layout(width="90px"))
        self.epochs_per_frame = w.IntSlider(value=epochs_per_frame, min=1, max=100,
                                            description="epochs/frame", style=style,
                                            layout=wide)
        self.show_test = w.Checkbox(value=True, description="show test data", indent=False,
                                    layout=w.Layout(width="140px"))
        self.discretize = w.Checkbox(value=False, description="discretize output",
                                     indent=False, layout=w.Layout(width="150px"))
        self.status = w.HTML()
        self.code = w.HTML()
        self.legend = w.HTML()
        self.view = w.HTML()

        self.widget = w.VBox([
            w.HBox([self.play_button, self.step_button, self.reset_button,
                    self.epochs_per_frame, self.show_test, self.discretize],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            w.HBox([
                w.VBox([self.dataset, self.noise, self.train_percent,
                        w.HBox([self.data_seed, self.new_data]),
                        w.HTML("<b>features</b> (the network's inputs)"),
                        w.HBox(list(self.features.values()),
                               layout=w.Layout(flex_flow="row wrap", width="340px"))]),
                w.VBox([self.activation, self.learning_rate, self.regularization, self.rate,
                        w.HBox([self.batch_size]),
                        w.HBox([self.weight_seed, self.new_weights])]),
            ], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([w.HTML("<b>hidden layers</b>&nbsp;"), self.add_layer, self.remove_layer,
                    self.layer_box], layout=w.Layout(align_items="center")),
            self.status, self.code, self.legend, self.view])

        self._set_noise_range(noise)
        self._draw_layer_controls()
        for control in (self.dataset, self.noise, self.train_percent, self.data_seed):
            control.observe(self._on_data, names="value")
        for control in (self.activation, self.learning_rate, self.regularization, self.rate,
                        self.batch_size, self.weight_seed, *self.features.values()):
            control.observe(self._on_network, names="value")
        for control in (self.show_test, self.discretize):
            control.observe(lambda change: self.redraw(), names="value")
        self.add_layer.on_click(lambda _: self.set_layers(self.layers + [2]))
        self.remove_layer.on_click(lambda _: self.set_layers(self.layers[:-1]))
        self.play_button.on_click(lambda _: self.pause() if self.playing else self.play())
        self.step_button.on_click(lambda _: self.frame())
        self.reset_button.on_click(lambda _: self.reset())
        self._quiet = False
        self.rebuild()

    # --- what a viewer without widgets shows -------------------------------------
    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = FALLBACK
        return bundle

    # --- controls -------------------------------------------------------------------
    def _set_noise_range(self, noise=None):
        setting = DATASETS[self.dataset.value].noise
        if setting is None:  # real data: nothing to set
            self.noise.disabled, self.noise.description = True, "noise (n/a)"
            return
        self.noise.disabled, self.noise.description = False, "noise"
        # widen first, so that no intermediate min > max is ever set
        self.noise.min, self.noise.max = (min(self.noise.min, setting.low),
                                          max(self.noise.max, setting.high))
        self.noise.min, self.noise.max, self.noise.step = setting.low, setting.high, setting.step
        self.noise.value = setting.default if noise is None else noise
        self.noise.tooltip = setting.meaning

    def _draw_layer_controls(self):
        boxes = []
        for layer, units in enumerate(self.layers):
            plus = w.Button(description="+", layout=w.Layout(width="32px"),
                            tooltip=f"one unit more in layer {layer + 1}")
            minus = w.Button(description="-", layout=w.Layout(width="32px"),
                             tooltip=f"one unit less in layer {layer + 1}")
            plus.on_click(lambda _, k=layer: self.set_units(k, self.layers[k] + 1))
            minus.on_click(lambda _, k=layer: self.set_units(k, self.layers[k] - 1))
            plus.disabled, minus.disabled = units >= MAX_UNITS, units <= 1
            boxes.append(w.VBox([plus, w.HTML(f"<center>{units}</center>"), minus],
                                layout=w.Layout(width="44px", align_items="center")))
        self.layer_box.children = boxes
        self.add_layer.disabled = len(self.layers) >= MAX_LAYERS
        self.remove_layer.disabled = not self.layers

    def set_layers(self, sizes):
        """Set the hidden layers (a new run at epoch 0)."""
        self.layers = list(PlaygroundRun.check_layers(sizes))
        self._draw_layer_controls()
        self.rebuild()

    def set_units(self, layer, units):
        """Set the units of one hidden layer (1 to MAX_UNITS)."""
        sizes = list(self.layers)
        sizes[layer] = units
        self.set_layers(sizes)

    def chosen_features(self):
        return tuple(name for name, button in self.features.items() if button.value)

    def _on_data(self, change):
        if self._quiet:
            return
        if change["owner"] is self.dataset:
            self._quiet = True  # the noise slider moves too: rebuild once, not twice
            try:
                self._set_noise_range()
            finally:
                self._quiet = False
        self.rebuild()

    def _on_network(self, change):
        if not self._quiet:
            self.rebuild()

    # --- the run --------------------------------------------------------------------
    def data(self):
        """The data set the controls describe."""
        noise = None if self.noise.disabled else self.noise.value
        return load_playground_data(self.dataset.value, noise=noise, seed=self.data_seed.value,
                                    test_size=round(1 - self.train_percent.value / 100, 4))

    def rebuild(self):
        """A new run at epoch 0 with the current settings, drawn; returns it (None on an error)."""
        try:
            data = self.data()
            self.run = PlaygroundRun(
                data, tuple(self.layers), self.activation.value, self.learning_rate.value,
                regularization=None if self.regularization.value == "none" else
                self.regularization.value, rate=self.rate.value,
                batch_size=self.batch_size.value or None, features=self.chosen_features(),
                resolution=self.resolution, seed=self.weight_seed.value)
        except (OSError, ValueError) as error:  # e.g. no feature chosen
            self.run = None
            self._say(str(error), error=True)
            self.view.value = ""
            return None
        self.network_view = NetworkView(self.run)
        self.legend.value = legend_html(data)
        self.redraw()
        return self.run

    def reset(self):
        """Back to epoch 0, with the same initial weights."""
        if self.run is not None:
            self.run.reset()
            self.redraw()

    def redraw(self):
        """Draw the run as it is now."""
        if self.run is None:
            return
        run = self.run
        snap = run.snapshot()
        self.view.value = self.network_view.html(snap, self.show_test.value,
                                                 self.discretize.value)
        code = run.code(n_epochs=max(run.epoch, 1))  # the model as it is now
        self.code.value = f'<code style="font-size: 12px">{html.escape(code)}</code>'

        self._say(f"{run.data.describe()}; weight seed {run.seed}; epoch {run.epoch}")

    def frame(self):
        """Train epochs_per_frame more epochs and redraw; False if training diverged."""
        if self.run is None:
            return False
        try:
            self.run.step(self.epochs_per_frame.value)
        except DivergenceError as error:
            self.pause()
            self.redraw()
            self._say(str(error), error=True)
            return False
        self.redraw()
        return True

    def play(self):
        """Start training in the background of the kernel: frame after frame until pause()."""
        if self.playing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("play() needs a running event loop, as in a Jupyter kernel; "
                               "without one, call frame() in a loop") from None
        self.playing = True
        self.play_button.description, self.play_button.icon = "Pause", "pause"
        self._task = loop.create_task(self._play())

    def pause(self):
        """Stop after the current frame; Play goes on from there."""
        self.playing = False
        self.play_button.description, self.play_button.icon = "Play", "play"

    async def _play(self, min_frame_seconds=1 / 25):  # at most 25 frames per second
        try:
            while self.playing and self.run is not None:
                start = time.perf_counter()
                if not self.frame():
                    break
                # hand the kernel back: widget messages and other cells run here
                await asyncio.sleep(max(0.0, min_frame_seconds - (time.perf_counter() - start)))
        except Exception as error:  # shown, not lost in a background task
            self._say(f"{type(error).__name__}: {error}", error=True)
        finally:
            self.pause()
            self._task = None

    def _say(self, *lines, error=False):
        """Show lines of text under the controls (in red for an error)."""
        color = "#b00020" if error else "#333333"
        text = "<br>".join(html.escape(line) for line in lines)
        self.status.value = f'<span style="color: {color}; font-family: monospace">{text}</span>'


def measure_fps(dataset="spirals", hidden=(8, 8), epochs_per_frame=10, seconds=2.0,
                max_frames=1000):
    """Frames per second of the playground while it trains: each frame trains
    epochs_per_frame epochs and redraws the whole picture into the widget.
    Returns the frames per second, a float."""
    playground = Playground(dataset=dataset, hidden=hidden, epochs_per_frame=epochs_per_frame)
    playground.frame()  # the first frame warms up
    frames, start = 0, time.perf_counter()
    while frames < max_frames and time.perf_counter() - start < seconds:
        playground.frame()
        frames += 1
    return frames / (time.perf_counter() - start)
