"""Write the course's animations into build/animations/ (called by `make run`).

    python tools/make_animations.py [--out FOLDER]

spirals.gif: the playground of notebook 14 training a network with two hidden
layers of 8 tanh units on the two spirals, one frame per snapshot from epoch 1
to 1000 (log-spaced, because a network changes most in its first epochs).
It takes about 10 s of CPU; the same code gives the same file every time, so a
file newer than the code that makes it (this script, course_utils and the
packages installed) is kept as it is, unless --force.
"""

import argparse
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the GIF is made from: a change to any of these makes it again. A folder
# counts by its .py files; site-packages by its own time, which changes when pip
# installs, upgrades or removes a package.
SOURCES = (Path(__file__).resolve(), ROOT / "course_utils", ROOT / "pyproject.toml")
PACKAGES = Path(sysconfig.get_paths()["purelib"])


def newest_source_time():
    """The last modification time of the sources and of the installed packages."""
    times = [PACKAGES.stat().st_mtime] if PACKAGES.exists() else []
    for source in SOURCES:
        files = source.rglob("*.py") if source.is_dir() else [source]
        times.extend(f.stat().st_mtime for f in files if f.exists())
    return max(times, default=0.0)


def up_to_date(path):
    """True when path exists and is newer than every source."""
    return path.exists() and path.stat().st_mtime > newest_source_time()


def make_spirals(folder):
    # Imported here, so that an up-to-date GIF costs no Matplotlib import.
    from course_utils.animation import save_training_gif
    from course_utils.playground import PlaygroundRun, load_playground_data, log_spaced_epochs

    data = load_playground_data("spirals", noise=0.1, seed=0)
    run = PlaygroundRun(data, hidden_layer_sizes=(8, 8), activation="tanh", learning_rate=0.3,
                        n_epochs=1000, resolution=40, seed=0)
    run.train(snapshot_epochs=log_spaced_epochs(run.n_epochs, count=12))
    return save_training_gif(run, folder / "spirals.gif"), run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "animations",
                        help="folder to write into (default: build/animations)")
    parser.add_argument("--force", action="store_true",
                        help="make the GIF even when it is newer than its sources")
    args = parser.parse_args(argv)
    target = args.out / "spirals.gif"
    if not args.force and up_to_date(target):
        print(f"{_shown(target)}: up to date (newer than the code that makes it)")
        return 0
    start = time.perf_counter()
    path, run = make_spirals(args.out)
    last = run.snapshots[-1]
    print(f"{_shown(path)}: {len(run.snapshots)} frames, test accuracy {last.test_accuracy:.1%} "
          f"at epoch {last.epoch} ({time.perf_counter() - start:.1f} s)")
    return 0


def _shown(path):
    """path relative to the project when it is inside it (no machine paths in the report)."""
    try:
        return path.resolve().relative_to(ROOT)
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())
