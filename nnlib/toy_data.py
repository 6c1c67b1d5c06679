"""Generated 2-D classification tasks: circles, moons and a spiral, made from a seed.

Each returns X of shape (n_samples, 2) and integer labels of shape (n_samples,), classes as
equal in size as n_samples allows, rows shuffled. noise is the standard deviation of the
Gaussian noise added to every coordinate.
"""

import numpy as np

from nnlib.validation import MAX_ACTIVATIONS, check_count, check_seed, is_real_number


def _generate(points, n_samples, noise, seed, n_classes=2):
    """Draw `points(class, t)` for t uniform in [0, 1), add noise, label and shuffle."""
    n_samples = check_count(n_samples, "n_samples", MAX_ACTIVATIONS // 2, "(MAX_ACTIVATIONS)")
    if n_samples < n_classes:
        raise ValueError(f"n_samples must be at least {n_classes}, one per class, got {n_samples}")
    if not (is_real_number(noise) and 0 <= noise < np.inf):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = check_seed(seed)
    labels = np.arange(n_samples) % n_classes  # (n_samples,)
    X = points(labels, rng.uniform(size=n_samples))  # (n_samples, 2)
    X += rng.normal(scale=float(noise), size=X.shape)
    order = rng.permutation(n_samples)
    return X[order], labels[order]


def circles(n_samples=200, noise=0.1, seed=None):
    """Two rings around the origin: class 0 of radius 1, class 1 of radius 0.5 inside it."""

    def points(labels, t):
        radius = np.where(labels == 0, 1.0, 0.5)
        angle = 2 * np.pi * t
        return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])

    return _generate(points, n_samples, noise, seed)


def moons(n_samples=200, noise=0.1, seed=None):
    """Two interleaving half circles: class 0 arching up, class 1 below it arching down."""

    def points(labels, t):
        angle = np.pi * t
        upper = np.column_stack([np.cos(angle), np.sin(angle)])
        lower = np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)])
        return np.where((labels == 0)[:, None], upper, lower)

    return _generate(points, n_samples, noise, seed)


def spiral(n_samples=300, noise=0.1, seed=None, n_classes=2):
    """Arms winding out from the origin, one per class, each turning 1.75 times."""
    n_classes = check_count(n_classes, "n_classes", 100, "(spiral arms)")

    def points(labels, t):
        angle = 1.75 * 2 * np.pi * t + 2 * np.pi * labels / n_classes
        return np.column_stack([t * np.cos(angle), t * np.sin(angle)])

    return _generate(points, n_samples, noise, seed, n_classes)
