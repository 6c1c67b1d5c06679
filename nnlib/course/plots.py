"""Plot helpers shared by the notebooks. Each takes ``ax=None`` (a new figure) and returns
what it drew, so widgets can update it in place later. Importing this module loads matplotlib.
"""

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plane_grid(extent=(-6.0, 6.0, -6.0, 6.0), resolution=121):
    """Grid points covering the (x1, x2) rectangle `extent` = (x1_min, x1_max, x2_min, x2_max).

    Returns (points, shape): points of shape (resolution**2, 2), rows = samples, and the
    (resolution, resolution) shape to reshape a per-point output into an image.
    """
    x1 = np.linspace(extent[0], extent[1], resolution)
    x2 = np.linspace(extent[2], extent[3], resolution)
    grid_x1, grid_x2 = np.meshgrid(x1, x2)
    return np.column_stack([grid_x1.ravel(), grid_x2.ravel()]), grid_x1.shape


def plot_output_image(values, extent, ax=None, vmin=0.0, vmax=1.0, cmap="RdBu_r"):
    """Show a model's outputs over the plane as an image (x1 across, x2 up); returns the image.

    values : array of shape (n_rows, n_cols), e.g. from ``plane_grid``'s points reshaped.
    """
    ax = _axes(ax)
    image = ax.imshow(
        values, origin="lower", extent=extent, vmin=vmin, vmax=vmax, cmap=cmap, aspect="auto"
    )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return image


def plot_loss(losses, ax=None, label=None, log=False, **style):
    """Loss per iteration as a line; returns the Line2D (update it with ``set_data``)."""
    ax = _axes(ax)
    losses = np.asarray(losses, dtype=float)
    (line,) = ax.plot(np.arange(1, len(losses) + 1), losses, label=label, **style)
    ax.set_xlabel("iteration")
    ax.set_ylabel("loss")
    if log:
        ax.set_yscale("log")
    return line


def set_loss(line, losses):
    """Replace a loss line's data with `losses` (one value per iteration)."""
    losses = np.asarray(losses, dtype=float)
    line.set_data(np.arange(1, len(losses) + 1), losses)
    return line


def plot_points(X, y, ax=None, labels=None, threshold=0.5):
    """Scatter 2-feature samples, filled by class (y >= threshold), optionally labelled.

    X : (n_samples, 2); y : (n_samples,) or (n_samples, 1). Returns the two PathCollections.
    """
    ax = _axes(ax)
    X = np.asarray(X, dtype=float)
    positive = np.asarray(y, dtype=float).ravel() >= threshold
    ones = ax.scatter(*X[positive].T, c="tab:red", edgecolor="k", s=60, label="1", zorder=3)
    zeros = ax.scatter(*X[~positive].T, c="tab:blue", edgecolor="k", s=60, label="0", zorder=3)
    if labels is not None:
        for (x1, x2), text in zip(X, labels, strict=True):
            ax.annotate(str(text), (x1, x2), textcoords="offset points", xytext=(6, 6))
    return ones, zeros
