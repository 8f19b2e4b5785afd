"""The generator of data/ecommerce_data.csv, the course's e-commerce data.

The original course ships a 500-row ecommerce_data.csv; this project makes its
own data with the same columns (see course_utils.data), the same class balance
and close per-class feature means, so that every lesson about "which feature
signals which action" holds.

The model is class-conditional: first decide what each visitor did, then draw
the visit given that action.

1. user_action c: exact counts in the ratio ACTION_COUNTS = 253 : 145 : 77 : 25
   (bounce : add_to_cart : begin_checkout : finish_checkout); for n=500 that
   is exactly 253/145/77/25 rows. The rows are then shuffled.
2. Given c, each feature is drawn independently of the others:
       is_mobile            ~ Bernoulli(P_MOBILE[c])
       is_returning_visitor ~ Bernoulli(P_RETURNING[c])
       n_products_viewed    ~ Categorical(PRODUCTS_VIEWED_PROBS[c]) over 0..4
       time_of_day          ~ Categorical(TIME_OF_DAY_PROBS[c]) over 0..3
       visit_duration       ~ Gamma(shape, scale) = DURATION_GAMMA[c], mean shape*scale

"Independent given the class" is the naive Bayes assumption. The course file's
labels depend on the features in ways this model leaves out, so a classifier
separates its classes a little better. To keep the learnable signal comparable,
the durations of classes 1-3 are less spread out than in the course file
(same means, smaller standard deviations); bounces keep the course file's
exponential shape (shape 1). With these constants a softmax regression reaches
about the same test accuracy on both files.

Regenerate the file (refuses to replace a file that differs, unless --force):

    python -m course_utils.synthetic [--out PATH] [--force]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from course_utils.data import COLUMNS, DATA_DIR, LABEL_COLUMN, validate_ecommerce

SEED = 7  # the seed of the committed data file
N_VISITS = 500
DECIMALS = 4  # of visit_duration in the CSV: a stable, diff-friendly file

# One entry per user_action: bounce, add_to_cart, begin_checkout, finish_checkout.
ACTION_COUNTS = (253, 145, 77, 25)  # class balance, per 500 visits
P_MOBILE = (0.43, 0.40, 0.74, 0.76)  # checkouts happen more often on phones
P_RETURNING = (0.49, 0.50, 0.56, 0.80)  # finishers tend to come back
PRODUCTS_VIEWED_PROBS = (  # P(n_products_viewed = 0, 1, 2, 3, 4)
    (0.95, 0.02, 0.03, 0.00, 0.00),  # a bounce rarely opens a product page
    (0.00, 0.66, 0.23, 0.07, 0.04),
    (0.00, 0.58, 0.18, 0.17, 0.07),
    (0.00, 0.24, 0.32, 0.28, 0.16),
)
TIME_OF_DAY_PROBS = (  # P(time_of_day = 0, 1, 2, 3)
    (0.21, 0.26, 0.245, 0.285),
    (0.20, 0.14, 0.30, 0.36),
    (0.27, 0.36, 0.17, 0.20),
    (0.40, 0.24, 0.32, 0.04),
)
DURATION_GAMMA = (  # (shape, scale); mean = shape * scale
    (1.0, 1.06),  # bounces: exponential, mostly short, sometimes long
    (6.0, 0.105),  # mean 0.63
    (9.0, 0.163),  # mean 1.47
    (9.0, 0.248),  # mean 2.23
)


def class_counts(n: int) -> np.ndarray:
    """(4,) ints summing to n, in the ratio ACTION_COUNTS.

    Rounding down loses a few rows; they go to the classes with the largest
    remainders, so the counts are deterministic (no sampling noise).
    """
    weights = np.array(ACTION_COUNTS)
    counts = n * weights // weights.sum()
    remainders = n * weights % weights.sum()
    counts[np.argsort(-remainders, kind="stable")[: n - counts.sum()]] += 1
    return counts


def make_ecommerce(n: int = N_VISITS, seed: int = SEED) -> pd.DataFrame:
    """Draw n visits from the class-conditional model in the module docstring.

    Returns a DataFrame (n, 6) with the columns and dtypes of
    course_utils.data.load_ecommerce. The same (n, seed) gives the same frame.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}.")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(4), class_counts(n)))

    columns = {name: np.zeros(n, dtype=np.int64) for name in COLUMNS}
    columns["visit_duration"] = np.zeros(n)
    for c in range(4):
        rows = labels == c
        k = int(rows.sum())
        columns["is_mobile"][rows] = rng.random(k) < P_MOBILE[c]
        columns["is_returning_visitor"][rows] = rng.random(k) < P_RETURNING[c]
        columns["n_products_viewed"][rows] = rng.choice(5, size=k, p=PRODUCTS_VIEWED_PROBS[c])
        columns["time_of_day"][rows] = rng.choice(4, size=k, p=TIME_OF_DAY_PROBS[c])
        shape, scale = DURATION_GAMMA[c]
        columns["visit_duration"][rows] = np.round(rng.gamma(shape, scale, size=k), DECIMALS)
    columns[LABEL_COLUMN] = labels
    return validate_ecommerce(pd.DataFrame(columns), source="make_ecommerce")


def ecommerce_csv_text(df: pd.DataFrame) -> str:
    """The CSV text we write: no index, fixed decimals, '\\n' line endings."""
    return df.to_csv(index=False, float_format=f"%.{DECIMALS}f", lineterminator="\n")


def shown_path(path: Path) -> str:
    """A path as we print it: relative to the working directory when it can be
    (shorter, and no machine-specific prefix in what the course prints)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Command line: write the e-commerce CSV. Returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.synthetic",
        description="Write the course's synthetic e-commerce data (deterministic).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DATA_DIR / "ecommerce_data.csv",
        help="where to write the CSV (default: data/ecommerce_data.csv in the repository)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the file even if its content differs"
    )
    args = parser.parse_args(argv)
    out: Path = args.out

    df = make_ecommerce()
    text = ecommerce_csv_text(df)
    if out.is_dir():
        print(f"error: {shown_path(out)} is a folder; give a file name.", file=sys.stderr)
        return 2
    if out.exists():
        old = out.read_text(encoding="utf-8", errors="replace")
        if old.splitlines() == text.splitlines():  # a CRLF checkout is not a change
            print(f"{shown_path(out)} is already up to date.")
            return 0
        if not args.force:
            print(
                f"error: {shown_path(out)} exists and differs from the generated data; "
                "not overwriting it. Pass --force to replace it (its content will be lost).",
                file=sys.stderr,
            )
            return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {len(df)} rows to {shown_path(out)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
