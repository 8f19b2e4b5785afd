"""Write the course's animations into build/animations/ (called by `make run`).

    python tools/make_animations.py [--out FOLDER]

spirals.gif: the playground of notebook 14 training a network with two hidden
layers of 8 tanh units on the two spirals, one frame per snapshot from epoch 1
to 1000 (log-spaced, because a network changes most in its first epochs).
It takes a few seconds; the same code gives the same file every time.
"""

import argparse
import sys
import time
from pathlib import Path

from course_utils.animation import save_training_gif
from course_utils.playground import PlaygroundRun, load_playground_data, log_spaced_epochs

ROOT = Path(__file__).resolve().parent.parent


def make_spirals(folder):
    data = load_playground_data("spirals", noise=0.1, seed=0)
    run = PlaygroundRun(data, hidden_layer_sizes=(8, 8), activation="tanh", learning_rate=0.3,
                        n_epochs=1000, resolution=40, seed=0)
    run.train(snapshot_epochs=log_spaced_epochs(run.n_epochs, count=12))
    return save_training_gif(run, folder / "spirals.gif"), run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "animations",
                        help="folder to write into (default: build/animations)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path, run = make_spirals(args.out)
    last = run.snapshots[-1]
    try:
        shown = path.resolve().relative_to(ROOT)
    except ValueError:
        shown = path
    print(f"{shown}: {len(run.snapshots)} frames, test accuracy {last.test_accuracy:.1%} "
          f"at epoch {last.epoch} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
