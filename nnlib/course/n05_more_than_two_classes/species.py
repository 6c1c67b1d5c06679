"""The three penguin species of notebook 05, from two or from all four measurements.

A seeded shuffle splits the 342 penguins with every measurement into training (the network
learns from it), validation (used to choose and to compare) and test (looked at once, at the
end). Every part is standardised with the TRAINING part's mean and standard deviation only, so
nothing about the other penguins leaks into training.
"""

from typing import NamedTuple

import numpy as np

from nnlib import data

FEATURES = ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")
TWO_FEATURES = ("bill_length_mm", "flipper_length_mm")  # enough to tell the three apart, drawable
SPECIES = ("Adelie", "Chinstrap", "Gentoo")
COLOURS = ("tab:orange", "tab:purple", "tab:cyan")  # one per species, in the order of SPECIES
N_VAL = 70
N_TEST = 70


class SpeciesSplit(NamedTuple):
    """Standardised inputs (n, n_features), labels (n,) 0-2 and one-hot targets (n, 3) of each
    part; the training mean and std (n_features,) and the feature names."""

    X_train: np.ndarray
    labels_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    labels_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    labels_test: np.ndarray
    y_test: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    features: tuple


def measurements(features=FEATURES):
    """The 342 penguins with all four measurements: X (342, len(features)) raw in mm / g and
    the species as labels (342,): 0, 1, 2 in the order of `SPECIES`."""
    table = data.load("penguins").drop_missing(*FEATURES)
    labels = np.array([SPECIES.index(name) for name in table["species"]])
    return table.matrix(*features), labels


def split(features=FEATURES, seed=0, n_val=N_VAL, n_test=N_TEST):
    """Shuffle the penguins with `seed`: the last `n_test` are the test part, the `n_val` before
    them validation, the rest training; all standardised with the training mean and std."""
    X, labels = measurements(features)
    n_train = len(X) - n_val - n_test
    if n_val < 1 or n_test < 1 or n_train < 1:
        raise ValueError(f"n_val={n_val} and n_test={n_test} must be at least 1 and leave "
                         f"penguins for training, of {len(X)}")
    order = np.random.default_rng(seed).permutation(len(X))
    parts = order[:n_train], order[n_train : n_train + n_val], order[n_train + n_val :]
    mean, std = X[parts[0]].mean(axis=0), X[parts[0]].std(axis=0)
    values = []
    for rows in parts:
        values += [(X[rows] - mean) / std, labels[rows], np.eye(len(SPECIES))[labels[rows]]]
    return SpeciesSplit(*values, mean, std, tuple(features))
