"""The animation writer makes valid, deterministic GIFs of playground runs."""

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

from course_utils import animation, playground
from course_utils.playground import PlaygroundRun, load_playground_data, log_spaced_epochs

ROOT = Path(__file__).resolve().parent.parent


def _frames(n=5, size=(40, 60)):
    """n different RGB frames: a white background with a dark square moving right."""
    frames = []
    for k in range(n):
        frame = np.full((*size, 3), 255, dtype=np.uint8)
        frame[10:20, 5 + 8 * k:15 + 8 * k] = (31, 119, 180)
        frames.append(frame)
    return frames


def test_save_gif_writes_every_frame_with_its_duration(tmp_path):
    path = animation.save_gif(_frames(5), tmp_path / "sub" / "moving.gif", frame_ms=100,
                              last_frame_ms=1000)
    assert path == tmp_path / "sub" / "moving.gif"
    assert path.read_bytes()[:6] == b"GIF89a"
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.size == (60, 40)
        assert gif.n_frames == 5
        assert gif.info["loop"] == 0  # loops forever
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
        assert durations == [100, 100, 100, 100, 1000]
        frames = [np.asarray(f.convert("RGB")) for f in ImageSequence.Iterator(gif)]
    np.testing.assert_array_equal(frames[3], _frames(5)[3])  # few colours: exactly preserved


def test_same_frames_give_the_same_bytes(tmp_path):
    a = animation.save_gif(_frames(4), tmp_path / "a.gif").read_bytes()
    b = animation.save_gif(_frames(4), tmp_path / "b.gif").read_bytes()
    assert a == b


def test_white_stays_white_when_there_are_many_colours():
    # A smooth gradient has far more than 256 colours; the background must still be white.
    ramp = np.linspace(0, 255, 300).astype(np.uint8)
    frame = np.full((100, 300, 3), 255, dtype=np.uint8)
    frame[50:] = np.stack([ramp, 255 - ramp, np.roll(ramp, 97)], axis=-1)[None]
    palette = animation.shared_palette([frame])
    assert palette.shape == (256, 3)
    image = animation.to_palette(frame, palette)
    rgb = np.asarray(image.convert("RGB"))
    np.testing.assert_array_equal(rgb[:50], 255)
    assert np.abs(rgb.astype(int) - frame).max() < 40


def test_save_gif_rejects_frames_it_cannot_write(tmp_path):
    with pytest.raises(ValueError, match="at least one frame"):
        animation.save_gif([], tmp_path / "x.gif")
    with pytest.raises(ValueError, match=r"\(H, W, 3\) RGB arrays of one size"):
        animation.save_gif([np.zeros((4, 4, 3)), np.zeros((5, 4, 3))], tmp_path / "x.gif")


def test_a_training_run_becomes_one_frame_per_snapshot(tmp_path):
    run = PlaygroundRun(load_playground_data("XOR"), (3,), n_epochs=30, resolution=20)
    run.train(snapshot_epochs=[1, 10])  # and the last epoch: 3 frames (each is a full figure)
    path = animation.save_training_gif(run, tmp_path / "xor.gif", frame_ms=50, dpi=30)
    with Image.open(path) as gif:
        assert gif.n_frames == len(run.snapshots) == 3
        first = np.asarray(gif.convert("RGB"))
    assert first.shape[2] == 3 and (first == 255).all(axis=2).mean() > 0.3  # white background
    assert animation.save_training_gif(run, tmp_path / "again.gif", frame_ms=50,
                                       dpi=30).read_bytes() == path.read_bytes()


def test_frames_need_a_trained_run():
    run = PlaygroundRun(load_playground_data("XOR"), (3,), n_epochs=5)
    with pytest.raises(ValueError, match=r"call run.train\(\)"):
        animation.training_frames(run)


def load_tool():
    spec = importlib.util.spec_from_file_location("make_animations",
                                                  ROOT / "tools" / "make_animations.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def test_make_animations_writes_the_spirals_gif(tmp_path, capsys, monkeypatch):
    tool = load_tool()
    runs = []

    def small_run(data, **settings):  # the tool's own settings, on 3 epochs and a coarse grid
        runs.append(PlaygroundRun(data, **{**settings, "n_epochs": 3, "resolution": 12}))
        return runs[-1]

    monkeypatch.setattr(playground, "PlaygroundRun", small_run)
    assert tool.main(["--out", str(tmp_path)]) == 0
    assert runs[0].hidden_layer_sizes == (8, 8) and runs[0].data.name == "spirals"
    epochs = [snap.epoch for snap in runs[0].snapshots]
    assert epochs == log_spaced_epochs(3, count=12) == [1, 2, 3]
    with Image.open(tmp_path / "spirals.gif") as gif:
        assert gif.n_frames == len(epochs)
    out = capsys.readouterr().out
    assert out.startswith("spirals.gif: ") or "spirals.gif: " in out
    assert f"{len(epochs)} frames" in out and "at epoch 3" in out


def test_make_animations_keeps_a_gif_newer_than_its_sources(tmp_path, capsys, monkeypatch):
    tool = load_tool()
    source = tmp_path / "source.py"
    source.write_text("# the code that makes the GIF\n")
    packages = tmp_path / "site-packages"
    packages.mkdir()
    monkeypatch.setattr(tool, "SOURCES", (source,))
    monkeypatch.setattr(tool, "PACKAGES", packages)
    made = []
    monkeypatch.setattr(tool, "make_spirals", lambda folder: made.append(folder) or 1 / 0)
    gif = tmp_path / "out" / "spirals.gif"
    gif.parent.mkdir()
    gif.write_bytes(b"GIF89a")
    times = {"source": 1000.0, "packages": 1000.0, "gif": 2000.0}

    def set_times():
        os.utime(source, (times["source"], times["source"]))
        os.utime(packages, (times["packages"], times["packages"]))
        os.utime(gif, (times["gif"], times["gif"]))

    set_times()
    assert tool.main(["--out", str(gif.parent)]) == 0
    assert made == [] and "spirals.gif: up to date" in capsys.readouterr().out
    # --force, a newer source, or newly installed packages: the GIF is made again.
    for change in ("force", "source", "packages"):
        if change != "force":
            times[change] = 3000.0
            set_times()
        with pytest.raises(ZeroDivisionError):
            tool.main(["--out", str(gif.parent)] + (["--force"] if change == "force" else []))
        times.update(source=1000.0, packages=1000.0)
    assert made == [gif.parent] * 3
