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


def plot_network(
    weights, biases, ax=None, names=None, values=None, highlight=(), layer_gap=3.2, unit_gap=1.8
):
    """Draw a fully connected network: one circle per neuron (layers from left to right), one
    arrow per weight with its value on it, and each neuron's bias under its circle.

    weights : list of arrays (n_in, n_out), one per layer, as `nnlib.Network` stores them;
    biases : list of arrays (n_out,), one per layer; names : one list of neuron labels per
    layer, inputs first (default x1, x2, ... / h1, h2, ... / o1, o2, ...); values : optional
    numbers to write inside the neurons (e.g. their outputs for one input), one array per
    layer, inputs first; highlight : (layer, i, j) triples, the weights from unit i of layer
    `layer` to unit j of the next one to draw in colour. Returns the axes.
    """
    ax = _axes(ax)
    sizes = [len(weights[0])] + [len(w[0]) for w in weights]
    if names is None:
        prefixes = ["x"] + ["h"] * (len(sizes) - 2) + ["o"]
        names = [[f"${p}_{k + 1}$" for k in range(n)] for p, n in zip(prefixes, sizes, strict=True)]
    radius = 0.5
    centres = [  # (x, y) of every neuron, first unit at the top
        [(layer * layer_gap, ((n - 1) / 2 - k) * unit_gap) for k in range(n)]
        for layer, n in enumerate(sizes)
    ]
    marked = {tuple(edge) for edge in highlight}
    for layer, matrix in enumerate(weights):
        for i, start in enumerate(centres[layer]):
            for j, end in enumerate(centres[layer + 1]):
                direction = np.subtract(end, start) / np.hypot(*np.subtract(end, start))
                tail, head = start + radius * direction, end - radius * direction
                colour = "tab:orange" if (layer, i, j) in marked else "0.35"
                width = 2.6 if (layer, i, j) in marked else 1.3
                ax.annotate(
                    "", xy=head, xytext=tail,
                    arrowprops=dict(arrowstyle="-|>", color=colour, lw=width, shrinkA=0, shrinkB=0),
                )
                # the label sits a third of the way along, where crossing arrows are apart
                where = tail + (head - tail) * 0.32
                ax.text(
                    *where, f"{matrix[i, j]:g}", ha="center", va="center", fontsize=9,
                    color="tab:orange" if (layer, i, j) in marked else "k",
                    weight="bold" if (layer, i, j) in marked else "normal",
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"),
                )
    for layer, layer_centres in enumerate(centres):
        for k, (x, y) in enumerate(layer_centres):
            face = "#dbe9f6" if layer == 0 else "#fde2c8" if layer == len(sizes) - 1 else "#e4f2dc"
            ax.add_patch(plt.Circle((x, y), radius, facecolor=face, edgecolor="k", lw=1.2))
            label = names[layer][k]
            if values is not None:
                ax.text(x, y + 0.16, label, ha="center", va="center", fontsize=11)
                ax.text(x, y - 0.2, f"{values[layer][k]:.4g}", ha="center", va="center", fontsize=8)
            else:
                ax.text(x, y, label, ha="center", va="center", fontsize=12)
            if layer > 0:
                ax.text(x, y - radius - 0.22, f"b = {biases[layer - 1][k]:g}", ha="center",
                        va="top", fontsize=9)
    height = (max(sizes) - 1) * unit_gap / 2 + radius
    ax.set_xlim(-radius - 0.3, (len(sizes) - 1) * layer_gap + radius + 0.3)
    ax.set_ylim(-height - 0.75, height + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
