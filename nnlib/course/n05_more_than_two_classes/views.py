"""Live view of notebook 05 (more than two classes).

`RegionsView`: the three species' regions over the (bill length, flipper length) plane, as a
3-output network predicts them after a chosen number of iterations and learning rate, with
softmax + cross-entropy or sigmoid + mean squared error, from an ordinary or a saturated start;
the training penguins on top.

Importing this module loads matplotlib and ipywidgets.
"""

import numpy as np
from matplotlib.colors import ListedColormap, to_rgb

from nnlib.course.explore import RunCache, SliderSpec, TrainingRun, View
from nnlib.course.n05_more_than_two_classes import species
from nnlib.course.plots import plot_function_image
from nnlib.metrics import accuracy
from nnlib.network import Network

SATURATED_BIASES = (6.0, -6.0, -6.0)  # output biases that say "Adelie, surely" to every penguin
# the choice slider's options (short: the readout shows them) -> output, loss, output biases
NETWORKS = {
    "softmax, ordinary": ("softmax", "cross_entropy", (0.0, 0.0, 0.0)),
    "sigmoid, ordinary": ("sigmoid", "mse", (0.0, 0.0, 0.0)),
    "softmax, saturated": ("softmax", "cross_entropy", SATURATED_BIASES),
    "sigmoid, saturated": ("sigmoid", "mse", SATURATED_BIASES),
}
HIDDEN_UNITS = 8
EXTENT = (-2.6, 2.8, -2.4, 2.4)  # standardised bill length across, flipper length up


def region_colours(lighten=0.6):
    """The species' colours mixed with white (lighten = the share of white): a 3-colour map."""
    return ListedColormap([tuple(c + (1 - c) * lighten for c in to_rgb(colour))
                           for colour in species.COLOURS])


def predicted_species(network):
    """points (n, 2) -> the species 0, 1, 2 that `network` (sigmoid hidden layer) predicts at
    each point, for a FunctionImage: the largest output's column.

    The same forward pass as ``network.feedforward(points).argmax(axis=1)``, without its input
    checks and its output function (softmax and the sigmoid keep the order of the scores z, so
    the largest z is the largest output), in place, and with ``np.einsum`` instead of ``@``: a
    frame evaluates the network at every other pixel (about 40,000 points), and ``@`` hands
    that to OpenBLAS, whose two threads wait for each other when another process keeps a core
    busy (on the course's shared 2-core machines: 25-35 ms per frame, against 11 ms for einsum,
    which computes in one thread).
    """
    (weights_1, weights_2), (biases_1, biases_2) = network.weights, network.biases

    def largest_output(points):
        a = np.einsum("ij,jk->ik", points, weights_1)  # (n_points, n_hidden)
        a += biases_1
        np.negative(a, out=a)  # the hidden sigmoid 1 / (1 + exp(-z)), in place
        with np.errstate(over="ignore"):  # exp overflows to inf far out: 1 / inf is the right 0
            np.exp(a, out=a)
        a += 1.0
        np.reciprocal(a, out=a)
        z = np.einsum("ij,jk->ik", a, weights_2)  # (n_points, 3): the scores
        z += biases_2
        return z.argmax(axis=1)

    return largest_output


def new_network(network, seed=0):
    """The view's Network([2, HIDDEN_UNITS, 3]) for the choice `network` (a key of NETWORKS:
    softmax + cross-entropy or sigmoid + squared error, ordinary or saturated output biases),
    its weights from `seed`."""
    output, loss, output_biases = NETWORKS[network]
    model = Network([2, HIDDEN_UNITS, 3], seed=seed, loss=loss, output=output)
    model.biases[-1][:] = output_biases
    return model


class RegionsView(View):
    """Which species a Network([2, 8, 3]) predicts at each point of the standardised (bill
    length, flipper length) plane after `iterations` full-batch steps of `learning_rate`, for
    each choice of `network` (see NETWORKS); the training penguins on top, the accuracies in
    the title.

    split : a `species.SpeciesSplit` of TWO features (default: `species.split(TWO_FEATURES)`).
    One `TrainingRun` per (network, learning rate) serves every iterations setting.
    """

    sliders = {
        # from 20: 15 evenly spread samples (make bench) land on the 10-iteration grid
        "iterations": SliderSpec("iterations", 200, 20, 1000, 10),
        "learning_rate": SliderSpec("learning rate", 1.0, -1.0, 1.0, 0.1, log=True),
        "network": SliderSpec.choice("output, start", "softmax, ordinary", tuple(NETWORKS)),
    }
    budget_ms = 100
    figsize = (6.0, 4.4)

    def __init__(self, fig, ax, split=None, seed=0):
        super().__init__(fig, ax)
        self.split = species.split(species.TWO_FEATURES) if split is None else split
        self.seed = seed
        self.runs = RunCache(self._start_run)  # (network, learning_rate) -> TrainingRun
        self.network = None
        self.markers = []  # one line of markers per species
        self.image = plot_function_image(lambda points: np.zeros(len(points)), EXTENT, ax=ax,
                                         resolution=41,  # the array tests read; frames use pixels
                                         vmin=-0.5, vmax=2.5, cmap=region_colours(),
                                         step=2, fill="nearest")
        for label, name, colour in zip(range(3), species.SPECIES, species.COLOURS, strict=True):
            points = self.split.X_train[self.split.labels_train == label]
            # a Line2D of markers draws in a third of a scatter's time (no per-marker extents)
            (line,) = ax.plot(*points.T, "o", ms=4.5, color=colour, mec="k", mew=0.5,
                              label=name, zorder=3)
            self.markers.append(line)
        ax.set_xlabel("bill length (standardised)")
        ax.set_ylabel("flipper length (standardised)")
        fig.legend(loc="outside lower center", ncols=3, fontsize=9, title="training penguins",
                   title_fontsize=9)
        self.title = ax.set_title(" ", fontsize=10)

    def changing_artists(self):
        # The penguins and the spines are drawn again too, over the new image, rather than laid
        # over it as one transparent picture: blending that picture would shift the
        # antialiased edges of 202 markers by a level or two, and the right and top spines have
        # a zero-width extent, which the Painter does not count as overlapping the image.
        return [self.image, self.title, *self.markers, *self.axes.spines.values()]

    def _train(self, learning_rate):
        split = self.split

        def train(network, more, callback=None, callback_every=100):
            return network.train(split.X_train, split.y_train, more, learning_rate=learning_rate,
                                 callback=callback, callback_every=callback_every)

        return train

    def _start_run(self, network, learning_rate):
        return TrainingRun(new_network(network, self.seed), self._train(learning_rate),
                           every=self.sliders["iterations"].step)

    def trained(self, iterations, learning_rate, network):
        """(model, history) after `iterations` steps of `learning_rate` for the choice
        `network` (a key of NETWORKS)."""
        found = self.runs(network, float(learning_rate)).after(iterations)
        if found is None:  # not on the slider's steps (set from code): train from scratch
            model = new_network(network, self.seed)
            return model, self._train(learning_rate)(model, iterations)
        return found

    def update(self, iterations, learning_rate, network):
        model, history = self.trained(iterations, learning_rate, network)
        self.image.set_function(predicted_species(model))
        split = self.split
        self.train_accuracy = accuracy(split.y_train, model.feedforward(split.X_train))
        self.val_accuracy = accuracy(split.y_val, model.feedforward(split.X_val))
        # one short line: every glyph is drawn again on every move
        self.title.set_text(f"training {self.train_accuracy:.1%}, "
                            f"validation {self.val_accuracy:.1%} right")
        self.network, self.history = model, history
