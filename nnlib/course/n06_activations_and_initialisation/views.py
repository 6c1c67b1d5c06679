"""Live view for notebook 06: a playground on generated 2-D data sets.

`PlaygroundView` trains a 2-n-1 network (`playground.train`) for the chosen data set, hidden
activation, number of hidden units and learning rate, and shows its output over the plane with
the samples and, beside it, one small map per hidden unit: what that unit computes. Every run is
kept (keyed on the four slider values), so moving back to a setting seen before trains nothing.
Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np
from matplotlib import colormaps

from nnlib.activations import ACTIVATIONS
from nnlib.course.explore import RunCache, SliderSpec, View
from nnlib.course.n06_activations_and_initialisation import playground
from nnlib.course.plots import plane_grid, plot_function_image

MAX_UNITS = 8
MAP_COLUMNS = 4
# Colours in bands (0 to 0.1, 0.1 to 0.2, ...), not a smooth ramp: every frame is sent as a PNG,
# and flat bands compress several times faster than a gradient; they also read as levels.
BANDS = colormaps["RdBu_r"].resampled(10)


def hidden_unit(network, unit, activation):
    """The function points (n, 2) -> output of hidden `unit` of a 2-n-1 `network` whose hidden
    layer uses `activation` (a name), (n,)."""
    weights = network.weights[0][:, unit].copy()  # (2,)
    bias = float(network.biases[0][unit])
    f, _ = ACTIVATIONS[activation]

    def output(points):
        return f(points @ weights + bias)

    return output


def scaled(function, points):
    """`function` rescaled so its values on `points` run from 0 (lowest) to 1 (highest);
    a function that is constant there is shown as 0.5 everywhere."""
    values = function(points)
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-12:
        return lambda p: np.full(len(p), 0.5)
    return lambda p: (function(p) - low) / (high - low)


class PlaygroundView(View):
    """A 2-n-1 network trained on circles, moons or a spiral: its output over the plane (in
    bands of 0.1; red for class 1, blue for class 0, the black line where it is 0.5) with the
    samples, the accuracy and loss in the title, and a small map per hidden unit (each scaled
    from its lowest value on the plane, blue, to its highest, red), titled with its weight to
    the output. Sliders: data set, activation, hidden units, learning rate.

    Runs are trained when first needed and kept (`self.runs`, a `RunCache` keyed on the slider
    values): one run is `playground.ITERATIONS` full-batch steps, about 20-60 ms. With
    warm=True (the default) the view trains, when it is built, every setting one slider away
    from the start (`one_move_away`, 17 runs, about a second), so that a learner's first moves
    are instant.
    Options: seed (of the starting weights), resolution (grid points across, for the 0.5
    contour), warm.
    """

    sliders = {
        "data_set": SliderSpec.choice("data set", "circles", playground.DATA_SETS),
        "activation": SliderSpec.choice("activation", "tanh", playground.HIDDEN_ACTIVATIONS),
        "hidden_units": SliderSpec("hidden units", 4, 1, MAX_UNITS, 1),
        "learning_rate": SliderSpec.choice("learning rate", 3.0, playground.LEARNING_RATES),
    }
    budget_ms = 100
    figsize = (8.0, 4.3)

    def __init__(self, fig, ax, seed=0, resolution=81, warm=True):
        super().__init__(fig, ax)
        self.seed = seed
        self.tasks = {name: playground.task(name) for name in playground.DATA_SETS}
        self.runs = RunCache(self._start_run)  # (data set, activation, units, rate) -> Run
        extent = playground.EXTENT
        self.points, self.shape = plane_grid(extent, resolution)  # (resolution**2, 2)
        self.grid_x1 = self.points[:, 0].reshape(self.shape)
        self.grid_x2 = self.points[:, 1].reshape(self.shape)

        # one big panel on the left; on the right MAX_UNITS small maps, with a key below them
        ax.remove()
        rows = MAX_UNITS // MAP_COLUMNS
        layout = fig.add_gridspec(rows + 1, 1 + MAP_COLUMNS, width_ratios=[4.4] + [1] * MAP_COLUMNS,
                                  height_ratios=[1] * rows + [0.9])
        self.ax = fig.add_subplot(layout[:, 0])
        self.maps = [fig.add_subplot(layout[k // MAP_COLUMNS, 1 + k % MAP_COLUMNS])
                     for k in range(MAX_UNITS)]
        key = fig.add_subplot(layout[rows, 1:])
        key.axis("off")
        key.text(0.5, 0.9, "one map per hidden unit: its output over the\nsame plane, from its "
                 "lowest (blue) to its\nhighest value (red); above it, its weight\nto the "
                 "output unit. Left: the network's output,\nits 0.5 line and the points",
                 ha="center", va="top", fontsize=8, transform=key.transAxes)
        self.axes = [self.ax, *self.maps]

        self.image = plot_function_image(
            lambda p: np.full(len(p), 0.5), extent, ax=self.ax, resolution=resolution, step=2,
            cmap=BANDS,
        )
        self.contour = None
        # markers on a line, not a scatter: Agg stamps one marker picture per point (faster)
        style = dict(ls="none", marker="o", ms=4, mec="k", mew=0.4, zorder=3)
        (self.ones,) = self.ax.plot([], [], mfc="tab:red", label="class 1", **style)
        (self.zeros,) = self.ax.plot([], [], mfc="tab:blue", label="class 0", **style)
        self.ax.set_xticks([-2, 0, 2])
        self.ax.set_yticks([-2, 0, 2])
        self.title = self.ax.set_title(" ", fontsize=10)

        self.map_images, self.map_titles = [], []
        for map_ax in self.maps:
            image = plot_function_image(
                lambda p: np.full(len(p), np.nan), extent, ax=map_ax, resolution=21, step=2,
                cmap=BANDS,
            )
            map_ax.set_xticks([])
            map_ax.set_yticks([])
            map_ax.set_xlabel("")
            map_ax.set_ylabel("")
            map_ax.set_aspect("equal")
            # no frame: a spine on the image's edge pixel would be redrawn over it by the
            # Painter at one pixel off; an unused unit's slot is then simply empty
            map_ax.spines[:].set_visible(False)
            self.map_images.append(image)
            self.map_titles.append(map_ax.set_title(" ", fontsize=8))

        self.run = None
        self.accuracy = None
        self.loss = None
        if warm:
            for values in self.one_move_away():
                self.trained(**values)

    def _start_run(self, data_set, activation, hidden_units, learning_rate):
        return playground.train(self.tasks[data_set], activation, hidden_units, learning_rate,
                                seed=self.seed)

    def trained(self, data_set, activation, hidden_units, learning_rate):
        """The playground.Run for these slider values, trained on first use and kept."""
        return self.runs(data_set, activation, int(hidden_units), float(learning_rate))

    def changing_artists(self):
        return [self.image, self.contour, self.ones, self.zeros, self.title,
                *self.map_images, *self.map_titles]

    def update(self, data_set, activation, hidden_units, learning_rate):
        task = self.tasks[data_set]
        run = self.trained(data_set, activation, hidden_units, learning_rate)
        network = run.network
        self.run = run
        positive = task.y[:, 0] > 0.5
        self.ones.set_data(*task.X[positive].T)
        self.zeros.set_data(*task.X[~positive].T)

        if run.error:
            self.accuracy, self.loss = None, None
            self.image.set_function(lambda p: np.full(len(p), 0.5))
            self.title.set_text("the weights overflowed: try a smaller learning rate")
        else:
            self.accuracy = run.accuracy(task)
            self.loss = network.loss(task.X, task.y)  # after the last step
            self.image.set_function(lambda p: network.feedforward(p)[:, 0])
            # short: every glyph is drawn again on every move (the sliders show the setting)
            self.title.set_text(f"accuracy {self.accuracy:.1%}, loss {self.loss:.4f}")
        if self.contour is not None:  # a contour set cannot be given new data: replace it
            self.contour.remove()
        self.contour = self.ax.contour(
            self.grid_x1, self.grid_x2, self.image.get_array(), levels=[0.5], colors="k",
            linewidths=1.5,
        )

        output_weights = network.weights[1][:, 0]
        for k, (image, title) in enumerate(zip(self.map_images, self.map_titles, strict=True)):
            shown = k < hidden_units and not run.error
            if shown:
                image.set_function(scaled(hidden_unit(network, k, activation), self.points))
                title.set_text(f"{output_weights[k]:+.2f}")
            else:  # an empty slot; NaN is drawn transparent, and hidden it is not drawn at all
                image.set_function(lambda p: np.full(len(p), np.nan))
                title.set_text("")
            image.set_visible(shown)
            title.set_visible(shown)
