"""Argument checks shared by nnlib's public functions: every public entry point validates its
arguments here, once, before any arithmetic, so that a mistake is reported with the argument's
name and shape instead of surfacing later as a silent broadcast, a NaN or a cryptic numpy error.
Inner code trusts what these functions return."""

import numbers
from collections.abc import Sequence, Set

import numpy as np

# Limits that turn an absurd request into a clear error before numpy tries to allocate it.
MAX_ITERATIONS = 10_000_000  # every iteration's loss is kept: 80 MB of float64
MAX_PARAMETERS = 50_000_000  # weights and biases of one model: 400 MB
MAX_ACTIVATIONS = 50_000_000  # n_samples * units of all layers in one forward pass: 400 MB
MAX_CLASSES = 5_000  # a confusion matrix holds n_classes^2 counts: 200 MB
ONE_HOT_HINT = "for class labels use one_hot(labels, n_classes)"


def is_whole_number(value):
    """True for Python and numpy integers; False for bool and np.timedelta64 (not counts)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.timedelta64)


def is_real_number(value):
    """True for Python and numpy ints and floats; False for bool, complex and np.timedelta64."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.timedelta64)


def as_array(value, name):
    """Return `value` as a finite, non-empty float array, or raise naming `name`."""
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be numeric (a number, list or array), got "
                        f"{type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(f"{name} must be rectangular (rows of one length): {error}") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got complex values")
    if array.dtype.kind not in "biuf":  # bool, int, unsigned int, float; not dates or text
        raise TypeError(f"{name} must hold numbers, got values of type {array.dtype}")
    array = np.asarray(array, dtype=float)  # no copy when it is float already
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one value")
    if not np.all(np.isfinite(array)):
        bad = int(np.count_nonzero(~np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s); shape {array.shape}")
    return array


def as_parameter(value, name, ndim, expected):
    """Return weights or a bias a learner may have edited as a writable float array of `ndim`
    dimensions; `expected` describes the shape for the message."""
    array = as_array(value, name)
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {expected}, got shape {array.shape}")
    return array if array.flags.writeable else array.copy()  # training updates it in place


def as_matrix(value, name, n_columns=None, columns="features", hint=None):
    """Return `value` as a 2-D float array (n_rows, n_columns), or raise naming `name`; `hint`,
    if given, ends the message. A 1-D array is refused: reshaping it is the caller's decision."""
    array = as_array(value, name)
    if hint is None and array.ndim == 1:
        hint = (f"for {array.shape[0]} samples of one {columns[:-1]} use {name}.reshape(-1, 1), "
                f"for one sample use {name}.reshape(1, -1)")
    hint = f"; {hint}" if hint else ""
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape (n_samples, n_{columns}), got shape "
                         f"{array.shape}{hint}")
    if n_columns is not None and array.shape[1] != n_columns:
        raise ValueError(f"{name} must have {n_columns} {columns} (columns), got shape "
                         f"{array.shape}{hint}")
    return array


def as_samples(value, name, n_features):
    """Return (`value` as (n_samples, n_features), whether it was one 1-D sample (n_features,))."""
    array = as_array(value, name)
    if array.ndim == 1:
        if array.shape[0] != n_features:
            raise ValueError(f"{name} has shape {array.shape}: one sample must have {n_features} "
                             "features; for several samples pass a 2-D array of shape "
                             f"(n_samples, {n_features})")
        return array.reshape(1, -1), True
    return as_matrix(array, name, n_features), False


def check_same_rows(X, y, x_name="X", y_name="y"):
    """Raise unless X and y have one row per sample each."""
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{x_name} and {y_name} must have the same number of rows (samples), "
                         f"got {x_name} {X.shape} and {y_name} {y.shape}")


def check_same_shape(y, y_hat, y_name="y", y_hat_name="y_hat"):
    """Raise unless y and y_hat have exactly the same shape (no broadcasting)."""
    if y.shape != y_hat.shape:
        raise ValueError(f"{y_name} and {y_hat_name} must have the same shape, got {y.shape} and "
                         f"{y_hat.shape}; numpy would broadcast them to a wrong result")


def check_probabilities(array, name, rows_sum_to_one=False):
    """Return `array` if its values lie in [0, 1] (and, if asked, each row sums to 1), or raise."""
    if array.min() < 0 or array.max() > 1:
        raise ValueError(f"{name} must hold probabilities in [0, 1], got values from "
                         f"{array.min():g} to {array.max():g}; {ONE_HOT_HINT}")
    if rows_sum_to_one:
        sums = array @ np.ones(array.shape[1])  # row sums; sum(axis=1) is slower for few columns
        row = int(np.argmax(np.abs(sums - 1.0)))  # the row furthest from summing to 1
        if abs(sums[row] - 1.0) > 1e-6:
            raise ValueError(f"each row of {name} must sum to 1 (one-hot, or probabilities as from "
                             f"softmax(z)); row {row} of {array.shape} sums to {sums[row]:g}")
    return array


def check_finite(value, what, hint):
    """Return `value` (an array or number) unless an overflow made part of it inf or NaN."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} overflowed: numbers grew beyond float64's range (about 1.8e308) "
                         f"and became inf or NaN; {hint}")
    return value


def check_count(value, name, maximum=None, limit=""):
    """Return `value` as an int in [1, maximum], or raise naming `name` (and the `limit`)."""
    if not is_whole_number(value):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}={value:,} is more than nnlib allows: at most {maximum:,} {limit}")
    return int(value)


def check_iterations(iterations):
    """Return `iterations` as an int in [1, MAX_ITERATIONS], or raise."""
    limit = "(MAX_ITERATIONS): every loss is kept in memory"
    return check_count(iterations, "iterations", MAX_ITERATIONS, limit)


def check_learning_rate(learning_rate):
    """Return `learning_rate` as a finite float > 0, or raise."""
    if not is_real_number(learning_rate):
        raise TypeError(f"learning_rate must be a number, got {learning_rate!r}")
    learning_rate = float(learning_rate)
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate}")
    return learning_rate


def check_layer_sizes(layer_sizes):
    """Return `layer_sizes` (a list, tuple, range or 1-D array, in the network's order) as a
    tuple of at least two positive ints, or raise (also, before anything is allocated, for
    networks of more than MAX_PARAMETERS parameters)."""
    if isinstance(layer_sizes, np.ndarray):
        if layer_sizes.ndim != 1:
            raise ValueError("layer_sizes must be 1-D, one size per layer, got an array of shape "
                             f"{layer_sizes.shape}")
    elif isinstance(layer_sizes, str | bytes) or not isinstance(layer_sizes, Sequence):
        unordered = " (a set has no order: {3, 1} would be read as [1, 3])"
        raise TypeError("layer_sizes must be a sequence of whole numbers in the network's order, "
                        "a list, tuple or 1-D array such as [2, 2, 1]; got "
                        f"{type(layer_sizes).__name__} {layer_sizes!r}"
                        f"{unordered if isinstance(layer_sizes, Set) else ''}")
    shown = [size.item() if isinstance(size, np.generic) else size for size in layer_sizes]
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size, got {shown}")
    for size in layer_sizes:
        if not is_whole_number(size):
            raise TypeError(f"layer_sizes must hold whole numbers, got {shown}")
        if size < 1:
            raise ValueError(f"every layer needs at least one unit, got layer_sizes {shown}")
    sizes = tuple(int(size) for size in layer_sizes)
    n_parameters = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:], strict=False))
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(f"layer_sizes {list(sizes)} needs {n_parameters:,} weights and biases; "
                         f"nnlib allows at most {MAX_PARAMETERS:,} (MAX_PARAMETERS, 400 MB): use "
                         "smaller layers")
    return sizes


def check_activations(X, layer_sizes, name="X"):
    """Raise, before a forward pass allocates them, if X's activations would be absurdly many."""
    n_activations = X.shape[0] * sum(layer_sizes[1:])
    if n_activations > MAX_ACTIVATIONS:
        raise ValueError(f"{name} has {X.shape[0]:,} samples: layers {list(layer_sizes)} would "
                         f"hold {n_activations:,} activations, more than nnlib allows "
                         f"({MAX_ACTIVATIONS:,}, MAX_ACTIVATIONS); pass fewer samples at a time")


def check_seed(seed):
    """Return a numpy Generator from an int seed >= 0, a Generator, or None."""
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)  # a Generator is returned as it is
    if not is_whole_number(seed):
        raise TypeError(f"seed must be a whole number, a numpy Generator or None, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be at least 0, got {seed}")
    return np.random.default_rng(seed)
