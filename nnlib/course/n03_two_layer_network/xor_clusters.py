"""The task of notebook 03's hidden-units explorer: XOR with more than four points.

Four clusters of points sit around the corners (-1, -1), (-1, 1), (1, -1) and (1, 1) of a
square; the clusters on one diagonal have target 1, the other two target 0, as in XOR. One
straight line can get at most three clusters right, so a network with ONE hidden unit (whose
output can only grow in one direction across the plane) is stuck near 3 of 4 right; two hidden
units can draw the two lines XOR needs. The points come from a seeded generator, so the task
is the same every time.
"""

from typing import NamedTuple

import numpy as np

CORNERS = ((-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0))
TARGETS = (0.0, 1.0, 1.0, 0.0)  # XOR of "x1 > 0" and "x2 > 0"
POINTS_PER_CORNER = 10
SPREAD = 0.3  # standard deviation of each cluster around its corner
SEED = 0
CLASS_LABELS = ("target 1", "target 0")


class PointsTask(NamedTuple):
    """X (n_samples, 2) points; y (n_samples, 1) targets; names None (no labels on the points);
    new_points: name -> (x1, x2) of extra points to predict (none here)."""

    X: np.ndarray
    y: np.ndarray
    names: list | None
    new_points: dict


def task(points_per_corner=POINTS_PER_CORNER, spread=SPREAD, seed=SEED):
    """The clusters as (X, y, names, new_points): X (4 * points_per_corner, 2), y (..., 1)."""
    rng = np.random.default_rng(seed)
    X = np.concatenate(
        [corner + spread * rng.normal(size=(points_per_corner, 2)) for corner in CORNERS]
    )
    y = np.repeat(TARGETS, points_per_corner).reshape(-1, 1)
    return PointsTask(X, y, None, {})
