"""Plot helpers shared by the notebooks. Each takes ``ax=None`` (a new figure) and returns
what it drew, so widgets can update it in place later. Importing this module loads matplotlib.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.image import AxesImage
from matplotlib.transforms import Bbox, IdentityTransform


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


class FunctionImage(AxesImage):
    """A function's value over the (x1, x2) plane, coloured, recomputed for every screen pixel.

    ``set_function(f)`` with f mapping points of shape (n, 2) to values of shape (n,) sets it;
    the image's array (``get_array()``) then holds f on a `resolution` x `resolution` grid, as
    from `plane_grid`. When drawn, f is evaluated at the centre of every `step`-th screen pixel
    across and up (the pixels between are filled in linearly, or with fill="nearest" copied
    from the sample before them: for class labels, whose in-between values mean nothing) and
    coloured directly. A plain
    ``imshow`` of the grid would instead be resampled to the screen at every draw (two
    resamplings in matplotlib 3.11), most of the time a slider move spends drawing.
    """

    def __init__(self, ax, extent, resolution=81, step=1, fill="linear", **kwargs):
        super().__init__(ax, extent=extent, origin="lower", **kwargs)
        if fill not in ("linear", "nearest"):
            raise ValueError(f"fill must be 'linear' or 'nearest', got {fill!r}")
        self.points, self.shape = plane_grid(extent, resolution)
        self.step = step
        self.fill = fill
        self.function = None
        self.set_data(np.zeros(self.shape))

    def set_function(self, function):
        """Show `function` (points (n, 2) -> values (n,)); the grid values go to the array."""
        self.function = function
        self.set_data(np.asarray(function(self.points), dtype=float).reshape(self.shape))

    def make_image(self, renderer, magnification=1.0, unsampled=False):
        if self.function is None or unsampled:
            return super().make_image(renderer, magnification, unsampled)
        area = self.get_window_extent(renderer)
        clip = self.get_clip_box()
        if clip is not None:
            area = Bbox.intersection(area, clip)
        if area is None:
            return None, 0, 0, None
        # placed and sized on whole pixels as AxesImage places a resampled picture
        left, bottom = math.floor(area.x0 + 0.5), math.floor(area.y0 + 0.5)
        width, height = math.ceil(area.width), math.ceil(area.height)
        # screen pixel centres to compute, every `step`-th, and their data coordinates
        columns = left + 0.5 + np.arange(0, width + self.step, self.step)
        rows = bottom + 0.5 + np.arange(0, height + self.step, self.step)
        to_data = self.get_transform().inverted()  # linear axes: x1 by column, x2 by row
        x1 = to_data.transform(np.column_stack([columns, np.full_like(columns, bottom)]))[:, 0]
        x2 = to_data.transform(np.column_stack([np.full_like(rows, left), rows]))[:, 1]
        points = np.empty((len(x2), len(x1), 2))  # row by row from the bottom, as plane_grid
        points[..., 0] = x1
        points[..., 1] = x2[:, None]
        values = np.asarray(self.function(points.reshape(-1, 2)), dtype=float)
        values = values.reshape(len(x2), len(x1))
        if self.step > 1 and self.fill == "nearest":
            values = values[:-1, :-1].repeat(self.step, axis=0).repeat(self.step, axis=1)
        elif self.step > 1:
            values = _upsample(values, self.step)
        values = values[:height, :width]  # rows from the bottom up, as draw_image takes them
        return self.to_rgba(values, bytes=True), left, bottom, IdentityTransform()


def _upsample(values, step):
    """`values` sampled every `step` pixels, filled in linearly to every pixel in between."""
    rows = np.empty(((values.shape[0] - 1) * step, values.shape[1]))
    for offset in range(step):  # pixel `offset` after each sample, down the rows
        weight = offset / step
        rows[offset::step] = values[:-1] * (1 - weight) + values[1:] * weight
    both = np.empty((rows.shape[0], (values.shape[1] - 1) * step))
    for offset in range(step):  # and across the columns
        weight = offset / step
        both[:, offset::step] = rows[:, :-1] * (1 - weight) + rows[:, 1:] * weight
    return both


def plot_function_image(
    function, extent, ax=None, resolution=81, step=1, vmin=0.0, vmax=1.0, cmap="RdBu_r",
    fill="linear",
):
    """Show `function` (points (n, 2) -> values (n,)) over the plane as a `FunctionImage`,
    x1 across and x2 up; returns the image (give it a new function with ``set_function``)."""
    ax = _axes(ax)
    image = FunctionImage(ax, extent, resolution=resolution, step=step, cmap=cmap, fill=fill)
    image.set_clim(vmin, vmax)
    image.set_function(function)
    ax.add_image(image)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
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
