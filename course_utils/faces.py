"""Facial expressions: the fer2013 file format, and a synthetic stand-in for it.

The course's second project classifies 48 x 48 grayscale faces into seven
emotions. The original data is Kaggle's fer2013.csv:

    emotion,pixels,Usage
    0,70 80 82 72 58 58 60 63 54 58 60 48 89 115 121 ...,Training

- emotion: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral;
- pixels: 2,304 = 48 x 48 grey levels 0-255, row by row, separated by spaces;
- Usage: Training, PublicTest or PrivateTest (28,709 / 3,589 / 3,589 rows).

It cannot be downloaded by the course, so `make data` writes a stand-in in
exactly that format: data/fer2013_synthetic.csv, faces drawn by
`draw_faces` (below), one way per expression, with fer2013's class
proportions. It is synthetic, and much easier than real faces. To use the
real file, point the course at it:

    COURSE_FER2013_CSV=/path/to/fer2013.csv make run

or `load_faces("/path/to/fer2013.csv")` in a notebook.

Write the stand-in (refuses to replace a file that differs, unless --force):

    python -m course_utils.faces [--out PATH] [--n ROWS] [--force]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from course_utils.data import DATA_DIR
from course_utils.synthetic import shown_path

SIZE = 48
N_PIXELS = SIZE * SIZE
EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
USAGES = ("Training", "PublicTest", "PrivateTest")
COLUMNS = ("emotion", "pixels", "Usage")
# fer2013's rows per emotion (35,887 in all); "disgust" is rare.
FER2013_COUNTS = (4953, 547, 5121, 8989, 6077, 4002, 6198)
FER2013_USAGE_COUNTS = (28709, 3589, 3589)

ENVIRONMENT_VARIABLE = "COURSE_FER2013_CSV"
STANDIN_PATH = DATA_DIR / "fer2013_synthetic.csv"
STANDIN_ROWS = 3000
STANDIN_SEED = 2013


@dataclass
class Faces:
    """What load_faces returns.

    images: (N, 48, 48) uint8 grey levels; labels: (N,) ints 0-6;
    usage: (N,) strings, one of USAGES; source: the file, as shown to the learner;
    path: the file read (None for rows parsed from memory).
    """

    images: np.ndarray
    labels: np.ndarray
    usage: np.ndarray
    source: str
    path: Path | None = None

    def split(self, usage):
        """(X, y) of the rows whose Usage is `usage`: X is (n, 2304) floats in [0, 1]."""
        if usage not in USAGES:
            raise ValueError(f"usage must be one of {', '.join(USAGES)}; got {usage!r}")
        rows = self.usage == usage
        X = self.images[rows].reshape(-1, N_PIXELS).astype(np.float32) / 255
        return X, self.labels[rows]


# --- reading -------------------------------------------------------------------


def _shown(path: Path) -> str:
    """How the course prints a data path: relative to the working directory or, for the
    course's own data/ folder, to the repository; never this machine's absolute prefix."""
    shown = shown_path(path)
    try:
        return Path(path).resolve().relative_to(DATA_DIR.parent.resolve()).as_posix()
    except ValueError:
        return shown


def default_faces_path() -> Path:
    """$COURSE_FER2013_CSV if set, else the stand-in data/fer2013_synthetic.csv."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(chosen) if chosen else STANDIN_PATH


def load_faces(path: str | os.PathLike | None = None) -> Faces:
    """Read a file in fer2013's format, checking every row.

    path: the CSV; by default $COURSE_FER2013_CSV, else the stand-in (written
    first, with a note, if it is missing). Raises ValueError naming the row
    (counted from 1, the header not counted) and the column of a bad value.
    """
    if path is None:
        path = default_faces_path()
        if path == STANDIN_PATH and not path.exists():
            write_standin(path)
            print(f"Made the synthetic stand-in {shown_path(path)} (it was missing).")
    path = Path(path)
    shown = _shown(path)
    if path.is_dir():
        raise ValueError(f"{shown} is a folder; give the path of the CSV file (fer2013.csv).")
    if not path.exists():
        raise FileNotFoundError(f"no file {shown}; give the path of fer2013.csv, or unset "
                                f"{ENVIRONMENT_VARIABLE} to use the synthetic stand-in.")
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    faces = parse_faces(rows, shown)
    faces.path = path
    return faces


def parse_faces(rows, source="the data") -> Faces:
    """Faces from the rows of a fer2013 CSV (a header, then one list of strings a row)."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ValueError(f"{source} is empty; a fer2013 file starts with the header "
                         f"{','.join(COLUMNS)}.")
    header = [name.strip() for name in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValueError(f"{source} has no column {', '.join(missing)}; its header is "
                         f"{','.join(header)!r}, fer2013's is {','.join(COLUMNS)!r}.")
    where = {name: header.index(name) for name in COLUMNS}
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ValueError(f"{source} has a header but no rows.")

    labels = np.empty(len(body), dtype=np.int64)
    usage = np.empty(len(body), dtype=object)
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise ValueError(f"{source}, row {number}: {len(row)} fields, the header has "
                             f"{len(header)}.")
        emotion = row[where["emotion"]].strip()
        if emotion not in {str(k) for k in range(len(EMOTIONS))}:
            raise ValueError(f"{source}, row {number}, column emotion: {emotion!r} is not a "
                             f"label 0-6 ({', '.join(EMOTIONS)}).")
        labels[number - 1] = int(emotion)
        used = row[where["Usage"]].strip()
        if used not in USAGES:
            raise ValueError(f"{source}, row {number}, column Usage: {used!r} is not one of "
                             f"{', '.join(USAGES)}.")
        usage[number - 1] = used
    images = _pixels(body, where["pixels"], source)
    return Faces(images, labels, usage.astype(str), source)


def _pixels(body, column, source):
    """(N, 48, 48) uint8 from the pixel strings; all at once, row by row only to name a bad row."""
    texts = [row[column] for row in body]
    try:
        # np.fromstring parses the numbers in C, about ten times faster than str.split; where
        # it cannot read the text, recent NumPy raises ValueError and older versions warn.
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            values = np.fromstring(" ".join(texts), dtype=np.int64, sep=" ")
    except (ValueError, DeprecationWarning):
        values = None
    if values is None or values.size != len(texts) * N_PIXELS or values.min() < 0 or values.max() > 255:
        return np.stack([pixels_to_image(text, where=f"{source}, row {number}, column pixels")
                         for number, text in enumerate(texts, start=1)])
    return values.reshape(-1, SIZE, SIZE).astype(np.uint8)


def pixels_to_image(text, where="pixels"):
    """One row's pixel string -> a (48, 48) uint8 image; ValueError naming `where` if bad."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: expected a string of 2304 numbers, got {type(text).__name__}")
    tokens = text.split()
    if len(tokens) != N_PIXELS:
        raise ValueError(f"{where}: {len(tokens)} values, expected {N_PIXELS} (48 x 48).")
    try:
        values = np.array(tokens, dtype=np.int64)
    except ValueError:
        bad = next(token for token in tokens if not token.isdigit())
        raise ValueError(f"{where}: {bad!r} is not a whole number 0-255.") from None
    outside = np.flatnonzero((values < 0) | (values > 255))
    if outside.size:
        raise ValueError(f"{where}: value {values[outside[0]]} (pixel {outside[0]}) is outside 0-255.")
    return values.reshape(SIZE, SIZE).astype(np.uint8)


# --- the synthetic stand-in ------------------------------------------------------

# Each expression is a few numbers: how open the eyes are (1 = neutral), how the
# eyebrows tilt (+ = inner ends down, as in a frown) and how high they sit, how
# the mouth curves (+ = smile, corners up), how far it opens and how wide it is,
# and how lopsided it is (disgust raises one corner).
EXPRESSIONS = {
    #            eye_open brow_tilt brow_lift mouth_curve mouth_open mouth_width mouth_skew
    "angry":    (0.70,    0.30,     -0.03,    -0.12,      0.00,      0.24,       0.00),
    "disgust":  (0.55,    0.18,     -0.02,    -0.08,      0.03,      0.22,       0.10),
    "fear":     (1.35,   -0.18,      0.06,    -0.05,      0.10,      0.30,       0.00),
    "happy":    (0.85,    0.00,      0.00,     0.20,      0.05,      0.34,       0.00),
    "sad":      (0.80,   -0.28,      0.02,    -0.18,      0.00,      0.26,       0.00),
    "surprise": (1.60,    0.00,      0.12,     0.00,      0.22,      0.16,       0.00),
    "neutral":  (1.00,    0.00,      0.00,     0.00,      0.00,      0.28,       0.00),
}
VARIATION = 0.35  # spread of each expression number, as a fraction of its typical size


def class_counts(n, proportions=FER2013_COUNTS):
    """n rows split in the given proportions, as whole numbers that add up to n."""
    p = np.asarray(proportions, dtype=float) / np.sum(proportions)
    counts = np.floor(n * p).astype(int)
    counts[np.argsort(-(n * p - counts))[: n - counts.sum()]] += 1
    return counts


def draw_faces(labels, rng):
    """One synthetic 48 x 48 face (floats in [0, 1]) per label, shape (N, 48, 48).

    Every face varies in position, size, shape, skin and background tone,
    lighting and noise; its expression sets the eyes, eyebrows and mouth,
    each number blurred by VARIATION so that classes overlap.
    """
    labels = np.asarray(labels)
    n = len(labels)
    grid = (np.arange(SIZE) + 0.5) / SIZE * 2 - 1           # pixel centres in [-1, 1]
    v, u = np.meshgrid(grid, grid, indexing="ij")            # v down, u right
    u, v = u[None], v[None]

    def each(values):  # a per-face number as an (N, 1, 1) array
        return np.asarray(values, dtype=float).reshape(n, 1, 1)

    cx, cy = each(rng.normal(0, 0.03, n)), each(rng.normal(0, 0.03, n))
    scale = each(rng.uniform(0.86, 1.0, n))
    aspect = each(rng.uniform(0.72, 0.88, n))
    x, y = (u - cx) / scale, (v - cy) / scale               # face coordinates

    table = np.array([EXPRESSIONS[name] for name in EMOTIONS])[labels]
    typical = np.abs(table).max(axis=0) + 0.05
    table = table + rng.normal(0, VARIATION, table.shape) * typical * 0.5
    eye_open, brow_tilt, brow_lift, curve, mouth_open, width, skew = (each(c) for c in table.T)
    width = np.clip(width, 0.1, None)
    mouth_open = np.clip(mouth_open, 0, None)
    eye_open = np.clip(eye_open, 0.2, None)

    skin = each(rng.uniform(0.55, 0.85, n))
    background = each(rng.uniform(0.05, 0.45, n))
    face = (x / aspect) ** 2 + (y / 0.95) ** 2 <= 1
    image = np.where(face, skin, background)

    dark = each(rng.uniform(0.02, 0.2, n))
    ink = np.zeros_like(image, dtype=bool)
    for side in (-1, 1):
        ex, ey = side * 0.32 * aspect / 0.8, -0.18
        ink |= ((x - ex) / 0.13) ** 2 + ((y - ey) / (0.065 * eye_open)) ** 2 <= 1
        # the eyebrow: a thick segment above the eye, its inner end tilted by brow_tilt
        t = np.clip((x - ex) / 0.16 * side, -1, 1)           # -1 inner end, +1 outer end
        brow_y = ey - 0.17 - brow_lift + brow_tilt * (-t) * 0.25
        ink |= (np.abs((x - ex) * side) <= 0.16) & (np.abs(y - brow_y) <= 0.045)
    # the mouth: a parabola through the corners, opened between two curves
    mx = x / width
    inside = np.abs(mx) <= 1
    # a smile (curve > 0) puts the middle below the corners: y grows downwards
    middle = 0.45 + curve * 0.5 * (1 - mx ** 2) - skew * mx * 0.5
    half = mouth_open * 0.5 * np.sqrt(np.clip(1 - mx ** 2, 0, None)) + 0.022
    ink |= inside & (np.abs(y - middle) <= half)
    image = np.where(ink & face, dark, image)

    angle = rng.uniform(0, 2 * np.pi, n)
    strength = each(rng.uniform(0, 0.2, n))
    light = strength * (u * each(np.cos(angle)) + v * each(np.sin(angle)))
    noise = rng.normal(0, 1, image.shape) * each(rng.uniform(0.02, 0.08, n))
    return np.clip(image + light + noise, 0, 1)


def make_standin(n=STANDIN_ROWS, seed=STANDIN_SEED):
    """(images uint8 (n, 48, 48), labels, usage) with fer2013's class and Usage proportions."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < len(EMOTIONS) * 10:
        raise ValueError(f"n must be a whole number of rows >= {len(EMOTIONS) * 10}; got {n!r}")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(len(EMOTIONS)), class_counts(n)))
    usage = rng.permutation(np.repeat(np.array(USAGES), class_counts(n, FER2013_USAGE_COUNTS)))
    images = np.round(draw_faces(labels, rng) * 255).astype(np.uint8)
    return images, labels, usage


def faces_csv_text(images, labels, usage):
    """The fer2013 CSV text of these rows: header, then emotion,pixels,Usage; '\\n' endings."""
    lines = [",".join(COLUMNS)]
    for image, label, used in zip(images, labels, usage, strict=True):
        lines.append(f"{int(label)},{' '.join(map(str, image.ravel().tolist()))},{used}")
    return "\n".join(lines) + "\n"


def write_standin(path=STANDIN_PATH, n=STANDIN_ROWS, seed=STANDIN_SEED, force=False):
    """Write the stand-in CSV; returns 'written' or 'unchanged'.

    Raises FileExistsError when a different file is there and force is False:
    a learner's file is never replaced silently.
    """
    path = Path(path)
    text = faces_csv_text(*make_standin(n, seed))
    if path.is_dir():
        raise IsADirectoryError(f"{shown_path(path)} is a folder; give a file name.")
    if path.exists():
        if path.read_text(encoding="utf-8", errors="replace").splitlines() == text.splitlines():
            return "unchanged"
        if not force:
            raise FileExistsError(
                f"{shown_path(path)} exists and differs from the generated faces; not overwriting "
                "it. Pass --force to replace it (its content will be lost).")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return "written"


def main(argv=None):
    """Command line: write the synthetic stand-in. Returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.faces",
        description="Write the synthetic stand-in for fer2013.csv (deterministic).")
    parser.add_argument("--out", type=Path, default=STANDIN_PATH,
                        help="where to write it (default: data/fer2013_synthetic.csv)")
    parser.add_argument("--n", type=int, default=STANDIN_ROWS, help="number of faces")
    parser.add_argument("--force", action="store_true",
                        help="replace the file even if its content differs")
    args = parser.parse_args(argv)
    try:
        result = write_standin(args.out, n=args.n, force=args.force)
    except (FileExistsError, IsADirectoryError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if result == "unchanged":
        print(f"{shown_path(args.out)} is already up to date.")
    else:
        print(f"Wrote {args.n} synthetic faces to {shown_path(args.out)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
