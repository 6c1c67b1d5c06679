"""Argument checks shared by nnlib's public functions.

Every public entry point validates its arguments here, once, before any arithmetic, so that a
mistake is reported with the argument's name and shape instead of surfacing later as a silent
broadcast, a NaN or a cryptic numpy error. Inner code trusts what these functions return.
"""

import numbers

import numpy as np


def as_array(value, name):
    """Return `value` as a finite, non-empty float array, or raise naming `name`."""
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(
            f"{name} must be numeric (a number, list or array), got {type(value).__name__}"
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be rectangular (all rows the same length): {error}"
        ) from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold numbers, got values of type {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex values")
    array = np.asarray(array, dtype=float)  # no copy when it is float already
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one value")
    if not np.all(np.isfinite(array)):
        bad = int(np.count_nonzero(~np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); shape {array.shape}")
    return array


def as_matrix(value, name, n_columns=None, columns="features"):
    """Return `value` as a 2-D float array (n_rows, n_columns), or raise naming `name`.

    A 1-D array is refused rather than guessed at: reshaping it is the caller's decision.
    """
    array = as_array(value, name)
    if array.ndim != 2:
        hint = ""
        if array.ndim == 1:
            hint = (
                f"; for {array.shape[0]} samples of one {columns[:-1]} use "
                f"{name}.reshape(-1, 1), for one sample use {name}.reshape(1, -1)"
            )
        raise ValueError(
            f"{name} must be 2-D with shape (n_samples, n_{columns}), got shape {array.shape}{hint}"
        )
    if n_columns is not None and array.shape[1] != n_columns:
        raise ValueError(
            f"{name} must have {n_columns} {columns} (columns), got shape {array.shape}"
        )
    return array


def as_samples(value, name, n_features):
    """Return `value` as (n_samples, n_features); a 1-D array of n_features is one sample.

    Returns the matrix and whether the input was a single 1-D sample.
    """
    array = as_array(value, name)
    if array.ndim == 1:
        if array.shape[0] != n_features:
            raise ValueError(
                f"{name} has shape {array.shape}: one sample must have {n_features} features; "
                f"for several samples pass a 2-D array of shape (n_samples, {n_features})"
            )
        return array.reshape(1, -1), True
    return as_matrix(array, name, n_features), False


def check_same_rows(X, y, x_name="X", y_name="y"):
    """Raise unless X and y have one row per sample each."""
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of rows (samples), "
            f"got {x_name} {X.shape} and {y_name} {y.shape}"
        )


def check_same_shape(y, y_hat, y_name="y", y_hat_name="y_hat"):
    """Raise unless y and y_hat have exactly the same shape (no broadcasting)."""
    if y.shape != y_hat.shape:
        raise ValueError(
            f"{y_name} and {y_hat_name} must have the same shape, got {y.shape} and "
            f"{y_hat.shape}; numpy would broadcast them to a wrong result"
        )


def check_iterations(iterations):
    """Return `iterations` as an int >= 1, or raise."""
    if isinstance(iterations, bool) or not isinstance(iterations, numbers.Integral):
        raise TypeError(f"iterations must be a whole number, got {iterations!r}")
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    return int(iterations)


def check_learning_rate(learning_rate):
    """Return `learning_rate` as a finite float > 0, or raise."""
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, numbers.Real):
        raise TypeError(f"learning_rate must be a number, got {learning_rate!r}")
    learning_rate = float(learning_rate)
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate}")
    return learning_rate


def check_layer_sizes(layer_sizes):
    """Return `layer_sizes` as a tuple of at least two positive ints, or raise."""
    if isinstance(layer_sizes, str | bytes) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(f"layer_sizes must be a list of whole numbers, got {layer_sizes!r}")
    if len(layer_sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least an input and an output size, got {list(layer_sizes)}"
        )
    for size in layer_sizes:
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"layer_sizes must hold whole numbers, got {list(layer_sizes)}")
        if size < 1:
            raise ValueError(
                f"every layer needs at least one unit, got layer_sizes {list(layer_sizes)}"
            )
    return tuple(int(size) for size in layer_sizes)


def check_seed(seed):
    """Return a numpy Generator from an int seed, a Generator, or None."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed must be a whole number, a numpy Generator or None, got {seed!r}")
    return np.random.default_rng(seed)
