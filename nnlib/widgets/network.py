"""Live view for notebook 03: a two-layer network's decision boundary as it trains.

`train_network` is the plain rule (a fresh network, trained full-batch from the same seed);
`BoundaryView` only draws what it returns. Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np

from nnlib.network import Network
from nnlib.plots import plane_grid, plot_loss, plot_output_image, plot_points, set_loss
from nnlib.widgets import SliderSpec, View


def train_network(X, y, hidden_units, iterations, learning_rate=0.5, seed=0):
    """A fresh Network([n_features, hidden_units, n_outputs], seed) trained by full-batch
    gradient descent for `iterations` steps (0 = leave it untrained).

    X : (n_samples, n_features); y : (n_samples, n_outputs).
    Returns (network, losses): losses has one value per iteration (empty for 0 iterations).
    """
    network = Network([X.shape[1], hidden_units, y.shape[1]], seed=seed)
    if iterations == 0:
        return network, np.empty(0)
    return network, network.train(X, y, iterations, learning_rate=learning_rate).losses


class BoundaryView(View):
    """Left: a freshly trained 2-n-1 network's output over the plane with its 0.5 boundary and
    the samples. Right: its loss per iteration. Sliders: hidden units and iterations.

    Options: X (n_samples, 2) and y (n_samples, 1) to train on; names (one label per sample);
    new_points, a dict name -> (x1, x2) of points to predict and mark with a star;
    learning_rate, seed, extent (x1_min, x1_max, x2_min, x2_max), resolution (grid points
    across), axis labels.
    """

    sliders = {
        "hidden_units": SliderSpec("hidden units", 2, 1, 8, 1),
        "iterations": SliderSpec("iterations", 1000, 0, 2000, 50),
    }
    budget_ms = 100
    figsize = (10.0, 4.2)
    grid = (1, 2)

    def __init__(
        self,
        fig,
        axes,
        X,
        y,
        names=None,
        new_points=None,
        learning_rate=0.5,
        seed=0,
        extent=(-30.0, 30.0, -10.0, 10.0),
        resolution=101,
        xlabel="weight − 135 (lb)",
        ylabel="height − 66 (in)",
    ):
        super().__init__(fig, axes)
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.new_points = dict(new_points or {})
        self.learning_rate = learning_rate
        self.seed = seed
        self.points, self.shape = plane_grid(extent, resolution)  # (resolution**2, 2)
        self.grid_x1 = self.points[:, 0].reshape(self.shape)
        self.grid_x2 = self.points[:, 1].reshape(self.shape)

        plane, loss_ax = axes
        self.image = plot_output_image(np.full(self.shape, 0.5), extent, ax=plane)
        self.image.set_interpolation("bilinear")
        fig.colorbar(self.image, ax=plane, label="network output (1 = female)")
        self.contour = None
        ones, zeros = plot_points(self.X, self.y, ax=plane, labels=names)
        ones.set_label("female (1)")
        zeros.set_label("male (0)")
        for name, (x1, x2) in self.new_points.items():
            plane.scatter(x1, x2, marker="*", s=200, c="gold", edgecolor="k", zorder=4)
            plane.annotate(name, (x1, x2), textcoords="offset points", xytext=(8, -12))
        plane.legend(loc="lower right", fontsize="small")
        plane.set_xlim(extent[0], extent[1])
        plane.set_ylim(extent[2], extent[3])
        plane.set_xlabel(xlabel)
        plane.set_ylabel(ylabel)
        self.title = plane.set_title(" ")

        max_iterations = self.sliders["iterations"].max
        self.loss_line = plot_loss([], ax=loss_ax, log=True, color="tab:purple")
        loss_ax.set_xlim(0, max_iterations)
        loss_ax.set_ylim(1e-4, 1.0)
        loss_ax.grid(True, which="major", alpha=0.3)
        loss_ax.set_title("mean squared error while training")
        self.text = loss_ax.text(0.97, 0.95, "", transform=loss_ax.transAxes, ha="right",
                                 va="top", family="monospace")

        self.network = None
        self.loss = None
        self.predictions = {}

    def update(self, hidden_units, iterations):
        network, losses = train_network(
            self.X, self.y, hidden_units, iterations, self.learning_rate, self.seed
        )
        self.network = network
        self.loss = network.loss(self.X, self.y)  # after the last update
        values = network.feedforward(self.points)[:, 0].reshape(self.shape)
        self.image.set_data(values)
        # a contour set cannot be given new data: replace it
        if self.contour is not None:
            self.contour.remove()
        self.contour = self.axes[0].contour(
            self.grid_x1, self.grid_x2, values, levels=[0.5], colors="k", linewidths=2
        )
        set_loss(self.loss_line, losses)

        if self.new_points:
            outputs = network.feedforward(np.array(list(self.new_points.values())))[:, 0]
            self.predictions = dict(zip(self.new_points, map(float, outputs), strict=True))
        lines = [f"loss now  {self.loss:.4f}"]
        lines += [f"{name:<6} -> {value:.2f}" for name, value in self.predictions.items()]
        self.text.set_text("\n".join(lines))
        plural = "" if hidden_units == 1 else "s"
        self.title.set_text(
            f"2-{hidden_units}-1 network, {hidden_units} hidden unit{plural}, "
            f"{iterations} iterations"
        )
