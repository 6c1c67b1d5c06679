"""The digit task of notebook 07: tell which digit, 0 to 9, an 8x8 image shows.

Written once, used by the notebook, its views and its checks. The 1797 images of
`nnlib.data.digits()` are shuffled with a seed and cut into three parts: training (the network
learns from it), validation (used to CHOOSE settings) and test (looked at once, at the end).
Pixels go from 0-16 (the file's scale) to 0-1 by dividing by 16: a fixed scale, not a
statistic of any part, so no part's numbers leak into another.
"""

from typing import NamedTuple

import numpy as np

from nnlib import data
from nnlib.metrics import one_hot
from nnlib.network import Network

IMAGE_SHAPE = (8, 8)  # each row of X is an image, read row by row
N_CLASSES = 10
MAX_PIXEL = 16.0  # the brightest pixel value in the file
N_TRAIN = 1200
N_VAL = 300  # the rest, 297 images, is the test part

# The network and training settings of the notebook's main run (and the views' start values)
HIDDEN_UNITS = 32
LEARNING_RATE = 0.3
BATCH_SIZE = 32
EPOCHS = 10
SEED = 0


class DigitSplit(NamedTuple):
    """Pixels scaled to 0-1 (n, 64), one-hot targets (n, 10) and labels (n,) for training,
    validation and test, and each part's row numbers in `nnlib.data.digits()`."""

    X_train: np.ndarray
    y_train: np.ndarray
    labels_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    labels_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    labels_test: np.ndarray
    train_rows: np.ndarray
    val_rows: np.ndarray
    test_rows: np.ndarray


def split(seed=0, n_train=N_TRAIN, n_val=N_VAL):
    """Shuffle the digits with `seed`: the first `n_train` for training, the next `n_val` for
    validation, the rest for the test; pixels divided by MAX_PIXEL."""
    pixels, labels = data.digits()
    if n_train < 1 or n_val < 1 or n_train + n_val >= len(labels):
        raise ValueError(f"n_train and n_val must leave images for each part: got n_train="
                         f"{n_train}, n_val={n_val} of {len(labels)}")
    order = np.random.default_rng(seed).permutation(len(labels))
    rows = order[:n_train], order[n_train : n_train + n_val], order[n_train + n_val :]
    parts = []
    for part in rows:
        parts += [pixels[part] / MAX_PIXEL, one_hot(labels[part], N_CLASSES), labels[part]]
    return DigitSplit(*parts, *rows)


def new_network(hidden_units=HIDDEN_UNITS, seed=SEED):
    """The notebook's untrained network: 64 inputs, `hidden_units` ReLU units, 10 softmax
    outputs, trained on the cross-entropy."""
    return Network([IMAGE_SHAPE[0] * IMAGE_SHAPE[1], hidden_units, N_CLASSES], seed=seed,
                   activation="relu", output="softmax", loss="cross_entropy")


def train(parts, hidden_units=HIDDEN_UNITS, learning_rate=LEARNING_RATE, batch_size=BATCH_SIZE,
          epochs=EPOCHS, seed=SEED, callback=None):
    """(network, History) of `new_network(hidden_units, seed)` trained by mini-batch gradient
    descent on `parts` (a DigitSplit), shuffled with `seed`, validated on its validation part.
    callback(epoch, losses, network) runs after every epoch."""
    network = new_network(hidden_units, seed)
    after_epoch = None if callback is None else lambda epoch, losses: callback(epoch, losses,
                                                                               network)
    history = network.train_minibatch(
        parts.X_train, parts.y_train, epochs, batch_size=batch_size,
        learning_rate=learning_rate, seed=seed, validation_data=(parts.X_val, parts.y_val),
        callback=after_epoch,
    )
    return network, history
