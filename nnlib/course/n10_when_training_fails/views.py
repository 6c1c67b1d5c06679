"""The live view of notebook 10: pick a training run (the healthy one or a broken one of the
gallery) and a number of epochs, and see its loss curves, its hidden layer's weighted sums and
how far a step moves each layer's weights, as the checklist reads them.

Every run is trained when the view is built (or handed in already trained), so a slider move
only redraws. Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np

from nnlib.course.explore import SliderSpec, View
from nnlib.course.n10_when_training_fails import checklist, runs

Z_BINS = np.linspace(-12, 12, 49)  # the hidden units' weighted sums z, clipped to this range
RATIO_LIMITS = (1e-5, 10.0)  # a ratio of 0 (nothing moves) is drawn at the bottom


def view_runs(parts=None, names=("healthy", *runs.GALLERY)):
    """The `runs.Run` of every setup named, by name: what the view shows."""
    parts = runs.digits.split() if parts is None else parts
    return {name: runs.train(runs.SETUPS[name], parts) for name in names}


class RunInsideView(View):
    """Left: a run's training and validation loss per epoch (log scale), the chosen epoch
    marked. Middle: the share of the validation images' hidden weighted sums z in each bin
    after that many epochs (a ReLU outputs 0 where z < 0; a unit with z < 0 for every image is
    dead). Right: update ratio of each layer of weights at that point (learning rate x gradient
    size / weight size), with the checklist's sensible range shaded.

    trained : {name: runs.Run}, e.g. from `view_runs` (trained here when not given).
    """

    sliders = {
        "run": SliderSpec.choice("run", "healthy", ("healthy", *runs.GALLERY)),
        "epoch": SliderSpec("epochs trained", runs.EPOCHS, 0, runs.EPOCHS, 1),
    }
    figsize = (7.8, 3.0)
    grid = (1, 3)

    def __init__(self, fig, axes, trained=None):
        super().__init__(fig, axes)
        self.runs = view_runs() if trained is None else trained
        loss_axes, z_axes, ratio_axes = axes
        epochs = np.arange(runs.EPOCHS + 1)
        loss_axes.axhline(runs.LOG_CLASSES, color="0.6", lw=0.8, ls=":")
        (self.train_line,) = loss_axes.plot(epochs, np.ones(len(epochs)), "o-", ms=3,
                                            color="tab:blue", label="training")
        (self.val_line,) = loss_axes.plot(epochs, np.ones(len(epochs)), "o-", ms=3,
                                          color="tab:orange", label="validation")
        self.marker = loss_axes.axvline(0, color="0.3", lw=1, ls="--")
        loss_axes.set_yscale("log")
        loss_axes.set_ylim(0.1, 40)
        loss_axes.set_yticks([0.1, 1, 10], labels=["0.1", "1", "10"])
        loss_axes.minorticks_off()
        loss_axes.set_xlim(-0.3, runs.EPOCHS + 0.3)
        loss_axes.set_xlabel("epochs trained")
        loss_axes.set_title("loss (dotted: log 10)", fontsize=9)
        loss_axes.legend(fontsize=7, loc="upper right")
        z_axes.axvspan(Z_BINS[0], 0, color="0.9", zorder=0)
        self.z_steps = z_axes.stairs(np.zeros(len(Z_BINS) - 1), Z_BINS, color="tab:purple",
                                     fill=True, alpha=0.7)
        z_axes.set_xlim(Z_BINS[0], Z_BINS[-1])
        z_axes.set_ylim(0, 0.5)
        z_axes.set_xlabel("hidden z (grey: ReLU gives 0)")
        z_axes.set_title("hidden weighted sums", fontsize=9)
        self.dead_text = z_axes.text(0.97, 0.95, "", transform=z_axes.transAxes, ha="right",
                                     va="top", fontsize=8)
        low, high = checklist.UPDATE_RATIO_RANGE
        ratio_axes.axhspan(low, high, color="tab:green", alpha=0.15, zorder=0)
        # bars rise from the bottom of the log axis (a bar from 0 would reach down to -inf)
        self.ratio_bars = ratio_axes.bar([1, 2], [1.0, 1.0], width=0.6, bottom=RATIO_LIMITS[0],
                                         color="tab:blue").patches
        self.ratio_texts = [ratio_axes.text(x, 2 * RATIO_LIMITS[0], "", ha="center", va="bottom",
                                            fontsize=8) for x in (1, 2)]
        ratio_axes.set_yscale("log")
        ratio_axes.set_ylim(*RATIO_LIMITS)
        ratio_axes.set_xlim(0.4, 2.6)
        ratio_axes.set_xticks([1, 2], labels=["layer 1", "layer 2"])
        ratio_axes.set_title("update ratio (green: sensible)", fontsize=9)
        for ax in axes:
            # grid lines beneath the bars and the histogram, in a full draw as in a blitted
            # frame (the Painter keeps the grid in the background)
            ax.set_axisbelow(True)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=8)
        fig.suptitle(" ", fontsize=10)  # keeps room for `self.title`
        self.title = z_axes.text(0.5, 0.99, "", transform=fig.transFigure, ha="center",
                                 va="top", fontsize=10)
        self.title.set_in_layout(False)
        self.current = None

    def changing_artists(self):
        return [self.train_line, self.val_line, self.marker, self.z_steps, self.dead_text,
                *self.ratio_bars, *self.ratio_texts, self.title]

    def update(self, run, epoch):
        shown = self.runs[run]
        epoch = int(epoch)
        snapshot = shown.snapshots[epoch]
        self.train_line.set_ydata(shown.train_losses)
        self.val_line.set_ydata(shown.val_losses)
        self.marker.set_xdata([epoch, epoch])
        z = snapshot.hidden_z
        counts, _ = np.histogram(np.clip(z, Z_BINS[0], Z_BINS[-1]), bins=Z_BINS)
        self.z_steps.set_data(counts / z.size)
        hidden = snapshot.statistics[0]
        self.dead_text.set_text(f"{hidden.dead} of {hidden.units}\ndead")
        for bar, text, layer in zip(self.ratio_bars, self.ratio_texts, snapshot.statistics,
                                    strict=True):
            ratio = layer.update_ratio
            bar.set_height(float(np.clip(ratio, *RATIO_LIMITS)) - RATIO_LIMITS[0])
            # the bar shows the size; a step of exactly 0 (nothing moves) needs saying. Short
            # texts: every glyph of a changing text is drawn again at every move
            text.set_text("0" if ratio == 0 else "")
        self.title.set_text(f"run {run}, epoch {epoch}: validation accuracy "
                            f"{shown.val_accuracy[epoch]:.1%}")
        self.current = shown
