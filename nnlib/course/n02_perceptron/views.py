"""Live view for notebook 02: a perceptron retrained on the truth table as sliders move.

Every slider move trains a fresh `nnlib.Perceptron` from the same seeded initial weights, so the
picture always shows "what `iterations` steps of size `learning_rate` do", nothing left over
from the previous move. Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np

from nnlib import data
from nnlib.course.explore import RunCache, SliderSpec, TrainingRun, View
from nnlib.course.plots import plot_loss, set_loss
from nnlib.perceptron import Perceptron

UNSEEN = np.array([[1.0, 0.0, 0.0]])  # the input the truth table never shows
LOSS_LIMITS = (1e-8, 1.0)  # fixed log axis: the curve moves, the axes never jump


def train_run(iterations, learning_rate, seed=1):
    """Train Perceptron(n_inputs=3, seed=seed) on the truth table.

    Returns (losses, y_hat): the MSE before each of the `iterations` updates, shape
    (iterations,), and the trained outputs for the 4 rows and then the unseen input, shape (5,).
    """
    X, y = data.truth_table()
    perceptron = Perceptron(n_inputs=3, seed=seed)
    history = perceptron.train(X, y, iterations=iterations, learning_rate=learning_rate)
    y_hat = perceptron.predict(np.vstack([X, UNSEEN])).ravel()  # (5,)
    return history.losses, y_hat


class TrainingView(View):
    """Left: the loss per iteration (log scale). Right: the trained outputs for the 4 training
    rows and the unseen input [1, 0, 0], with the targets (y = x1) as black marks."""

    sliders = {
        "iterations": SliderSpec("iterations", 1000, 10, 5000, 10),
        "learning_rate": SliderSpec("learning rate", 1.0, -2.0, 3.0, 0.125, log=True),
    }
    budget_ms = 100
    figsize = (7.8, 3.4)
    grid = (1, 2)

    def __init__(self, fig, axes, seed=1):
        super().__init__(fig, axes)
        self.seed = seed
        self.runs = RunCache(self._start_run)  # (learning_rate,) -> TrainingRun
        self.losses = None
        self.y_hat = None
        loss_ax, bar_ax = axes
        X, y = data.truth_table()

        self.line = plot_loss([1.0], ax=loss_ax, log=True, color="tab:purple")
        loss_ax.set_xlim(0, self.sliders["iterations"].max)
        loss_ax.set_ylim(*LOSS_LIMITS)
        loss_ax.set_ylabel("loss (MSE, log scale)")
        loss_ax.grid(True, which="major", alpha=0.3)
        loss_ax.minorticks_off()  # 64 minor ticks on 8 decades cost a third of every redraw
        self.loss_text = loss_ax.text(
            0.97, 0.95, "", transform=loss_ax.transAxes, ha="right", va="top"
        )

        names = [f"{x1:.0f} {x2:.0f} {x3:.0f}" for x1, x2, x3 in X] + ["1 0 0\n(new)"]
        targets = np.append(y.ravel(), UNSEEN[0, 0])  # the rule y = x1 gives the new target
        positions = np.arange(len(names))
        colors = ["tab:gray"] * len(X) + ["tab:orange"]
        self.bars = bar_ax.bar(positions, np.zeros(len(names)), color=colors, width=0.6)
        bar_ax.scatter(positions, targets, marker="_", s=900, linewidths=2, color="k", zorder=3)
        # the numbers sit in a row above the bars, clear of the target marks
        self.value_texts = [
            bar_ax.text(position, 1.06, "", ha="center", va="bottom", fontsize=9)
            for position in positions
        ]
        bar_ax.set_xticks(positions, names)
        bar_ax.set_xlabel("input  x1 x2 x3")
        bar_ax.set_ylabel("output y_hat")
        bar_ax.set_ylim(-0.03, 1.16)
        bar_ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        bar_ax.set_title("outputs after training (black: target)")

    def changing_artists(self):
        return [self.line, self.loss_text, self.axes[0].title, *self.bars, *self.value_texts]

    def _start_run(self, learning_rate):
        X, y = data.truth_table()

        def train(perceptron, more, callback, callback_every):
            return perceptron.train(
                X, y, more, learning_rate, callback=callback, callback_every=callback_every
            )

        start = Perceptron(n_inputs=3, seed=self.seed)
        return TrainingRun(start, train, every=self.sliders["iterations"].step)

    def trained(self, iterations, learning_rate):
        """(losses, y_hat) as `train_run` gives them, read off one run per learning rate when
        `iterations` is on the slider's steps (training for k iterations is the start of any
        longer run from the same seed)."""
        found = self.runs(learning_rate).after(iterations)
        if found is None:  # not on the slider's steps (set from code)
            return train_run(iterations, learning_rate, self.seed)
        perceptron, history = found
        X, _ = data.truth_table()
        return history.losses, perceptron.predict(np.vstack([X, UNSEEN])).ravel()

    def update(self, iterations, learning_rate):
        """Retrain from the seeded start and redraw the loss curve, outputs and labels."""
        self.losses, self.y_hat = self.trained(int(iterations), float(learning_rate))
        set_loss(self.line, self.losses)
        self.loss_text.set_text(f"final loss {self.losses[-1]:.2g}")
        self.axes[0].set_title(f"{int(iterations)} iterations, learning rate {learning_rate:.3g}")
        for bar, text, value in zip(self.bars, self.value_texts, self.y_hat, strict=True):
            bar.set_height(value)
            text.set_text(f"{value:.2f}")

    @property
    def final_loss(self):
        """The loss before the last update of the current run."""
        return float(self.losses[-1])
