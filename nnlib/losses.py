"""Losses L(y, y_hat) and their gradients with respect to the prediction y_hat.

``mse`` and ``cross_entropy`` take means, so the same learning rate works whatever the data
size. ``sse`` takes the sum, as some tutorials do; its gradient grows with the number of
samples, which ties the learning rate to the data size.
"""

import numpy as np

from nnlib.validation import (
    ONE_HOT_HINT,
    as_array,
    as_matrix,
    check_finite,
    check_probabilities,
    check_same_shape,
)

# cross-entropy reads log(max(y_hat, EPSILON)): a probability of 0 costs 36, never inf
EPSILON = np.finfo(float).eps


def _mse(y, y_hat):
    # a dot product of the errors with themselves: same value as np.mean(error ** 2), but
    # about 4x faster on the small arrays a training loop sees on every iteration
    error = (y_hat - y).ravel()
    return float(error @ error) / error.size


def _mse_gradient(y, y_hat):
    return (2.0 / y.size) * (y_hat - y)


def _sse(y, y_hat):
    error = (y_hat - y).ravel()
    return float(error @ error)


def _sse_gradient(y, y_hat):
    return 2.0 * (y_hat - y)


def _cross_entropy(y, y_hat):
    return 0.0 - float(np.vdot(y, np.log(np.maximum(y_hat, EPSILON)))) / y.shape[0]


def _cross_entropy_gradient(y, y_hat):
    return -y / (np.maximum(y_hat, EPSILON) * y.shape[0])


def _softmax_cross_entropy_gradient(y, y_hat):
    return (y_hat - y) / y.shape[0]


def _checked(function, y, y_hat, name):
    """function(y, y_hat) after checking both; an overflow is an error, never inf or a warning."""
    y = as_array(y, "y")
    y_hat = as_array(y_hat, "y_hat")
    check_same_shape(y, y_hat)
    with np.errstate(over="ignore", invalid="ignore"):
        value = function(y, y_hat)
    return check_finite(value, name, "scale y and y_hat to smaller values")


def mse(y, y_hat):
    """Mean squared error: the mean of (y_hat - y)^2 over all samples and outputs, a float;
    y and y_hat of the same shape, e.g. (n_samples, n_outputs), as for all losses here."""
    return _checked(_mse, y, y_hat, "mse")


def mse_gradient(y, y_hat):
    """Gradient of `mse` with respect to y_hat: 2 (y_hat - y) / y.size, shape of y."""
    return _checked(_mse_gradient, y, y_hat, "mse_gradient")


def sse(y, y_hat):
    """Sum of squared errors: sum of (y_hat - y)^2. Returns a float >= 0."""
    return _checked(_sse, y, y_hat, "sse")


def sse_gradient(y, y_hat):
    """Gradient of `sse` with respect to y_hat: 2 (y_hat - y), shape of y."""
    return _checked(_sse_gradient, y, y_hat, "sse_gradient")


def _probabilities(function, y, y_hat, rows_sum_to_one):
    """function(y, y_hat) after checking both are probabilities of shape (n_samples, n_classes)."""
    y = as_matrix(y, "y", columns="classes", hint=ONE_HOT_HINT)
    y_hat = as_matrix(y_hat, "y_hat", columns="classes", hint=ONE_HOT_HINT)
    check_same_shape(y, y_hat)
    check_probabilities(y, "y", rows_sum_to_one)
    return function(y, check_probabilities(y_hat, "y_hat", rows_sum_to_one))


def cross_entropy(y, y_hat):
    """Cross-entropy: the mean over samples of -sum_k y_k log(y_hat_k), a float (finite at 0);
    y, y_hat : probabilities (n_samples, n_classes), e.g. one-hot targets and softmax outputs."""
    return _probabilities(_cross_entropy, y, y_hat, rows_sum_to_one=False)


def cross_entropy_gradient(y, y_hat):
    """Gradient of `cross_entropy` with respect to y_hat: -y / (y_hat * n_samples), shape of y."""
    return _probabilities(_cross_entropy_gradient, y, y_hat, rows_sum_to_one=False)


def softmax_cross_entropy_gradient(y, y_hat):
    """Gradient of cross_entropy(y, softmax(z)) with respect to the PRE-ACTIVATION z, written
    through the output y_hat = softmax(z) (pass it, not z): (y_hat - y) / n_samples."""
    return _probabilities(_softmax_cross_entropy_gradient, y, y_hat, rows_sum_to_one=True)


# name -> (loss, gradient), both unchecked: for models that validated their inputs already
LOSSES = {"mse": (_mse, _mse_gradient), "sse": (_sse, _sse_gradient),
          "cross_entropy": (_cross_entropy, _cross_entropy_gradient)}

