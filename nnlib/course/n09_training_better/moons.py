"""The small task of notebook 09, made to overfit: few noisy points, a large network.

Two interleaving half moons (`nnlib.toy_data.moons`) with a lot of noise: 60 points to train
on and 300 more, from the same draw, to validate with; standardised with the training points'
mean and standard deviation. A 2-64-64-2 ReLU network with a softmax output has 4,482 weights
and biases for 60 points: it can learn the moons, or carve a pocket around every stray point.
Written once, used by the notebook, its live view and its checks.
"""

from typing import NamedTuple

import numpy as np

from nnlib import toy_data
from nnlib.metrics import accuracy, one_hot
from nnlib.network import Network

N_TRAIN = 60
N_VAL = 300
NOISE = 0.35
DATA_SEED = 1
LAYER_SIZES = (2, 64, 64, 2)
SEED = 0  # the starting weights, and the shuffling and dropout of every run
EPOCHS = 300  # full batch: one step per epoch
MEASURE_EVERY = 5  # the validation loss is measured every this many epochs
# A learning rate that suits each optimiser here (notebook 09, section 2 shows how to find one)
LEARNING_RATES = {"plain": 0.2, "momentum": 0.02, "adam": 0.01}
EXTENT = (-2.5, 2.5, -2.5, 2.5)  # (x1_min, x1_max, x2_min, x2_max) around the standardised points


class MoonSplit(NamedTuple):
    """Standardised points (n, 2), one-hot targets (n, 2) and labels (n,) for training and
    validation."""

    X_train: np.ndarray
    y_train: np.ndarray
    labels_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    labels_val: np.ndarray


def split(n_train=N_TRAIN, n_val=N_VAL, noise=NOISE, seed=DATA_SEED):
    """`n_train` + `n_val` noisy moon points drawn from `seed`: the first `n_train` for
    training, the rest for validation; both standardised with the training points' statistics."""
    X, labels = toy_data.moons(n_train + n_val, noise=noise, seed=seed)
    mean, std = X[:n_train].mean(axis=0), X[:n_train].std(axis=0)
    X = (X - mean) / std  # (n_train + n_val, 2)
    y = one_hot(labels, 2)
    return MoonSplit(X[:n_train], y[:n_train], labels[:n_train], X[n_train:], y[n_train:],
                     labels[n_train:])


def new_network(seed=SEED):
    """The untrained 2-64-64-2 network: ReLU hidden layers, softmax output, cross-entropy."""
    return Network(list(LAYER_SIZES), seed=seed, activation="relu", output="softmax",
                   loss="cross_entropy")


class Run(NamedTuple):
    """One training run on the moons: the network after it, the training loss before every
    epoch and after the last (epochs + 1,), the validation loss every MEASURE_EVERY epochs
    from 0 to the last (epochs // MEASURE_EVERY + 1,), and the validation accuracy at the end."""

    network: Network
    train_losses: np.ndarray
    val_losses: np.ndarray
    val_accuracy: float

    @property
    def val_epochs(self):
        """The epochs at which `val_losses` were measured."""
        return MEASURE_EVERY * np.arange(len(self.val_losses))

    @property
    def best_epoch(self):
        """The measured epoch with the lowest validation loss (the earliest of ties)."""
        return int(self.val_epochs[np.argmin(self.val_losses)])


def train(parts, optimiser="adam", weight_decay=0.0, dropout=0.0, epochs=EPOCHS, seed=SEED,
          learning_rate=None):
    """`new_network(seed)` trained full batch on `parts` (a MoonSplit) for `epochs` steps
    with these options, at LEARNING_RATES[optimiser] unless `learning_rate` is given. A run
    whose weights overflow raises nnlib's ValueError."""
    network = new_network(seed)
    rate = LEARNING_RATES[optimiser] if learning_rate is None else learning_rate
    val_losses = [network.loss(parts.X_val, parts.y_val)]

    def measure(epoch, losses):
        if epoch % MEASURE_EVERY == 0:
            val_losses.append(network.loss(parts.X_val, parts.y_val))

    history = network.train_minibatch(
        parts.X_train, parts.y_train, epochs, batch_size=len(parts.X_train),
        learning_rate=rate, seed=seed, optimiser=optimiser, weight_decay=weight_decay,
        dropout=dropout, callback=measure, callback_every=MEASURE_EVERY,
    )
    train_losses = np.append(history.losses, network.loss(parts.X_train, parts.y_train))
    val_accuracy = accuracy(parts.labels_val, network.feedforward(parts.X_val))
    return Run(network, train_losses, np.array(val_losses), val_accuracy)
