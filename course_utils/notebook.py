"""One call at the top of every notebook: the same look and the same numbers everywhere.

    from course_utils.notebook import setup
    rng = setup(seed=0)
"""

import matplotlib as mpl
import numpy as np


def setup(seed=0):
    """Seed, print and plot settings shared by every notebook; returns a seeded Generator.

    - NumPy prints 4 decimals, so small floating-point differences between
      machines (BLAS, CPU) do not change the text a notebook shows.
    - Figures are drawn at 80 dpi as PNG: small committed notebooks, no SVG.
    """
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    mpl.rcParams.update({
        "figure.dpi": 80,
        "figure.figsize": (6, 4),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    return np.random.default_rng(seed)
