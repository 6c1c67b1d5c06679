"""A single-neuron classifier trained by gradient descent, as in the classic tutorial. It has
no separate bias: give the inputs a constant column of ones, whose weight plays its role."""

import numpy as np

from nnlib.activations import _sigmoid
from nnlib.losses import _mse
from nnlib.training import History, check_callback, check_loss, check_trained
from nnlib.validation import (
    MAX_PARAMETERS,
    as_array,
    as_matrix,
    as_samples,
    check_count,
    check_finite,
    check_iterations,
    check_learning_rate,
    check_same_rows,
    check_seed,
)

SCALE_HINT = "scale the inputs X to values near 1 or the weights down"


class Perceptron:
    """One sigmoid neuron: y_hat = sigmoid(X @ weights).

    weights : array of shape (n_inputs, 1) or (n_inputs,); or None to draw them uniformly from
        [-1, 1) with `seed`, which then needs `n_inputs`. A learner may assign or edit them
        later; they are checked every time they are used.
    """

    def __init__(self, weights=None, n_inputs=None, seed=None):
        if weights is None and n_inputs is None:
            raise TypeError("Perceptron needs weights or n_inputs")
        if n_inputs is not None:
            n_inputs = check_count(n_inputs, "n_inputs", MAX_PARAMETERS, "(MAX_PARAMETERS)")
        if weights is not None:
            self.weights = weights
            self.weights = self._check_weights().copy()  # train must not change the caller's
            if n_inputs is not None and n_inputs != self.n_inputs:
                raise ValueError(f"n_inputs={n_inputs} disagrees with weights of shape "
                                 f"{self.weights.shape}")
        else:
            self.weights = check_seed(seed).uniform(-1.0, 1.0, size=(n_inputs, 1))

    @property
    def n_inputs(self):
        """Number of inputs, including any constant column."""
        return self._check_weights().shape[0]

    def predict(self, X):
        """Output sigmoid(X @ weights): X (n_samples, n_inputs) gives (n_samples, 1); one sample
        (n_inputs,) gives (1,)."""
        weights = self._check_weights()
        X, single = as_samples(X, "X", weights.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            y_hat = _sigmoid(check_finite(X @ weights, "z = X @ weights", SCALE_HINT))
        return y_hat[0] if single else y_hat

    def train(self, X, y, iterations, learning_rate=1.0, callback=None, callback_every=100):
        """Full-batch gradient descent with the update
        ``weights += learning_rate * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))``, a step on half
        the sum of squared errors. The recorded loss is the mean squared error, one per iteration
        (before its update). X : (n_samples, n_inputs); y : (n_samples, 1) of targets.
        callback, callback_every : as in Network.train.
        """
        weights = self._check_weights()
        X = as_matrix(X, "X", weights.shape[0])
        y = as_matrix(y, "y", 1, columns="outputs")
        check_same_rows(X, y)
        iterations = check_iterations(iterations)
        learning_rate = check_learning_rate(learning_rate)
        check_callback(callback, callback_every)

        losses = np.empty(iterations)
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            check_finite(X @ weights, "z = X @ weights", SCALE_HINT)  # once, before training
            for iteration in range(iterations):
                y_hat = _sigmoid(X @ weights)  # (n_samples, 1)
                loss = _mse(y, y_hat)
                losses[iteration] = check_loss(loss, "training", iteration, learning_rate)
                weights += learning_rate * (X.T @ ((y - y_hat) * y_hat * (1.0 - y_hat)))
                done = iteration + 1
                if callback is not None and (done % callback_every == 0 or done == iterations):
                    callback(done, losses[:done])
        check_trained([weights], learning_rate)
        return History(losses)

    def _check_weights(self):
        """Check (and convert to a float column) the weights a learner may have assigned."""
        weights = as_array(self.weights, "Perceptron.weights")
        if weights.ndim == 1:
            weights = weights.reshape(-1, 1)
        if weights.ndim != 2 or weights.shape[1] != 1:
            raise ValueError("Perceptron.weights must have shape (n_inputs, 1) or (n_inputs,), "
                             f"got shape {weights.shape}")
        self.weights = weights if weights.flags.writeable else weights.copy()
        return self.weights

    def __repr__(self):
        return f"Perceptron(weights={np.round(self._check_weights().ravel(), 4).tolist()})"
