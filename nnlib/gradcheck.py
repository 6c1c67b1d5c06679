"""Numerical gradients by central differences, to check hand-derived backpropagation."""

import numpy as np

from nnlib.validation import as_array


def numerical_gradient(f, x, epsilon=1e-6):
    """Estimate the gradient of the scalar function f at x: (f(x + e) - f(x - e)) / 2e per entry.

    f : callable taking x and returning a number.
    x : float array of any shape. It is nudged IN PLACE and restored, so f may also read it
        through another reference, e.g. ``numerical_gradient(lambda _: net.loss(X, y),
        net.weights[0])``.
    Returns an array of the shape of x.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {f!r}")
    if not (isinstance(x, np.ndarray) and x.dtype == float):
        x = as_array(x, "x").copy()
    else:
        as_array(x, "x")  # checks finiteness and size only
    if not (isinstance(epsilon, float | int) and np.isfinite(epsilon) and epsilon > 0):
        raise ValueError(f"epsilon must be a small positive number, got {epsilon!r}")

    gradient = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + epsilon
        f_plus = _scalar(f(x))
        x[index] = original - epsilon
        f_minus = _scalar(f(x))
        x[index] = original
        gradient[index] = (f_plus - f_minus) / (2 * epsilon)
    return gradient


def _scalar(value):
    value = np.asarray(value, dtype=float)
    if value.size != 1 or not np.isfinite(value):
        raise ValueError(f"f must return one finite number, got {value!r}")
    return float(value)
