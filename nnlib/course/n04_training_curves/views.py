"""Widgets for notebook 04 (training curves).

* `LiveLossView` and `live_training`: a "Train" button above a loss curve that is redrawn
  every few iterations WHILE the network trains, not only at the end.
* `OverfittingView`: sliders for learning rate, iterations and hidden units; every move
  retrains a network and redraws its training and validation loss curves.

Importing this module loads matplotlib and ipywidgets.
"""

import itertools

import ipywidgets
import numpy as np
from matplotlib.ticker import FormatStrFormatter

from nnlib import data
from nnlib.course.explore import RunCache, SliderSpec, TrainingRun, View, explore
from nnlib.course.n04_training_curves import penguins
from nnlib.course.plots import set_loss
from nnlib.network import Network


def best_iteration(validation_losses):
    """The iteration, counting from 1, whose validation loss is the lowest."""
    return int(np.argmin(validation_losses)) + 1


class LiveLossView(View):
    """A loss curve that `train` redraws every `every` iterations while a network trains.

    X : (n_samples, n_inputs); y : (n_samples, n_outputs), by default the XOR table of
    `nnlib.data.xor`; the network is Network(layer_sizes, seed=seed) trained by full-batch
    gradient descent.
    """

    figsize = (6.0, 3.4)

    def __init__(
        self,
        fig,
        ax,
        X=None,
        y=None,
        layer_sizes=(3, 4, 1),
        iterations=1500,
        learning_rate=4.0,
        every=10,
        ylim=(0.0, 0.3),
    ):
        super().__init__(fig, ax)
        self.X, self.y = data.xor() if X is None else (X, y)
        self.layer_sizes = list(layer_sizes)
        self.iterations = iterations
        self.learning_rate = learning_rate
        self.every = every
        self.history = None
        self.seed = None
        self.frames = 0
        (self.line,) = ax.plot([], [], color="tab:blue", lw=2)
        self.label = ax.text(0.97, 0.93, "", transform=ax.transAxes, ha="right", va="top")
        ax.set_xlim(0, iterations)
        ax.set_ylim(*ylim)
        ax.set_xlabel("iteration")
        ax.set_ylabel("loss (mean squared error)")
        ax.set_title(f"{self.layer_sizes} network, learning rate {learning_rate:g}")
        ax.grid(alpha=0.3)

    def changing_artists(self):
        return [self.line, self.label]

    def update(self):
        """Show the last finished run (nothing before the first one)."""
        losses = [] if self.history is None else self.history.losses
        self._show(len(losses), losses)

    def train(self, seed=0, paint=None):
        """Train a fresh Network(layer_sizes, seed) and return its History.

        paint : called every `every` iterations with the curve so far on the view (a
            `Painter`'s paint: under ipympl, draw_idle() would only ask the browser to ask
            back for a picture, which it cannot while the kernel is busy training); None
            draws nothing while training (a notebook executed without a browser).
        """
        network = Network(self.layer_sizes, seed=seed)
        self.seed = seed
        self.frames = 0
        callback = None
        if paint is not None:

            def callback(iteration, losses):
                self._show(iteration, losses)
                self.frames += 1
                paint()

        self.history = network.train(
            self.X,
            self.y,
            self.iterations,
            learning_rate=self.learning_rate,
            callback=callback,
            callback_every=self.every,
        )
        self.network = network
        self.update()
        return self.history

    def _show(self, iteration, losses):
        set_loss(self.line, losses)
        self.label.set_text(
            f"seed {self.seed}   iteration {iteration}   loss {losses[-1]:.4f}" if iteration else ""
        )


def live_training(X=None, y=None, **options):
    """A "Train" button above a `LiveLossView`: each click trains a fresh network live.

    The first run (seed 0) is done at once without live frames, so a saved notebook shows a
    finished curve; clicks use seeds 1, 2, 3, ... Returns the Explorer; `.view` is the view.
    """
    button = ipywidgets.Button(
        description="Train",
        icon="play",
        tooltip="train a new network from random weights and watch its loss",
    )
    explorer = explore(LiveLossView, extra=(button,), X=X, y=y, **options)
    seeds = itertools.count(1)

    def on_click(_):
        button.disabled = True  # one run at a time
        try:
            explorer.view.train(seed=next(seeds), paint=explorer.painter.paint)
            explorer.show()  # the finished run, kept for the saved notebook
        finally:
            button.disabled = False

    button.on_click(on_click)
    explorer.view.train(seed=0)
    explorer.show()  # the finished curve, also for readers without a kernel
    explorer.button = button
    return explorer


class OverfittingView(View):
    """Training and validation loss of Network([n_inputs, hidden_units, n_outputs]) trained
    on a split's training part, with the iteration of lowest validation loss marked.

    Left: both curves on a fixed log axis (the whole run, for every slider setting). Right: the
    validation loss alone, its axis fitted to the part after its lowest point, so that a rise of
    a few hundredths (overfitting) fills the panel instead of a few pixels (its y axis is
    redrawn on every move).

    split : anything with X_train, y_train, X_val, y_val (n, n_inputs / n_outputs arrays);
        by default notebook 04's penguins, `penguins.split()`.
    Every slider move shows a network trained from the same seed, so the curves depend only on
    the sliders. One `TrainingRun` per learning rate and hidden-unit count serves every
    iterations setting (training for k iterations is the start of any longer run), so moving
    the iterations slider, or back to a setting seen before, trains nothing new.
    precompute : train every setting one slider move away from the start now (36 runs of the
        full 800 iterations), so that moving one slider from the start trains nothing: in the
        browser kernel (Pyodide) one run takes about 125 ms, and a move that trains took over
        200 ms from the press to the repaint.
    """

    sliders = {
        "learning_rate": SliderSpec("learning rate", 10.0, -0.5, 1.5, 0.1, log=True),
        "iterations": SliderSpec("iterations", 800, 100, 800, 50),
        "hidden_units": SliderSpec("hidden units", 8, 1, 16, 1),
    }
    budget_ms = 100
    figsize = (7.6, 3.9)
    grid = (1, 2)

    def __init__(self, fig, axes, split=None, seed=0, ylim=(1e-3, 1.0), precompute=True):
        super().__init__(fig, axes)
        ax, zoom = axes
        self.loss_axes, self.zoom_axes = ax, zoom
        split = penguins.split() if split is None else split
        self.data = (split.X_train, split.y_train, split.X_val, split.y_val)
        self.seed = seed
        self.runs = RunCache(self._start_run)  # (learning_rate, hidden_units) -> TrainingRun
        if precompute:
            longest = self.sliders["iterations"].max
            for values in self.one_move_away():
                setting = float(values["learning_rate"]), int(values["hidden_units"])
                self.runs(*setting).after(longest)
        self.history = None
        self.best = None
        (self.train_line,) = ax.plot([], [], color="tab:blue", lw=2, label="training loss")
        (self.val_line,) = ax.plot([], [], color="tab:orange", lw=2, label="validation loss")
        self.best_line = ax.axvline(1, color="0.4", ls=":", lw=1.5)
        (self.best_dot,) = ax.plot(
            [], [], "o", color="tab:orange", mec="k", ms=7, label="lowest validation loss"
        )
        # Two lines across the figure: an empty title of two lines keeps their room in the
        # layout, and the text itself is an artist of the axes, which the Painter redraws.
        fig.suptitle("\n", fontsize=10)
        self.title = zoom.text(
            0.5, 0.99, "", transform=fig.transFigure, ha="center", va="top", fontsize=10
        )
        self.title.set_in_layout(False)
        max_iterations = self.sliders["iterations"].max
        ax.set_xlim(0, max_iterations)
        ax.set_yscale("log")
        ax.set_ylim(*ylim)
        decades = 10.0 ** np.arange(np.floor(np.log10(ylim[0])), np.log10(ylim[1]) + 1)
        ax.set_yticks(decades, labels=[f"{tick:g}" for tick in decades])
        ax.minorticks_off()  # plain labels 0.001 ... 1, and fewer ticks to redraw
        ax.set_xlabel("iteration")
        ax.set_ylabel("loss (mean squared error)")
        ax.set_title("both losses, log scale", fontsize=9)
        # below the plots, not over the curves: a slider move then need not redraw it
        fig.legend(loc="outside lower center", ncols=3, fontsize=8)
        ax.grid(alpha=0.3)

        (self.zoom_line,) = zoom.plot([], [], color="tab:orange", lw=2)
        self.zoom_best_line = zoom.axvline(1, color="0.4", ls=":", lw=1.5)
        self.zoom_floor = zoom.axhline(0, color="tab:orange", ls="--", lw=1, alpha=0.6)
        (self.zoom_dot,) = zoom.plot([], [], "o", color="tab:orange", mec="k", ms=7)
        zoom.set_xlim(0, max_iterations)
        zoom.set_xlabel("iteration")
        zoom.set_title("validation loss, zoomed in", fontsize=9)
        zoom.yaxis.tick_right()  # labels that change width grow into the margin, not the plot
        zoom.yaxis.set_major_formatter(FormatStrFormatter("%.3f"))
        zoom.grid(alpha=0.3)
        self.zoom_limits = (0.0, 1.0)

    def changing_artists(self):
        zoomed = [self.zoom_line, self.zoom_best_line, self.zoom_floor, self.zoom_dot]
        # the zoomed panel's y axis too: its limits follow the curve
        return [self.train_line, self.val_line, self.best_line, self.best_dot, self.title,
                *zoomed, self.zoom_axes.yaxis]

    def _train(self, learning_rate):
        """train(network, iterations, callback, callback_every) on the training part, with the
        validation loss, for TrainingRun."""
        X_train, y_train, X_val, y_val = self.data

        def train(network, more, callback=None, callback_every=100):
            return network.train(X_train, y_train, more, learning_rate=learning_rate,
                                 validation_data=(X_val, y_val), callback=callback,
                                 callback_every=callback_every)

        return train

    def _new_network(self, hidden_units):
        X_train, y_train, _, _ = self.data
        return Network([X_train.shape[1], int(hidden_units), y_train.shape[1]], seed=self.seed)

    def _start_run(self, learning_rate, hidden_units):
        return TrainingRun(self._new_network(hidden_units), self._train(learning_rate),
                           every=self.sliders["iterations"].step)

    def trained(self, learning_rate, iterations, hidden_units):
        """(network, history) of Network([n_inputs, hidden_units, n_outputs], seed) after
        `iterations` full-batch steps of size `learning_rate` on the training part."""
        found = self.runs(float(learning_rate), int(hidden_units)).after(iterations)
        if found is None:  # not on the slider's steps (set from code): train from scratch
            network = self._new_network(hidden_units)
            return network, self._train(learning_rate)(network, iterations)
        return found

    def update(self, learning_rate, iterations, hidden_units):
        network, history = self.trained(learning_rate, iterations, hidden_units)
        set_loss(self.train_line, history.losses)
        set_loss(self.val_line, history.validation_losses)
        set_loss(self.zoom_line, history.validation_losses)
        best = best_iteration(history.validation_losses)
        best_loss = history.validation_losses[best - 1]
        for line in (self.best_line, self.zoom_best_line):
            line.set_xdata([best, best])
        self.best_dot.set_data([best], [best_loss])
        self.zoom_dot.set_data([best], [best_loss])
        self.zoom_floor.set_ydata([best_loss, best_loss])
        self.zoom_limits = zoom_limits(history.validation_losses, best)
        self.zoom_axes.set_ylim(*self.zoom_limits)
        rise = history.validation_losses[-1] - best_loss
        self.title.set_text(
            f"lowest validation loss {best_loss:.4f} at iteration {best}, "
            f"then up by {rise:.4f}\n"
            f"at the end: training {history.losses[-1]:.4f}, "
            f"validation {history.validation_losses[-1]:.4f}"
        )
        self.history, self.best, self.network = history, best, network


def zoom_limits(validation_losses, best, least_span=0.01):
    """y limits for the zoomed validation panel: from just below the lowest loss to just above
    the highest loss AFTER it (what overfitting adds), at least `least_span` tall."""
    lowest = float(validation_losses[best - 1])
    highest_after = float(np.max(validation_losses[best - 1 :]))
    span = max(highest_after - lowest, least_span)
    return lowest - 0.15 * span, lowest + 1.15 * span
