"""Static pictures for notebook 09: what a moons network learned over the plane, and its
training and validation curves; the live view (views.py) draws the same two pictures.

Each helper takes the axes to draw on and returns what it drew. Importing this module loads
matplotlib.
"""

import numpy as np
from matplotlib import colormaps

from nnlib.course.n09_training_better import moons
from nnlib.course.plots import plot_function_image

# Colours in bands of 0.1 (as notebook 06's playground): they read as levels, and a live frame
# of flat bands compresses several times faster than a smooth ramp.
BANDS = colormaps["RdBu_r"].resampled(10)
LOSS_LIMITS = (1e-3, 5.0)  # the curves' y range (log scale)
POINT_STYLE = dict(ls="none", marker="o", ms=4.5, mec="k", mew=0.5, zorder=3)


def class_one(network):
    """The function points (n, 2) -> the network's probability of class 1, (n,)."""
    return lambda points: network.feedforward(points)[:, 1]


def plot_plane(network, parts, ax, resolution=61, step=3):
    """The probability of class 1 over the plane (red 1, blue 0, in bands of 0.1), the black
    line where it is 0.5, and the training points of `parts` (a moons.MoonSplit) on top.
    Returns (image, contour set)."""
    image = plot_function_image(class_one(network), moons.EXTENT, ax=ax, resolution=resolution,
                                step=step, cmap=BANDS)
    contour = plot_boundary(image, ax)
    X, labels = parts.X_train, parts.labels_train
    ax.plot(*X[labels == 1].T, mfc="tab:red", **POINT_STYLE)
    ax.plot(*X[labels == 0].T, mfc="tab:blue", **POINT_STYLE)
    ax.set_aspect("equal")
    ax.set_xticks([-2, 0, 2])
    ax.set_yticks([-2, 0, 2])
    return image, contour


def plot_boundary(image, ax):
    """The 0.5 line of a FunctionImage's grid values, in black; returns the contour set."""
    points, shape = image.points, image.shape
    return ax.contour(points[:, 0].reshape(shape), points[:, 1].reshape(shape), image.get_array(),
                      levels=[0.5], colors="k", linewidths=1.2)


def plot_curves(run, ax, legend=True):
    """A moons.Run's training loss per epoch and validation loss every few epochs, log scale,
    with a dotted line at the lowest validation loss. Returns (training line, validation line,
    dotted line, marker)."""
    epochs = np.arange(len(run.train_losses))
    (train_line,) = ax.plot(epochs, np.clip(run.train_losses, *LOSS_LIMITS), color="tab:blue",
                            lw=1.5, label="training")
    (val_line,) = ax.plot(run.val_epochs, np.clip(run.val_losses, *LOSS_LIMITS),
                          color="tab:orange", lw=1.5, label="validation")
    best = run.best_epoch
    stop_line = ax.axvline(best, color="0.3", ls=":", lw=1.2)
    (stop_point,) = ax.plot([best], [np.clip(run.val_losses.min(), *LOSS_LIMITS)], "o",
                            color="tab:orange", mec="k", ms=6)
    ax.set_yscale("log")
    ax.set_ylim(*LOSS_LIMITS)
    ax.set_xlim(0, epochs[-1])
    ax.set_xlabel("epochs (one full-batch step each)")
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(fontsize=8, loc="lower left")
    return train_line, val_line, stop_line, stop_point
