"""The penguin task of notebook 04: tell the species from three body measurements.

Bill length is left out on purpose: with it the task is so easy that nothing interesting
happens to the validation loss. The split is a seeded shuffle into three parts: training (the
network learns from it), validation (used to CHOOSE, e.g. when to stop) and test (looked at
once, at the very end, for an honest score). The inputs are standardised with the TRAINING
penguins' mean and standard deviation only (the other penguins must stay unseen, their
statistics included).
"""

from typing import NamedTuple

import numpy as np

from nnlib import data

FEATURES = ("bill_depth_mm", "flipper_length_mm", "body_mass_g")
SPECIES = ("Adelie", "Chinstrap", "Gentoo")


N_TEST = 100  # the test penguins: the last N_TEST of the shuffle, whatever n_train is


class PenguinSplit(NamedTuple):
    """Standardised inputs (n, 3) and one-hot species (n, 3) for training, validation and test;
    the row numbers of each part in `measurements()`; the training mean and std (3,)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    train_rows: np.ndarray
    val_rows: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_rows: np.ndarray


def measurements():
    """The 342 penguins with all three measurements: X (342, 3) raw in mm / g, species (342,)
    as text, and y (342, 3) one-hot in the order of `SPECIES`."""
    table = data.load("penguins").drop_missing(*FEATURES)
    species = table["species"]
    y = (species[:, None] == np.array(SPECIES)).astype(float)  # (342, 3)
    return table.matrix(*FEATURES), species, y


def split(n_train=30, seed=0, n_test=N_TEST):
    """Shuffle the penguins with `seed`; the first `n_train` are for training, the last
    `n_test` for the test, the rest for validation. The test part is the same penguins for any
    n_train, so training on more penguins takes them from validation only. All parts are
    standardised with the training part's mean and std."""
    X, _, y = measurements()
    if not 0 < n_train < len(X) - n_test:
        raise ValueError(
            f"n_train must leave penguins for validation and test: got n_train={n_train}, "
            f"n_test={n_test} of {len(X)}"
        )
    order = np.random.default_rng(seed).permutation(len(X))
    train_rows = order[:n_train]
    val_rows = order[n_train : len(X) - n_test]
    test_rows = order[len(X) - n_test :]
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
        (X[test_rows] - mean) / std,
        y[test_rows],
        test_rows,
    )
