"""The penguin task of notebook 04: tell the species from three body measurements.

Bill length is left out on purpose: with it the task is so easy that nothing interesting
happens to the validation loss. The split is a seeded shuffle, and the inputs are standardised
with the TRAINING penguins' mean and standard deviation only (the validation penguins must stay
unseen, their statistics included).
"""

from typing import NamedTuple

import numpy as np

from nnlib import data

FEATURES = ("bill_depth_mm", "flipper_length_mm", "body_mass_g")
SPECIES = ("Adelie", "Chinstrap", "Gentoo")


class PenguinSplit(NamedTuple):
    """Standardised inputs (n, 3) and one-hot species (n, 3) for training and validation; the
    row numbers of each part in `measurements()`; the training mean and std (3,)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    train_rows: np.ndarray
    val_rows: np.ndarray
    mean: np.ndarray
    std: np.ndarray


def measurements():
    """The 342 penguins with all three measurements: X (342, 3) raw in mm / g, species (342,)
    as text, and y (342, 3) one-hot in the order of `SPECIES`."""
    table = data.load("penguins").drop_missing(*FEATURES)
    species = table["species"]
    y = (species[:, None] == np.array(SPECIES)).astype(float)  # (342, 3)
    return table.matrix(*FEATURES), species, y


def split(n_train=30, seed=0):
    """Shuffle the penguins with `seed`, keep the first `n_train` for training and the rest
    for validation, and standardise both with the training part's mean and std."""
    X, _, y = measurements()
    order = np.random.default_rng(seed).permutation(len(X))
    train_rows, val_rows = order[:n_train], order[n_train:]
    mean, std = X[train_rows].mean(axis=0), X[train_rows].std(axis=0)
    return PenguinSplit(
        (X[train_rows] - mean) / std,
        y[train_rows],
        (X[val_rows] - mean) / std,
        y[val_rows],
        train_rows,
        val_rows,
        mean,
        std,
    )
