"""Static figures of notebook 10: every hidden layer's outputs as overlaid histograms, and the
loss curves of several runs side by side. Each helper takes axes and returns what it drew.
Importing this module loads matplotlib.
"""

import matplotlib as mpl
import numpy as np

from nnlib.course.n10_when_training_fails import runs


def layer_colours(n_layers):
    """One colour per layer, from dark (layer 1, next to the inputs) to light (the last)."""
    return mpl.colormaps["viridis"](np.linspace(0.0, 0.85, n_layers))


TANH_BINS = np.linspace(-1, 1, 41)


def plot_layer_histograms(outputs, ax, bins=TANH_BINS, title=""):
    """Histograms of every hidden layer's outputs, overlaid, as step lines (the share of the
    outputs in each bin, so layers of any size compare). outputs : list of arrays (n_samples,
    units), input side first. Returns the step artists, one per layer."""
    steps = []
    for layer, (a, colour) in enumerate(zip(outputs, layer_colours(len(outputs)), strict=True)):
        counts, _ = np.histogram(np.clip(a, bins[0], bins[-1]), bins=bins)
        steps.append(ax.stairs(counts / a.size, bins, color=colour, lw=1.4, baseline=None,
                               label=f"layer {layer + 1}"))
    ax.set_title(title, fontsize=9)
    # a little room around the bins: a step drawn on the axes' edge would lose half its line
    pad = 0.02 * (bins[-1] - bins[0])
    ax.set_xlim(bins[0] - pad, bins[-1] + pad)
    ax.set_xticks([bins[0], (bins[0] + bins[-1]) / 2, bins[-1]])  # few: panels sit side by side
    ax.set_ylim(-0.02, None)  # empty bins' steps at 0, just above the axes' bottom edge
    ax.set_xlabel("output a of a hidden unit")
    return steps


def plot_runs(run_list, axes, titles=None, ylim=(0.1, 40)):
    """The training and validation loss per epoch of each `runs.Run`, one per axes, on a log
    scale, with log(10) marked (the loss of guessing). Returns the axes."""
    titles = titles or [run.setup.name for run in run_list]
    for ax, run, title in zip(axes, run_list, titles, strict=True):
        epochs = np.arange(len(run.train_losses))
        ax.axhline(runs.LOG_CLASSES, color="0.6", lw=0.8, ls=":")
        ax.plot(epochs, run.train_losses, "o-", ms=3, color="tab:blue", label="training")
        ax.plot(epochs, run.val_losses, "o-", ms=3, color="tab:orange", label="validation")
        ax.set_yscale("log")
        ax.set_ylim(*ylim)
        ax.set_yticks([0.1, 0.3, 1, 3, 10, 30], labels=["0.1", "0.3", "1", "3", "10", "30"])
        ax.minorticks_off()
        ax.set_xticks(epochs)
        ax.set_title(f"{title}\nvalidation accuracy {run.val_accuracy[-1]:.0%}", fontsize=9)
        ax.grid(alpha=0.3)
    return axes
