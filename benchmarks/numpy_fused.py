"""The same math as nnlib, hand-written in as few numpy calls as possible.

No validation, no lists of layers, no per-iteration allocations beyond what numpy needs:
the fastest plain-numpy loop a careful person would write for one hidden layer.
"""

import numpy as np


def perceptron(X, y, weights, iterations, learning_rate):
    """Returns (mean squared error per iteration, final weights)."""
    weights = weights.copy()
    X_T = np.ascontiguousarray(X.T)
    inverse_n = 1.0 / y.size
    losses = np.empty(iterations)
    for iteration in range(iterations):
        y_hat = 1.0 / (1.0 + np.exp(-(X @ weights)))
        error = y - y_hat
        losses[iteration] = np.vdot(error, error) * inverse_n
        weights += X_T @ (learning_rate * error * y_hat * (1.0 - y_hat))
    return losses, weights


def network(X, y, weights, biases, iterations, learning_rate):
    """One hidden layer of sigmoids, mean squared error. Returns (losses, weights, biases)."""
    (w1, w2), (b1, b2) = [w.copy() for w in weights], [b.copy() for b in biases]
    X_T = np.ascontiguousarray(X.T)
    inverse_size = 1.0 / y.size
    losses = np.empty(iterations)
    with np.errstate(over="ignore"):
        for iteration in range(iterations):
            a1 = 1.0 / (1.0 + np.exp(-(X @ w1 + b1)))  # (n, n_hidden)
            a2 = 1.0 / (1.0 + np.exp(-(a1 @ w2 + b2)))  # (n, n_out)
            error = a2 - y
            losses[iteration] = np.vdot(error, error) * inverse_size
            # learning rate folded into the deltas: one multiply instead of four
            delta2 = (2.0 * inverse_size * learning_rate) * error * a2 * (1.0 - a2)
            delta1 = (delta2 @ w2.T) * a1 * (1.0 - a1)
            w2 -= a1.T @ delta2
            b2 -= delta2.sum(axis=0)
            w1 -= X_T @ delta1
            b1 -= delta1.sum(axis=0)
    return losses, [w1, w2], [b1, b2]
