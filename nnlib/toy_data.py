"""Generated 2-D tasks of two classes: circles, moons and a spiral, drawn from a seed.

Each returns X (n_samples, 2) and int labels (n_samples,), rows shuffled; noise is the standard
deviation of the Gaussian noise added to every coordinate.
"""

import numpy as np

from nnlib.validation import MAX_ACTIVATIONS, check_count, check_seed, is_real_number


def _generate(points, n_samples, noise, seed):
    """X = points(labels, t) for t uniform in [0, 1), plus noise; rows shuffled."""
    n_samples = check_count(n_samples, "n_samples", MAX_ACTIVATIONS // 2, "(MAX_ACTIVATIONS)")
    if n_samples < 2:
        raise ValueError(f"n_samples must be at least 2, one per class, got {n_samples}")
    if not is_real_number(noise):
        raise TypeError(f"noise must be a number (a standard deviation), got {noise!r}")
    if not 0 <= noise < np.inf:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = check_seed(seed)
    labels = np.arange(n_samples) % 2  # classes alternate: as equal in size as can be
    X = points(labels, rng.uniform(size=n_samples))  # (n_samples, 2)
    X += rng.normal(scale=float(noise), size=X.shape)
    order = rng.permutation(n_samples)
    return X[order], labels[order]


def _on_circle(radius, angle, centre=0.0):
    """Points (n, 2) at `radius` and `angle` (radians) around `centre`."""
    return np.column_stack([np.cos(angle), np.sin(angle)]) * np.reshape(radius, (-1, 1)) + centre


def circles(n_samples=200, noise=0.1, seed=None):
    """Two rings around the origin: class 0 of radius 1, class 1 of radius 0.5 inside it."""
    return _generate(lambda labels, t: _on_circle(1.0 - 0.5 * labels, 2 * np.pi * t),
                     n_samples, noise, seed)


def moons(n_samples=200, noise=0.1, seed=None):
    """Two interleaving half circles of radius 1: class 0 arching up around (0, 0), class 1
    arching down around (1, 0.5)."""

    def points(labels, t):
        return _on_circle(1.0, np.pi * (t + labels), np.column_stack([labels, 0.5 * labels]))

    return _generate(points, n_samples, noise, seed)


def spiral(n_samples=300, noise=0.1, seed=None):
    """Two arms winding out from the origin, half a turn apart, each turning 1.75 times."""
    return _generate(lambda labels, t: _on_circle(t, 3.5 * np.pi * t + np.pi * labels),
                     n_samples, noise, seed)
