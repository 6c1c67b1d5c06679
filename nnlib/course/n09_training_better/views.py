"""Live view for notebook 09 (training better).

`RegularisationView`: sliders for weight decay, dropout and the optimiser; each setting trains
the moons network (`moons.train`) and shows what it learned over the plane beside its training
and validation curves. Every run is kept (keyed on the three slider values), and the runs one
slider move away from the start are trained when the view is built, so that moving one slider
trains nothing; a setting further away is trained when first reached (one run is 300 full-batch
steps, tens of milliseconds), then kept.

Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np
from matplotlib import colormaps

from nnlib.course.explore import SliderSpec, View
from nnlib.course.n09_training_better import moons
from nnlib.course.plots import plane_grid, plot_function_image

WEIGHT_DECAYS = (0.0, 0.001, 0.003, 0.01, 0.03)
DROPOUTS = (0.0, 0.1, 0.2, 0.5)
OPTIMISERS = ("plain", "momentum", "adam")
# Colours in bands of 0.1 (as notebook 06's playground): flat bands compress several times
# faster than a smooth ramp when every frame is sent as a PNG, and read as levels.
BANDS = colormaps["RdBu_r"].resampled(10)
LOSS_LIMITS = (1e-3, 5.0)


def class_one(network):
    """The function points (n, 2) -> the network's probability of class 1, (n,)."""
    return lambda points: network.feedforward(points)[:, 1]


class RegularisationView(View):
    """Left: the moons network's probability of class 1 over the plane (red 1, blue 0, in bands
    of 0.1; the black line where it is 0.5) with the 60 training points. Right: its training
    loss per epoch and its validation loss every few epochs (log scale), the dotted line at the
    lowest validation loss (where early stopping would stop). Sliders: weight decay, dropout,
    optimiser (each at its own learning rate, `moons.LEARNING_RATES`).

    parts : a moons.MoonSplit, by default `moons.split()`.
    precompute : train every setting one slider move away from the start now (10 runs).
    """

    sliders = {
        "weight_decay": SliderSpec.choice("weight decay", 0.0, WEIGHT_DECAYS),
        "dropout": SliderSpec.choice("dropout", 0.0, DROPOUTS),
        "optimiser": SliderSpec.choice("optimiser", "adam", OPTIMISERS),
    }
    budget_ms = 100
    figsize = (7.8, 3.5)
    grid = (1, 2)

    def __init__(self, fig, axes, parts=None, precompute=True, resolution=61):
        super().__init__(fig, axes)
        self.parts = moons.split() if parts is None else parts
        self.runs = {}  # (weight_decay, dropout, optimiser) -> moons.Run
        self.current = None
        if precompute:
            for values in self.one_move_away():
                self.run(**values)
        plane, curves = axes
        self.plane_axes, self.curve_axes = plane, curves
        self.points, self.shape = plane_grid(moons.EXTENT, resolution)
        self.grid_x1 = self.points[:, 0].reshape(self.shape)
        self.grid_x2 = self.points[:, 1].reshape(self.shape)
        self.image = plot_function_image(lambda p: np.full(len(p), 0.5), moons.EXTENT,
                                         ax=plane, resolution=resolution, step=3, cmap=BANDS)
        self.contour = None
        # markers on a line, not a scatter: Agg stamps one marker picture per point (faster)
        style = dict(ls="none", marker="o", ms=4.5, mec="k", mew=0.5, zorder=3)
        X, labels = self.parts.X_train, self.parts.labels_train
        plane.plot(*X[labels == 1].T, mfc="tab:red", label="class 1", **style)
        plane.plot(*X[labels == 0].T, mfc="tab:blue", label="class 0", **style)
        plane.set_aspect("equal")
        plane.set_xticks([-2, 0, 2])
        plane.set_yticks([-2, 0, 2])
        plane.set_title(f"the {len(X)} training points and P(class 1)", fontsize=9)

        epochs = np.arange(moons.EPOCHS + 1)
        (self.train_line,) = curves.plot(epochs, np.ones(len(epochs)), color="tab:blue", lw=1.5,
                                         label="training")
        val_epochs = moons.MEASURE_EVERY * np.arange(moons.EPOCHS // moons.MEASURE_EVERY + 1)
        (self.val_line,) = curves.plot(val_epochs, np.ones(len(val_epochs)), color="tab:orange",
                                       lw=1.5, label="validation")
        self.stop_line = curves.axvline(0, color="0.3", ls=":", lw=1.2)
        (self.stop_point,) = curves.plot([0], [1], "o", color="tab:orange", mec="k", ms=6)
        curves.set_yscale("log")
        curves.set_ylim(*LOSS_LIMITS)
        curves.set_xlim(0, moons.EPOCHS)
        curves.set_xlabel("epochs (one full-batch step each)")
        curves.set_ylabel("loss (cross-entropy)")
        curves.set_title("loss; dotted: the lowest validation loss", fontsize=9)
        curves.grid(alpha=0.3)
        fig.legend(handles=[self.train_line, self.val_line], loc="outside lower right", ncols=2,
                   fontsize=8)
        fig.suptitle(" ", fontsize=10)  # keeps room for `self.title`
        self.title = curves.text(0.5, 0.99, "", transform=fig.transFigure, ha="center",
                                 va="top", fontsize=10)
        self.title.set_in_layout(False)

    def one_move_away(self):
        """The settings at most one slider away from the start values, start first."""
        start = self.initial_values()
        settings = [start]
        for name, spec in self.sliders.items():
            settings += [{**start, name: option} for option in spec.options
                         if option != start[name]]
        return settings

    def run(self, weight_decay, dropout, optimiser):
        """The `moons.Run` of that setting: trained once, then kept."""
        key = (float(weight_decay), float(dropout), str(optimiser))
        if key not in self.runs:
            self.runs[key] = moons.train(self.parts, optimiser, weight_decay=key[0],
                                         dropout=key[1])
        return self.runs[key]

    def changing_artists(self):
        return [self.image, self.contour, self.train_line, self.val_line, self.stop_line,
                self.stop_point, self.title]

    def update(self, weight_decay, dropout, optimiser):
        run = self.run(weight_decay, dropout, optimiser)
        self.current = run
        self.image.set_function(class_one(run.network))
        if self.contour is not None:  # a contour set cannot be given new data: replace it
            self.contour.remove()
        self.contour = self.plane_axes.contour(
            self.grid_x1, self.grid_x2, self.image.get_array(), levels=[0.5], colors="k",
            linewidths=1.2,
        )
        # a loss below the axis would be drawn at its edge: clip to the plotted range
        self.train_line.set_ydata(np.clip(run.train_losses, *LOSS_LIMITS))
        self.val_line.set_ydata(np.clip(run.val_losses, *LOSS_LIMITS))
        best = run.best_epoch
        self.stop_line.set_xdata([best, best])
        self.stop_point.set_data([best], [np.clip(run.val_losses.min(), *LOSS_LIMITS)])
        # one short line: every glyph of a changing text is drawn again at every move
        self.title.set_text(
            f"validation: accuracy {run.val_accuracy:.1%}, loss {run.val_losses[-1]:.3f} "
            f"(lowest {run.val_losses.min():.3f}, epoch {best})"
        )
