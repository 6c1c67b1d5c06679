"""A single-neuron classifier trained by gradient descent, as in the classic tutorial.

There is no separate bias: give the inputs a constant column of ones and its weight plays
the bias's role.
"""

import numbers

import numpy as np

from nnlib.activations import _sigmoid
from nnlib.losses import _mse
from nnlib.training import History, check_callback
from nnlib.validation import (
    as_array,
    as_matrix,
    as_samples,
    check_iterations,
    check_learning_rate,
    check_same_rows,
    check_seed,
)


class Perceptron:
    """One sigmoid neuron: y_hat = sigmoid(X @ weights).

    weights : array of shape (n_inputs, 1) or (n_inputs,); or None to draw them uniformly from
        [-1, 1) with `seed`, which then needs `n_inputs`.
    """

    def __init__(self, weights=None, n_inputs=None, seed=None):
        if weights is None and n_inputs is None:
            raise TypeError("Perceptron needs weights or n_inputs")
        if weights is not None:
            weights = as_array(weights, "weights")
            if weights.ndim == 1:
                weights = weights.reshape(-1, 1)
            if weights.ndim != 2 or weights.shape[1] != 1:
                raise ValueError(
                    f"weights must have shape (n_inputs, 1) or (n_inputs,), got {weights.shape}"
                )
            if n_inputs is not None and n_inputs != weights.shape[0]:
                raise ValueError(
                    f"n_inputs={n_inputs} disagrees with weights of shape {weights.shape}"
                )
            self.weights = weights.copy()
        else:
            if isinstance(n_inputs, bool) or not isinstance(n_inputs, numbers.Integral):
                raise TypeError(f"n_inputs must be a whole number, got {n_inputs!r}")
            if n_inputs < 1:
                raise ValueError(f"n_inputs must be at least 1, got {n_inputs}")
            self.weights = check_seed(seed).uniform(-1.0, 1.0, size=(int(n_inputs), 1))

    @property
    def n_inputs(self):
        """Number of inputs, including any constant column."""
        return self.weights.shape[0]

    def predict(self, X):
        """Output sigmoid(X @ weights).

        X : (n_samples, n_inputs) giving (n_samples, 1); or one sample (n_inputs,) giving (1,).
        """
        X, single = as_samples(X, "X", self.n_inputs)
        with np.errstate(over="ignore"):
            y_hat = _sigmoid(X @ self.weights)  # (n_samples, 1)
        return y_hat[0] if single else y_hat

    def train(self, X, y, iterations, learning_rate=1.0, callback=None, callback_every=100):
        """Full-batch gradient descent with the update
        ``weights += learning_rate * X.T @ ((y - y_hat) * y_hat * (1 - y_hat))``.

        That step is gradient descent on half the sum of squared errors. The recorded loss is
        the mean squared error, one value per iteration (before its update).
        X : (n_samples, n_inputs); y : (n_samples, 1) of targets.
        callback : optional callback(iteration, losses_so_far), called every `callback_every`
            iterations and after the last one.
        """
        X = as_matrix(X, "X", self.n_inputs)
        y = as_matrix(y, "y", 1, columns="outputs")
        check_same_rows(X, y)
        iterations = check_iterations(iterations)
        learning_rate = check_learning_rate(learning_rate)
        check_callback(callback, callback_every)

        weights = self.weights
        losses = np.empty(iterations)
        with np.errstate(over="ignore"):
            for iteration in range(iterations):
                y_hat = _sigmoid(X @ weights)  # (n_samples, 1)
                losses[iteration] = _mse(y, y_hat)
                weights += learning_rate * (X.T @ ((y - y_hat) * y_hat * (1.0 - y_hat)))
                done = iteration + 1
                if callback is not None and (done % callback_every == 0 or done == iterations):
                    callback(done, losses[:done])
        return History(losses)

    def __repr__(self):
        return f"Perceptron(weights={np.round(self.weights.ravel(), 4).tolist()})"
