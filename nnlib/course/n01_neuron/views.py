"""Notebook 01's live view: one neuron's output over the (x1, x2) plane, with sliders for
w1, w2 and b. Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np

from nnlib.course.explore import SliderSpec, View
from nnlib.course.plots import plot_function_image
from nnlib.neuron import Neuron

# Below this size the weight vector counts as zero: z = b everywhere and there is no boundary.
# (A slider can land on 1e-17 instead of 0.0; dividing by that would put the line at 1e17.)
ZERO_WEIGHTS = 1e-9


def boundary_line(weights, bias, extent):
    """Two end points of the line w1 x1 + w2 x2 + b = 0 (where z = 0, output 0.5) across `extent`.

    weights : (w1, w2); extent : (x1_min, x1_max, x2_min, x2_max).
    Returns (x1, x2), two arrays of two numbers each, or two empty arrays when w1 = w2 = 0
    (then z = b everywhere and there is no boundary).
    """
    w1, w2 = float(weights[0]), float(weights[1])
    x1_min, x1_max, x2_min, x2_max = extent
    if np.hypot(w1, w2) < ZERO_WEIGHTS:
        return np.array([]), np.array([])
    # Divide by the larger weight, so the end points stay close to the view and a vertical
    # (w2 = 0) or horizontal (w1 = 0) line needs no special case.
    if abs(w2) >= abs(w1):
        x1 = np.array([x1_min, x1_max])
        x2 = -(w1 * x1 + bias) / w2
    else:
        x2 = np.array([x2_min, x2_max])
        x1 = -(w2 * x2 + bias) / w1
    return x1, x2


def boundary_message(weights, bias, extent):
    """A note for the figure when the boundary is not visible (empty string when it is)."""
    w1, w2 = float(weights[0]), float(weights[1])
    if np.hypot(w1, w2) < ZERO_WEIGHTS:
        return (
            f"w1 = w2 = 0: no boundary.\nz = b everywhere, so every point gets "
            f"sigmoid({bias:g}) = {Neuron([0.0], bias).feedforward([0.0]):.4f}"
        )
    x1_min, x1_max, x2_min, x2_max = extent
    corners = np.array([[x1_min, x2_min], [x1_min, x2_max], [x1_max, x2_min], [x1_max, x2_max]])
    z = corners @ np.array([w1, w2]) + bias
    if np.all(z > 0) or np.all(z < 0):
        side = "above" if z[0] > 0 else "below"
        return f"The boundary (z = 0) lies outside this view:\nthe whole view is {side} 0.5"
    return ""


class NeuronPlaneView(View):
    """A neuron's output over the (x1, x2) plane, its 0.5 boundary and its output at one point.

    Options: point (the input marked on the plane, default the article's x = [2, 3]),
    extent (x1_min, x1_max, x2_min, x2_max) and resolution (grid points per side).
    """

    sliders = {
        "w1": SliderSpec("w1 (weight of x1)", 0.0, -3.0, 3.0, 0.1),
        "w2": SliderSpec("w2 (weight of x2)", 1.0, -3.0, 3.0, 0.1),
        "b": SliderSpec("b (bias)", 4.0, -8.0, 8.0, 0.1),
    }
    budget_ms = 50
    figsize = (6.4, 5.0)

    def __init__(self, fig, axes, point=(2.0, 3.0), extent=(-6.0, 6.0, -6.0, 6.0), resolution=81):
        super().__init__(fig, axes)
        ax = axes
        self.point = np.array(point, dtype=float)
        self.extent = tuple(float(v) for v in extent)
        # Coloured from the neuron itself at every other screen pixel (filled in between);
        # `resolution` is the grid of values kept in self.image.get_array().
        self.image = plot_function_image(
            Neuron([0.0, 0.0], 0.0).feedforward, self.extent, ax=ax, resolution=resolution, step=2
        )
        # Few ticks and plain-text legend labels: every label is re-rendered on each redraw.
        fig.colorbar(self.image, ax=ax, label="neuron output", ticks=[0.0, 0.5, 1.0])
        (self.boundary,) = ax.plot(
            [], [], color="black", linewidth=2.5, label="boundary: output 0.5 (z = 0)"
        )
        point_name = f"x = [{self.point[0]:g}, {self.point[1]:g}]"
        (self.marker,) = ax.plot(
            *self.point,
            linestyle="none",
            marker="*",
            markersize=18,
            markerfacecolor="gold",
            markeredgecolor="black",
            label=point_name,
        )
        box = dict(boxstyle="round", facecolor="white", alpha=0.9)
        self.output_text = ax.text(
            0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=11, bbox=box
        )
        self.boundary_text = ax.text(
            0.5,
            0.04,
            "",
            transform=ax.transAxes,
            ha="center",
            va="bottom",
            fontsize=10,
            bbox=box,
        )
        self.boundary_text.set_visible(False)
        ax.set_xlim(self.extent[0], self.extent[1])
        ax.set_ylim(self.extent[2], self.extent[3])
        ax.set_xticks(np.linspace(self.extent[0], self.extent[1], 5))
        ax.set_yticks(np.linspace(self.extent[2], self.extent[3], 5))
        ax.set_xlabel("$x_1$ (first input)")
        ax.set_ylabel("$x_2$ (second input)")
        # Above the plot, where it never hides the boundary line.
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)

    def changing_artists(self):
        return [self.image, self.boundary, self.output_text, self.boundary_text]

    def update(self, w1, w2, b):
        """Recolour the plane for weights (w1, w2) and bias b; move the boundary and the text."""
        weights = np.array([w1, w2], dtype=float)
        neuron = Neuron(weights, b)
        self.image.set_function(neuron.feedforward)
        self.boundary.set_data(*boundary_line(weights, b, self.extent))
        z = float(self.point @ weights + b)
        a = neuron.feedforward(self.point)
        self.output_text.set_text(
            f"output for x = [{self.point[0]:g}, {self.point[1]:g}]: {a:.4f}\n(z = {z:.2f})"
        )
        message = boundary_message(weights, b, self.extent)
        self.boundary_text.set_text(message)
        self.boundary_text.set_visible(bool(message))
