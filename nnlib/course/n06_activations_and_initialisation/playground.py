"""The playground's tasks and training, shared by notebook 06, its live view and its checks.

Three generated 2-D data sets (`nnlib.toy_data`), each standardised (every feature with mean 0
and standard deviation 1, so one picture frame `EXTENT` fits them all and one learning rate
suits them all), and the rule the playground trains by: a 2-n-1 network, full batch,
`ITERATIONS` steps from seed 0, with the hidden activation chosen.
"""

from dataclasses import dataclass

import numpy as np

from nnlib import toy_data
from nnlib.network import Network

DATA_SETS = ("circles", "moons", "spiral")
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
LEARNING_RATES = (0.1, 0.3, 1.0, 3.0, 10.0)
N_SAMPLES = 200
NOISE = 0.1
DATA_SEED = 0
ITERATIONS = 300  # enough for circles and moons at learning rate 1-10; each run takes ~20-60 ms
EXTENT = (-2.5, 2.5, -2.5, 2.5)  # (x1_min, x1_max, x2_min, x2_max): every standardised point


@dataclass(frozen=True)
class Task:
    """A standardised data set: X (n_samples, 2), y (n_samples, 1) with targets 0 and 1."""

    name: str
    X: np.ndarray
    y: np.ndarray


def task(name):
    """The data set `name` (one of DATA_SETS), N_SAMPLES points from DATA_SEED, standardised."""
    if name not in DATA_SETS:
        raise ValueError(f"data set must be one of {list(DATA_SETS)}, got {name!r}")
    X, labels = getattr(toy_data, name)(N_SAMPLES, noise=NOISE, seed=DATA_SEED)
    X = (X - X.mean(axis=0)) / X.std(axis=0)  # (n_samples, 2)
    return Task(name, X, labels.reshape(-1, 1).astype(float))


@dataclass(frozen=True)
class Run:
    """One playground training: the trained network and its losses, or why it failed."""

    network: Network
    losses: np.ndarray
    error: str = ""  # non-empty when training stopped (the weights overflowed)

    def accuracy(self, task):
        """The share of `task`'s samples on the right side of the 0.5 boundary."""
        y_hat = self.network.feedforward(task.X)
        return float(np.mean((y_hat > 0.5) == (task.y > 0.5)))


def train(task, activation, hidden_units, learning_rate, iterations=ITERATIONS, seed=0):
    """Network([2, hidden_units, 1], seed, activation=activation), trained full batch on the
    task for `iterations` steps. Returns a Run; a run whose weights overflow (a learning rate
    far too large) reports that in Run.error instead of raising."""
    network = Network([2, hidden_units, 1], seed=seed, activation=activation)
    try:
        losses = network.train(task.X, task.y, iterations, learning_rate=learning_rate).losses
    except ValueError as error:  # nnlib stops when the weights or the loss stop being finite
        fresh = Network([2, hidden_units, 1], seed=seed, activation=activation)
        return Run(fresh, np.empty(0), str(error))
    return Run(network, losses)
