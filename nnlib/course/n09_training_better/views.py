"""Live view for notebook 09 (training better).

`RegularisationView`: sliders for weight decay, dropout and the optimiser; each setting trains
the moons network (`moons.train`) and shows what it learned over the plane beside its training
and validation curves (the pictures of figures.py, without the 0.5 line). Every run is kept in
a `RunCache` (`MoonRuns`, which the notebook's figures share), and the runs one slider move
away from the start are trained when the view is built, so that moving one slider trains
nothing; a setting further away is trained when first reached (one run is 300 full-batch
steps, tens of milliseconds), then kept, and so is its picture.

Importing this module loads matplotlib and ipywidgets.
"""

from functools import partial

import numpy as np

from nnlib.course.explore import RunCache, SliderSpec, View
from nnlib.course.n09_training_better import moons
from nnlib.course.n09_training_better.figures import BANDS, LOSS_LIMITS, POINT_STYLE, class_one
from nnlib.course.plots import plot_function_image

WEIGHT_DECAYS = (0.0, 0.001, 0.003, 0.01, 0.03)
DROPOUTS = (0.0, 0.2, 0.5)
OPTIMISERS = ("plain", "momentum", "adam")


def train_setting(parts, weight_decay, dropout, optimiser):
    """The `moons.Run` of one setting of the sliders, trained on `parts`."""
    return moons.train(parts, optimiser, weight_decay=weight_decay, dropout=dropout)


class MoonRuns(RunCache):
    """The moons runs by setting, a `RunCache`: ``runs(weight_decay, dropout, optimiser)``
    trains a setting the first time and hands back the same `moons.Run` after. `parts` is the
    MoonSplit they train on (by default `moons.split()`)."""

    def __init__(self, parts=None):
        self.parts = moons.split() if parts is None else parts
        super().__init__(partial(train_setting, self.parts))


class RegularisationView(View):
    """Left: the moons network's probability of class 1 over the plane (red 1, blue 0, in bands
    of 0.1; the black line where it is 0.5) with the 60 training points. Right: its training
    loss per epoch and its validation loss every few epochs (log scale), the dotted line at the
    lowest validation loss (where early stopping would stop). Sliders: weight decay, dropout,
    optimiser (each at its own learning rate, `moons.LEARNING_RATES`).

    runs : a `MoonRuns` (the runs already trained, shared with the notebook's figures), by
        default a new one on `moons.split()`.
    precompute : train every setting one slider move away from the start now (9 runs).
    """

    sliders = {
        # "L2 decay": explore sizes the labels at 0.55 em a character, and "weight decay" (wide
        # letters) came out as "weight dec..." in the browser
        "weight_decay": SliderSpec.choice("L2 decay", 0.0, WEIGHT_DECAYS),
        "dropout": SliderSpec.choice("dropout", 0.0, DROPOUTS),
        "optimiser": SliderSpec.choice("optimiser", "adam", OPTIMISERS),
    }
    budget_ms = 100
    figsize = (7.8, 3.5)
    grid = (1, 2)

    def __init__(self, fig, axes, runs=None, precompute=True, resolution=61):
        super().__init__(fig, axes)
        self.runs = MoonRuns() if runs is None else runs  # (decay, dropout, optimiser) -> Run
        self.current = None
        if precompute:
            for values in self.one_move_away():
                self.run(**values)
        plane, curves = axes
        self.plane_axes, self.curve_axes = plane, curves
        self.image = plot_function_image(lambda p: np.full(len(p), 0.5), moons.EXTENT,
                                         ax=plane, resolution=resolution, step=3, cmap=BANDS)
        self.pictures = {}  # id(run) -> the function the image shows, remembering its values
        X, labels = self.runs.parts.X_train, self.runs.parts.labels_train
        # markers on a line, not a scatter: Agg stamps one marker picture per point (faster)
        plane.plot(*X[labels == 1].T, mfc="tab:red", **POINT_STYLE)
        plane.plot(*X[labels == 0].T, mfc="tab:blue", **POINT_STYLE)
        plane.set_aspect("equal")
        plane.set_xticks([-2, 0, 2])
        plane.set_yticks([-2, 0, 2])
        # no 0.5 line (the static figures draw one): in bands of 0.1 it is where blue turns red,
        # and a contour per move would cost about as much as the rest of the frame
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

    def run(self, weight_decay, dropout, optimiser):
        """The `moons.Run` of that setting: trained once, then kept (in `self.runs`)."""
        return self.runs(float(weight_decay), float(dropout), str(optimiser))

    def changing_artists(self):
        return [self.image, self.train_line, self.val_line, self.stop_line, self.stop_point,
                self.title]

    def picture(self, run):
        """The function the image shows for `run`: its probability of class 1, remembering the
        values it gave for the points it was asked about (a frame asks for the same screen
        pixels every time, so a setting seen before computes nothing)."""
        if id(run) not in self.pictures:
            self.pictures[id(run)] = remembered(class_one(run.network))
        return self.pictures[id(run)]

    def update(self, weight_decay, dropout, optimiser):
        run = self.run(weight_decay, dropout, optimiser)
        self.current = run
        self.image.set_function(self.picture(run))
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


def remembered(function):
    """`function` (points (n, 2) -> values (n,)) that keeps the values it computed, keyed on the
    points asked for; a copy is handed out, so no caller can change what is kept."""
    kept = {}

    def values(points):
        points = np.ascontiguousarray(points, dtype=float)
        key = (points.shape, hash(points.tobytes()))
        if key not in kept:
            kept[key] = np.asarray(function(points), dtype=float)
        return kept[key].copy()

    return values
