"""Section 6 of `make bench`: how fast notebook 14's playground redraws while it trains.

Each frame trains a few epochs (the widget's default, 10) of a network with two
hidden layers of 8 tanh units on the spirals, then redraws the whole live
picture (every unit's map, the weights as links, the output with the data, the
losses) into the widget, as Play does. TensorFlow Playground feels live at
about 20 frames per second; the target is at least that.

    python benchmarks/playground_speed.py
"""

import os

TARGET_FPS = 20


def frames_per_second(seconds=3.0, repeats=3):
    """The best of `repeats` measurements of course_utils.playground.measure_fps."""
    from course_utils.playground import measure_fps

    return max(measure_fps(dataset="spirals", hidden=(8, 8), epochs_per_frame=10,
                           seconds=seconds) for _ in range(repeats))


def markdown(fps):
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    verdict = "met" if fps >= TARGET_FPS else "not met"
    return ["## 6. The playground's frames per second", "",
            "Notebook 14's widget playing: each frame trains 10 epochs of a (8, 8) tanh network "
            "on the spirals and redraws the whole picture into the widget "
            "(`course_utils.playground.measure_fps`, best of 3 runs of 3 s; the browser's own "
            f"drawing is not included). Load average when measured: {load:.1f}.", "",
            "| frames per second | target |", "|---:|---:|",
            f"| {fps:.1f} | {TARGET_FPS} ({verdict}) |"]


if __name__ == "__main__":
    print("\n".join(markdown(frames_per_second())))
