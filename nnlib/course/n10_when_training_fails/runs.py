"""The training runs of notebook 10: notebook 07's digit network trained as 07 trained it (the
healthy run), and six setups with one planted bug each, trained the same way and looked inside
after every epoch.

Written once, used by the notebook, its checklist, its live view and its checks. Everything
starts from notebook 07's digits (`n07_handwritten_digits.digits`): the same split, the same
64-32-10 network (ReLU hidden layer, softmax output, cross-entropy), the same seeds.
"""

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from nnlib import diagnostics
from nnlib.course.n07_handwritten_digits import digits
from nnlib.losses import cross_entropy
from nnlib.metrics import accuracy, one_hot

EPOCHS = 5  # every run's length: enough to tell each broken run from the healthy one
N_CLASSES = digits.N_CLASSES
LOG_CLASSES = math.log(N_CLASSES)  # the loss of answering 1/10 for every digit
LABEL_SEED = 1  # the shuffle of setup D's training labels


def train_epoch(network, X, y, batch_size, learning_rate, rng, gradients=None):
    """One epoch of mini-batch gradient descent, as notebook 07 wrote it: shuffle X and y
    together with the generator `rng`, then one step per batch of `batch_size` rows (the last
    may be smaller). gradients(network, X, y) gives (dweights, dbiases); by default
    `network.gradients`. The network's weights and biases change in place."""
    order = rng.permutation(len(X))
    X, y = X[order], y[order]  # the same order for both: row i of X keeps its label
    for start in range(0, len(X), batch_size):
        X_batch, y_batch = X[start : start + batch_size], y[start : start + batch_size]
        if gradients is None:
            dweights, dbiases = network.gradients(X_batch, y_batch)
        else:
            dweights, dbiases = gradients(network, X_batch, y_batch)
        for parameter, gradient in zip(network.weights + network.biases, dweights + dbiases,
                                       strict=True):
            parameter -= learning_rate * gradient  # in place: the network's own arrays


def gradients_without_slope(network, X, y):
    """A backward pass with a planted bug, for a softmax network on the cross-entropy: the
    error passed back to a hidden layer skips that layer's slope f'(z) (delta @ W.T alone)."""
    outputs = [X, *diagnostics.layer_outputs(network, X)]
    delta = (outputs[-1] - y) / len(X)  # dL/dz of the output layer: (y_hat - y) / n
    dweights, dbiases = [], []
    for layer in range(len(network.weights) - 1, -1, -1):
        dweights.insert(0, outputs[layer].T @ delta)
        dbiases.insert(0, delta.sum(axis=0))
        delta = delta @ network.weights[layer].T  # the bug: no * f'(z) of the layer below
    return dweights, dbiases


@dataclass(frozen=True)
class Setup:
    """How a run is made: notebook 07's network and training, except for what is set here.

    input_scale multiplies the training pixels (07 divided them by 16, so 16 undoes that) and
    val_input_scale the validation pixels (by default input_scale too); weight_scale
    multiplies the starting weights; shuffle_labels gives the training images the labels of
    other images (a fixed shuffle), and label_shift gives each the label (label +
    label_shift) % 10, as an off-by-one when reading the labels would; gradients(network, X,
    y) replaces `network.gradients`.
    """

    name: str
    learning_rate: float = digits.LEARNING_RATE
    batch_size: int = digits.BATCH_SIZE
    input_scale: float = 1.0
    val_input_scale: float | None = None
    weight_scale: float = 1.0
    shuffle_labels: bool = False
    label_shift: int = 0
    gradients: object = field(default=None, compare=False)

    def network(self, hidden_units=digits.HIDDEN_UNITS, seed=digits.SEED):
        """A fresh, untrained network of this setup."""
        network = digits.new_network(hidden_units, seed)
        network.weights = [weights * self.weight_scale for weights in network.weights]
        return network

    def data(self, parts):
        """(X_train, y_train, X_val, y_val, labels_val) of `parts` (a DigitSplit) as this
        setup prepares them; the validation labels are always the true ones."""
        labels = parts.labels_train
        if self.shuffle_labels:
            labels = labels[np.random.default_rng(LABEL_SEED).permutation(len(labels))]
        labels = (labels + self.label_shift) % N_CLASSES
        val_scale = self.input_scale if self.val_input_scale is None else self.val_input_scale
        return (parts.X_train * self.input_scale, one_hot(labels, N_CLASSES),
                parts.X_val * val_scale, parts.y_val, parts.labels_val)

    def describe(self):
        """What differs from notebook 07's run, in a few words ("07's run" if nothing)."""
        changes = [
            (self.learning_rate != digits.LEARNING_RATE,
             f"learning rate {self.learning_rate:g}"),
            (self.batch_size != digits.BATCH_SIZE, f"batches of {self.batch_size}"),
            (self.input_scale != 1, f"pixels x {self.input_scale:g}"),
            (self.val_input_scale is not None,
             f"validation pixels x {self.val_input_scale or 0:g}"),
            (self.weight_scale != 1, f"starting weights x {self.weight_scale:g}"),
            (self.shuffle_labels, "labels shuffled"),
            (self.label_shift != 0, f"labels shifted by {self.label_shift}"),
            (self.gradients is not None,
             f"gradients by {getattr(self.gradients, '__name__', 'another function')}"),
        ]
        return ", ".join(text for changed, text in changes if changed) or "07's run"

    def train_epoch(self, network, X, y, batch_size, learning_rate, rng):
        """One epoch of this setup's training (`train_epoch` with its gradients)."""
        train_epoch(network, X, y, batch_size, learning_rate, rng, self.gradients)


HEALTHY = Setup("healthy")
# One broken setup per signature, named: notebook 10 shows what each looks like.
SIGNATURES = {
    "learning rate too high": Setup("learning rate too high", learning_rate=10.0),
    "learning rate too low": Setup("learning rate too low", learning_rate=0.01),
    "inputs not scaled": Setup("inputs not scaled", input_scale=digits.MAX_PIXEL),
    "labels shuffled": Setup("labels shuffled", shuffle_labels=True),
    "bad initialisation": Setup("bad initialisation", weight_scale=0.0),
}
# The gallery: other broken setups, one planted bug each, unnamed (notebook 10's exercise
# names them; the answers live in `checks`, so that the notebook shows the runs first).
GALLERY = {
    "A": Setup("A", learning_rate=3.0),
    "B": Setup("B", learning_rate=0.003),
    "C": Setup("C", val_input_scale=digits.MAX_PIXEL),
    "D": Setup("D", label_shift=1),
    "E": Setup("E", weight_scale=10.0),
    "F": Setup("F", gradients=gradients_without_slope),
}
SETUPS = {"healthy": HEALTHY, **SIGNATURES, **GALLERY}


class Snapshot(NamedTuple):
    """A look inside a network after some epochs: every layer's `LayerStatistics` on the first
    N_STATISTICS training images (with the setup's learning rate), and the hidden layer's
    weighted sums z for the validation images (n_val, units)."""

    statistics: list
    hidden_z: np.ndarray


class Run(NamedTuple):
    """A setup trained for `epochs` epochs, measured after 0, 1, ..., epochs epochs (arrays of
    epochs + 1): training and validation loss, validation accuracy, snapshots; the network."""

    setup: Setup
    train_losses: np.ndarray
    val_losses: np.ndarray
    val_accuracy: np.ndarray
    snapshots: list
    network: object


N_STATISTICS = 300  # a look inside takes this many training images: enough for every unit


def train(setup, parts=None, epochs=EPOCHS, seed=digits.SEED):
    """The `Run` of `setup` on `parts` (a DigitSplit, by default `digits.split()`): the
    setup's network trained for `epochs` epochs of its `train_epoch`, shuffled by a generator
    from `seed`, measured before training and after every epoch."""
    parts = digits.split() if parts is None else parts
    X, y, X_val, y_val, labels_val = setup.data(parts)
    network = setup.network()
    val_losses, val_accuracy, snapshots = [], [], []

    def measure(*_):
        y_hat = network.feedforward(X_val)  # (n_val, 10)
        val_losses.append(cross_entropy(y_val, y_hat))
        val_accuracy.append(accuracy(labels_val, y_hat))
        statistics = diagnostics.layer_statistics(network, X[:N_STATISTICS], y[:N_STATISTICS],
                                                  setup.learning_rate)
        snapshots.append(Snapshot(statistics, X_val @ network.weights[0] + network.biases[0]))

    measure()
    if setup.gradients is None:  # nnlib's loop: the same steps as train_epoch's, faster
        history = network.train_minibatch(X, y, epochs, batch_size=setup.batch_size,
                                          learning_rate=setup.learning_rate, seed=seed,
                                          callback=measure)
        train_losses = np.append(history.losses, network.loss(X, y))
    else:
        rng = np.random.default_rng(seed)
        train_losses = [network.loss(X, y)]
        for _ in range(epochs):
            setup.train_epoch(network, X, y, setup.batch_size, setup.learning_rate, rng)
            train_losses.append(network.loss(X, y))
            measure()
    return Run(setup, np.array(train_losses), np.array(val_losses), np.array(val_accuracy),
               snapshots, network)
