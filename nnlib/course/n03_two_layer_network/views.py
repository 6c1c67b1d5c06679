"""Live view for notebook 03: a two-layer network's decision boundary as it trains.

`train_network` is the plain rule (a fresh network, trained full-batch from the same seed).
`BoundaryView` reads its networks off one `TrainingRun` per hidden-unit count: training for k
iterations from a seed is exactly the first k steps of a longer run from the same seed, so the
network after k steps of that run IS the network `train_network` would return, without
retraining on every slider move. Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np

from nnlib.course.explore import RunCache, SliderSpec, TrainingRun, View
from nnlib.course.n03_two_layer_network import xor_clusters
from nnlib.course.plots import plane_grid, plot_function_image, plot_points
from nnlib.network import Network

LEARNING_RATE = 1.0  # the explorer's: on the XOR clusters, 2 hidden units get there in ~500


def train_network(X, y, hidden_units, iterations, learning_rate=LEARNING_RATE, seed=0):
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
    """A 2-n-1 network's output over the plane with its 0.5 boundary, the samples, the new
    points to predict, and the loss, the number of samples on the right side and the
    predictions as text. Sliders: hidden units, iterations.

    For every hidden-unit count on the slider the network is trained once, from the same seed,
    for the slider's maximum number of iterations, keeping the network at every step of the
    iterations slider (a `TrainingRun`); a slider move then looks up the network after that
    many iterations, which is exactly the network that training from scratch gives. Settings
    off the sliders' steps (set from code) are trained from scratch.

    Options: task, with X (n_samples, 2) and y (n_samples, 1) to train on, names (one label per
    sample, or None) and new_points (a dict name -> (x1, x2) of points to predict and mark with
    a star), by default notebook 03's XOR clusters (`xor_clusters.task()`), on which one hidden
    unit is not enough and two are; learning_rate, seed, extent (x1_min, x1_max, x2_min,
    x2_max), resolution (grid points across), axis labels, class_labels (legend entries for
    target 1 and target 0). (The notebook's people task works too: `task=people.task()`.)
    """

    sliders = {
        "hidden_units": SliderSpec("hidden units", 2, 1, 8, 1),
        "iterations": SliderSpec("iterations", 1000, 0, 2000, 50),
    }
    budget_ms = 100
    figsize = (7.0, 4.5)

    def __init__(
        self,
        fig,
        ax,
        task=None,
        learning_rate=LEARNING_RATE,
        seed=0,
        extent=(-2.0, 2.0, -2.0, 2.0),
        resolution=101,
        xlabel="$x_1$",
        ylabel="$x_2$",
        class_labels=xor_clusters.CLASS_LABELS,
    ):
        super().__init__(fig, ax)
        task = xor_clusters.task() if task is None else task
        self.X = np.asarray(task.X, dtype=float)
        self.y = np.asarray(task.y, dtype=float)
        self.new_points = dict(task.new_points)
        self.learning_rate = learning_rate
        self.seed = seed
        self.points, self.shape = plane_grid(extent, resolution)  # (resolution**2, 2)
        self.grid_x1 = self.points[:, 0].reshape(self.shape)
        self.grid_x2 = self.points[:, 1].reshape(self.shape)

        units, steps = self.sliders["hidden_units"], self.sliders["iterations"]
        self.runs = RunCache(self._start_run)  # (hidden_units,) -> TrainingRun
        for hidden_units in range(units.min, units.max + 1):  # every first move trains nothing
            self.runs(hidden_units).after(steps.max)

        # Only what the learner needs, in one axes: every artist costs redraw time. The
        # notebook's static figure above it has the colour bar and the loss curve.
        # Coloured from the network itself, every other screen pixel (filled in between);
        # the `resolution` grid of values is in self.image.get_array(), for the contour.
        self.image = plot_function_image(
            lambda points: np.full(len(points), 0.5), extent, ax=ax, resolution=resolution, step=2
        )
        self.contour = None
        ones, zeros = plot_points(self.X, self.y, ax=ax, labels=task.names)
        ones.set_label(class_labels[0])
        zeros.set_label(class_labels[1])
        for name, (x1, x2) in self.new_points.items():
            ax.scatter(x1, x2, marker="*", s=200, c="gold", edgecolor="k", zorder=4)
            ax.annotate(name, (x1, x2), textcoords="offset points", xytext=(8, -12))
        # below the plot, not over the picture: a slider move then need not redraw it
        fig.legend(loc="outside lower center", ncols=2, fontsize="small")
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.set_yticks(np.linspace(extent[2], extent[3], 5))  # fewer labels: a faster redraw
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        self.title = ax.set_title(" ")
        self.text = ax.text(
            0.02, 0.97, "", transform=ax.transAxes, ha="left", va="top", family="monospace",
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.8),
        )

        self.network = None
        self.losses = np.empty(0)
        self.loss = None
        self.right = None  # how many samples end on the side of the boundary their target is
        self.predictions = {}

    def _start_run(self, hidden_units):
        def train(network, more, callback, callback_every):
            return network.train(self.X, self.y, more, learning_rate=self.learning_rate,
                                 callback=callback, callback_every=callback_every)

        network = Network([self.X.shape[1], hidden_units, self.y.shape[1]], seed=self.seed)
        return TrainingRun(network, train, every=self.sliders["iterations"].step)

    def trained(self, hidden_units, iterations):
        """(network, losses) after `iterations` steps with `hidden_units` hidden units."""
        # (0 iterations: the untrained network, which has no History)
        found = self.runs(int(hidden_units)).after(iterations) if iterations else None
        if found is None:  # untrained, or not on the slider's steps (set from code)
            return train_network(
                self.X, self.y, hidden_units, iterations, self.learning_rate, self.seed
            )
        network, history = found  # a copy: training view.network leaves the run as it was
        return network, history.losses

    def changing_artists(self):
        return [self.image, self.contour, self.title, self.text]

    def update(self, hidden_units, iterations):
        network, losses = self.trained(hidden_units, iterations)
        self.network = network
        self.loss = network.loss(self.X, self.y)  # after the last update
        self.right = int(np.sum((network.feedforward(self.X) > 0.5) == (self.y > 0.5)))
        self.image.set_function(lambda points: network.feedforward(points)[:, 0])
        values = self.image.get_array()  # on the grid self.points
        # a contour set cannot be given new data: replace it
        if self.contour is not None:
            self.contour.remove()
        self.contour = self.axes.contour(
            self.grid_x1, self.grid_x2, values, levels=[0.5], colors="k", linewidths=2
        )
        self.losses = losses

        if self.new_points:
            outputs = network.feedforward(np.array(list(self.new_points.values())))[:, 0]
            self.predictions = dict(zip(self.new_points, map(float, outputs), strict=True))
        lines = [f"loss   {self.loss:.4f}", f"right  {self.right} of {len(self.y)}"]
        lines += [f"{name:<6} -> {value:.2f}" for name, value in self.predictions.items()]
        self.text.set_text("\n".join(lines))
        plural = "" if hidden_units == 1 else "s"
        self.title.set_text(
            f"2-{hidden_units}-1 network ({hidden_units} hidden unit{plural}) "
            f"after {iterations} iterations"
        )
