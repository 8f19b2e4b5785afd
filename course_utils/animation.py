"""Save a playground training run as an animated GIF (notebook 14, tools/make_animations.py).

    from course_utils.playground import PlaygroundRun, load_playground_data
    from course_utils.animation import save_training_gif
    run = PlaygroundRun(load_playground_data("spirals"), (8, 8), n_epochs=3000)
    run.train()                                   # snapshots at log-spaced epochs
    save_training_gif(run, "build/animations/spirals.gif")

Each snapshot becomes one frame, drawn by playground.PlaygroundFigure, so the
animation shows exactly what the live playground shows. The same run gives
the same bytes: every frame is mapped onto one shared 256-colour palette
without dithering, and nothing in the file depends on the time or the machine's
state (only on matplotlib's rendering, which is the same on the same setup).
"""

from pathlib import Path

import numpy as np
from PIL import Image

from .playground import PlaygroundFigure


def training_frames(run, dpi=80, log_x=True):
    """One RGB image (H, W, 3) uint8 per snapshot of a trained PlaygroundRun, in epoch order.

    log_x: the cost plot's epochs on a log scale, so that with log-spaced
    snapshots (run.train()'s default) the curves grow by the same step each frame.
    """
    if not run.snapshots:
        raise ValueError("the run has no snapshots: call run.train() before making frames")
    figure = PlaygroundFigure(run, dpi=dpi, log_x=log_x)
    return [figure.show(snap).rgb() for snap in run.snapshots]


def shared_palette(frames, colors=256, sample=8):
    """(colors, 3) uint8: one palette for all frames, by median cut over `sample`
    frames spread evenly from the first to the last.

    One palette for every frame keeps a colour the same from frame to frame
    (no flicker) and makes the result deterministic.
    """
    picks = np.unique(np.linspace(0, len(frames) - 1, sample).round().astype(int))
    stacked = Image.fromarray(np.concatenate([frames[i] for i in picks], axis=0))
    quantized = stacked.quantize(colors=colors, method=Image.Quantize.MEDIANCUT,
                                dither=Image.Dither.NONE)
    rgb = np.array(quantized.getpalette()[:3 * colors], dtype=np.int64).reshape(-1, 3)
    # Median cut averages each box of colours, so the background would come out
    # light grey: make the entry nearest to white exactly white.
    rgb[np.argmin(((255 - rgb) ** 2).sum(axis=1))] = 255
    return rgb.astype(np.uint8)


def to_palette(frame, palette):
    """An RGB frame (H, W, 3) as a "P" image: each pixel the exactly nearest palette colour.

    (Pillow's own mapping looks colours up in a coarse cache, which can turn
    white into light grey.) Works on the frame's distinct colours, a few
    thousand, rather than on every pixel.
    """
    frame = np.asarray(frame, dtype=np.int64)
    keys = (frame[..., 0] << 16) | (frame[..., 1] << 8) | frame[..., 2]
    unique, inverse = np.unique(keys.ravel(), return_inverse=True)
    colours = np.stack([unique >> 16, (unique >> 8) & 255, unique & 255], axis=1)
    pal = palette.astype(np.int64)
    nearest = np.concatenate([
        np.argmin(((chunk[:, None, :] - pal[None]) ** 2).sum(axis=2), axis=1)
        for chunk in np.array_split(colours, max(1, len(colours) // 4096))])
    image = Image.fromarray(nearest[inverse].reshape(frame.shape[:2]).astype(np.uint8), mode="P")
    image.putpalette(palette.ravel().tolist())
    return image


def save_gif(frames, path, frame_ms=120, last_frame_ms=2500):
    """Write RGB frames (each (H, W, 3) uint8, all the same size) as a looping GIF.

    frame_ms: how long each frame shows; last_frame_ms: the last one, so the
    result can be seen before the loop starts again. Creates the parent folder.
    Returns the path.
    """
    frames = [np.asarray(f) for f in frames]
    if not frames:
        raise ValueError("save_gif needs at least one frame")
    shapes = {f.shape for f in frames}
    if len(shapes) != 1 or frames[0].ndim != 3 or frames[0].shape[2] != 3:
        raise ValueError(
            f"frames must all be (H, W, 3) RGB arrays of one size; got shapes {sorted(shapes)}")
    palette = shared_palette(frames)
    images = [to_palette(f, palette) for f in frames]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    durations = [frame_ms] * (len(images) - 1) + [last_frame_ms]
    images[0].save(path, format="GIF", save_all=True, append_images=images[1:],
                   duration=durations, loop=0, disposal=1)
    return path


def save_training_gif(run, path, frame_ms=120, last_frame_ms=2500, dpi=80, log_x=True):
    """Animate a trained PlaygroundRun: one frame per snapshot. Returns the path."""
    return save_gif(training_frames(run, dpi=dpi, log_x=log_x), path, frame_ms, last_frame_ms)
