"""Batch normalisation: each hidden unit's weighted sums z, normalised over the mini-batch to
mean 0 and variance 1, then scaled by gamma and shifted by beta, two parameters per unit that
the network learns.

    z_hat = (z - mean(z)) / sqrt(var(z) + epsilon),    out = gamma * z_hat + beta

with the mean and variance of each column of z (one unit) over the batch's rows. Loaded on use
(``from nnlib import batchnorm``), not by ``import nnlib``.
"""

from typing import NamedTuple

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.losses import _cross_entropy, _softmax_cross_entropy_gradient
from nnlib.network import HIDDEN, SCALE_HINT, Network, _check_names
from nnlib.training import History, check_loss, check_trained
from nnlib.validation import (
    MAX_ITERATIONS,
    ONE_HOT_HINT,
    as_array,
    as_matrix,
    check_count,
    check_finite,
    check_layer_sizes,
    check_learning_rate,
    check_probabilities,
    check_same_rows,
    check_seed,
    is_real_number,
)

EPSILON = 1e-5  # keeps sqrt(var + epsilon) away from 0 for a unit that is constant on a batch
MOMENTUM = 0.9  # running statistics: running = MOMENTUM * running + (1 - MOMENTUM) * batch's


class BatchNormCache(NamedTuple):
    """What `batch_norm_forward` keeps for the backward pass: z_hat (n_samples, units), the
    normalised sums; std (units,), sqrt(var + epsilon); gamma (units,)."""

    z_hat: np.ndarray
    std: np.ndarray
    gamma: np.ndarray


def batch_norm_forward(z, gamma, beta, epsilon=EPSILON):
    """(out, cache): out = gamma * z_hat + beta for z (n_samples, units), normalised per column
    over the batch; gamma, beta : (units,). n_samples must be at least 2."""
    z = _batch(z, "z")
    gamma, beta = _per_unit(gamma, "gamma", z), _per_unit(beta, "beta", z)
    if not (is_real_number(epsilon) and 0 < epsilon < np.inf):
        raise ValueError(f"epsilon must be a small positive number, got {epsilon!r}")
    return _forward(z, gamma, beta, float(epsilon))[:2]


def batch_norm_backward(d_out, cache):
    """(dz, dgamma, dbeta) from d_out = dL/dout (n_samples, units) and the forward pass's
    cache: dz has z's shape, dgamma and dbeta (units,)."""
    if not isinstance(cache, BatchNormCache):
        raise TypeError(f"cache must be the BatchNormCache that batch_norm_forward returned, got "
                        f"{type(cache).__name__}")
    d_out = as_matrix(d_out, "d_out", cache.z_hat.shape[1], "units")
    if d_out.shape != cache.z_hat.shape:
        raise ValueError(f"d_out must have the shape of the forward pass's z, "
                         f"{cache.z_hat.shape}, got {d_out.shape}")
    return _backward(d_out, cache)


def _forward(z, gamma, beta, epsilon):
    """out, cache, and the batch's (mean, var), unchecked."""
    mean = z.mean(axis=0)  # (units,)
    var = z.var(axis=0)  # (units,), divided by n: the batch's own spread
    std = np.sqrt(var + epsilon)
    z_hat = (z - mean) / std  # (n_samples, units)
    return gamma * z_hat + beta, BatchNormCache(z_hat, std, gamma), (mean, var)


def _backward(d_out, cache):
    """Every z_i moves the batch's mean and variance too, so dz_i collects three paths:
    dz = (d_z_hat - mean(d_z_hat) - z_hat * mean(d_z_hat * z_hat)) / std, per column."""
    dgamma = np.sum(d_out * cache.z_hat, axis=0)  # (units,)
    dbeta = d_out.sum(axis=0)  # (units,)
    d_z_hat = d_out * cache.gamma  # (n_samples, units)
    dz = (d_z_hat - d_z_hat.mean(axis=0)
          - cache.z_hat * np.mean(d_z_hat * cache.z_hat, axis=0)) / cache.std
    return dz, dgamma, dbeta


class BatchNormNetwork:
    """A fully connected softmax classifier with batch normalisation in every hidden layer:
    a = f(gamma * z_hat + beta), z_hat the batch-normalised z = a_previous @ weights[l]; the
    output layer is softmax(a @ weights[-1] + biases[-1]), trained on the cross-entropy.

    layer_sizes : e.g. [64, 32, 32, 10]; at least one hidden layer.
    seed : the starting weights are those of ``Network(layer_sizes, seed,
        activation=activation, output="softmax")``, so both can start from the same weights.
    activation : of every hidden layer, "sigmoid", "tanh", "relu" (default) or "leaky_relu".
    ``weights[l]`` (n_in, n_out); ``gammas[l]``, ``biases[l]`` (n_out,): in a hidden layer the
    bias is the shift beta (a bias added before normalising would be subtracted again with the
    mean); the output layer has a plain bias and no gamma. While training, every step also
    updates each hidden unit's ``running_means`` and ``running_variances`` (momentum
    `momentum`), which `feedforward` and `loss` use: one sample's output then does not depend
    on the others in its batch. Before any training they use X's own statistics.
    """

    def __init__(self, layer_sizes, seed=None, activation="relu", momentum=MOMENTUM,
                 epsilon=EPSILON):
        sizes = check_layer_sizes(layer_sizes)
        if len(sizes) < 3:
            raise ValueError(f"layer_sizes needs at least one hidden layer to normalise, got "
                             f"{list(sizes)}")
        self.activation = _check_names(activation, "activation", HIDDEN)
        for value, name, high in ((momentum, "momentum", 1), (epsilon, "epsilon", np.inf)):
            if not (is_real_number(value) and 0 < value < high):
                raise ValueError(f"{name} must be a number between 0 and {high}, got {value!r}")
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        start = Network(sizes, seed, activation=activation, output="softmax")
        self.weights = start.weights
        self.gammas = [np.ones(n_out) for n_out in sizes[1:-1]]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]
        self.running_means = self.running_variances = None  # set by the first training step
        self.layer_sizes = sizes

    def feedforward(self, X):
        """Class probabilities (n_samples, n_classes) for X (n_samples, n_inputs), normalised
        with the running statistics (with X's own before any training)."""
        X = as_matrix(X, "X", self.layer_sizes[0])
        return self._pass(X, evaluate=True)[0][-1]

    def loss(self, X, y):
        """The cross-entropy of `feedforward(X)` against one-hot targets y, a float."""
        X, y = self._check_data(X, y)
        return check_finite(_cross_entropy(y, self._pass(X, evaluate=True)[0][-1]), "the loss",
                            SCALE_HINT)

    def gradients(self, X, y):
        """(dweights, dgammas, dbiases) of the loss on the batch (X, y), normalised with the
        batch's own statistics, as a training step uses them; lists shaped like the
        parameters. The running statistics are not changed."""
        X, y = self._check_data(X, y)
        if len(X) < 2:
            raise ValueError("X must hold at least 2 samples: batch statistics of one sample "
                             "normalise every unit to 0")
        activations, caches, _ = self._pass(X)
        return self._backward(activations, caches, y)

    def train_minibatch(self, X, y, epochs, batch_size=32, learning_rate=0.1, seed=None,
                        validation_data=None):
        """Mini-batch gradient descent as `Network.train_minibatch`: each epoch shuffles the
        samples (seeded) and takes one step per batch (each at least 2 samples). Returns a
        History: `losses` (and `validation_losses`) one per epoch before its steps, in
        evaluation mode; `step_losses` one per step, its batch's loss before the step."""
        X, y = self._check_data(X, y)
        batch_size = min(check_count(batch_size, "batch_size"), len(X))
        if batch_size < 2 or len(X) % batch_size == 1:
            raise ValueError(f"batch_size={batch_size} leaves a batch of one sample among "
                             f"{len(X)}; batch statistics need at least 2 samples per batch")
        n_batches = -(-len(X) // batch_size)  # per epoch, rounded up
        epochs = check_count(epochs, "epochs", MAX_ITERATIONS // n_batches, f"epochs of "
                             f"{n_batches} batches ({MAX_ITERATIONS:,} steps, MAX_ITERATIONS)")
        learning_rate = check_learning_rate(learning_rate)
        rng = check_seed(seed)
        if validation_data is not None:
            if not (isinstance(validation_data, tuple | list) and len(validation_data) == 2):
                raise TypeError("validation_data must be a pair (X_val, y_val)")
            validation_data = self._check_data(*validation_data, names=("X_val", "y_val"))
        losses, validation_losses, step_losses = [], [], []
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            for _ in range(epochs):
                losses.append(check_loss(self._evaluate(X, y), "training", len(step_losses),
                                         learning_rate))
                if validation_data is not None:
                    loss = self._evaluate(*validation_data)
                    validation_losses.append(check_loss(loss, "validation", len(step_losses),
                                                        learning_rate))
                order = rng.permutation(len(X))
                for start in range(0, len(X), batch_size):
                    rows = order[start : start + batch_size]
                    activations, caches, statistics = self._pass(X[rows])
                    loss = _cross_entropy(y[rows], activations[-1])
                    step_losses.append(check_loss(loss, "training", len(step_losses),
                                                  learning_rate))
                    self._step(self._backward(activations, caches, y[rows]), learning_rate)
                    self._remember(statistics)
        check_trained(self.weights + self.gammas + self.biases, learning_rate)
        return History(losses, validation_losses or None, step_losses)

    def _evaluate(self, X, y):
        return _cross_entropy(y, self._pass(X, evaluate=True)[0][-1])

    def _pass(self, X, evaluate=False):
        """([X, a_1, ..., a_L], the hidden layers' caches, their batch (mean, var)); with
        evaluate=True, normalised with the running statistics, once there are any."""
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            return self._layers(X, evaluate and self.running_means is not None)

    def _layers(self, X, running):
        f = ACTIVATIONS[self.activation][0]
        activations, caches, statistics = [X], [], []
        for layer, weights in enumerate(self.weights[:-1]):
            z = activations[-1] @ weights  # (n_samples, n_out)
            check_finite(z, "the weighted sums z = a @ weights", SCALE_HINT)
            gamma, beta = self.gammas[layer], self.biases[layer]
            if running:
                std = np.sqrt(self.running_variances[layer] + self.epsilon)
                out = gamma * (z - self.running_means[layer]) / std + beta
            else:
                out, cache, batch = _forward(z, gamma, beta, self.epsilon)
                check_finite(batch[1], "the variance of the weighted sums z", SCALE_HINT)
                caches.append(cache)
                statistics.append(batch)
            activations.append(f(out))
        z = activations[-1] @ self.weights[-1] + self.biases[-1]
        check_finite(z, "the output's weighted sums", SCALE_HINT)
        activations.append(ACTIVATIONS["softmax"][0](z))
        return activations, caches, statistics

    def _backward(self, activations, caches, y):
        """Backpropagation through softmax + cross-entropy, then every hidden layer's
        activation, batch normalisation and weights."""
        backward = ACTIVATIONS[self.activation][1]
        n_layers = len(self.weights)
        dweights, dbiases = [None] * n_layers, [None] * n_layers
        dgammas = [None] * (n_layers - 1)
        delta = _softmax_cross_entropy_gradient(y, activations[-1])  # dL/dz of the output
        dweights[-1] = activations[-2].T @ delta
        dbiases[-1] = delta.sum(axis=0)
        for layer in range(n_layers - 2, -1, -1):
            d_out = backward(delta @ self.weights[layer + 1].T, activations[layer + 1])
            delta, dgammas[layer], dbiases[layer] = _backward(d_out, caches[layer])
            dweights[layer] = activations[layer].T @ delta  # (n_in, n_out)
        return dweights, dgammas, dbiases

    def _step(self, gradients, learning_rate):
        parameters = (self.weights, self.gammas, self.biases)
        for arrays, grads in zip(parameters, gradients, strict=True):
            for parameter, gradient in zip(arrays, grads, strict=True):
                parameter -= learning_rate * gradient

    def _remember(self, statistics):
        """Fold one batch's (mean, var) of every hidden layer into the running statistics."""
        if self.running_means is None:  # the first batch's statistics are the first estimate
            self.running_means = [mean.copy() for mean, _ in statistics]
            self.running_variances = [var.copy() for _, var in statistics]
            return
        for layer, (mean, var) in enumerate(statistics):
            for running, batch in ((self.running_means, mean), (self.running_variances, var)):
                running[layer] = self.momentum * running[layer] + (1 - self.momentum) * batch

    def _check_data(self, X, y, names=("X", "y")):
        X = as_matrix(X, names[0], self.layer_sizes[0])
        y = as_matrix(y, names[1], self.layer_sizes[-1], "outputs", ONE_HOT_HINT)
        check_same_rows(X, y, *names)
        check_probabilities(y, names[1], rows_sum_to_one=True)
        return X, y

    def __repr__(self):
        return (f"BatchNormNetwork(layer_sizes={list(self.layer_sizes)}, "
                f"activation={self.activation!r})")


def _batch(z, name):
    z = as_matrix(z, name, columns="units")
    if len(z) < 2:
        raise ValueError(f"{name} must hold at least 2 samples (rows) to normalise over, got "
                         f"shape {z.shape}")
    return z


def _per_unit(value, name, z):
    array = as_array(value, name)
    if array.shape != (z.shape[1],):
        raise ValueError(f"{name} must have shape ({z.shape[1]},), one value per unit (column) "
                         f"of z {z.shape}, got {array.shape}")
    return array
