"""Numerical gradients by central differences, to check hand-derived backpropagation."""

import numpy as np

from nnlib.validation import as_array, check_finite, is_real_number


def numerical_gradient(f, x, epsilon=1e-6):
    """Estimate the gradient of the scalar function f at x: (f(x + e) - f(x - e)) / 2e per entry,
    an array of x's shape. f : callable taking x and returning a number.
    x : writable float64 numpy array of any shape. It is nudged IN PLACE and restored, so f may
        also read it through another reference, e.g. ``numerical_gradient(lambda _:
        net.loss(X, y), net.weights[0])``.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {f!r}")
    _check_nudgeable(x)
    as_array(x, "x")  # finite and not empty
    if not (is_real_number(epsilon) and 0 < epsilon < np.inf):
        raise ValueError(f"epsilon must be a small positive number, got {epsilon!r}")

    gradient = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        if original + epsilon == original:
            raise ValueError(f"epsilon={epsilon:g} is too small to change "
                             f"x{list(index)}={original:g} (float64 keeps about 16 digits); pass a "
                             "larger epsilon or scale x")
        try:
            x[index] = original + epsilon
            f_plus = _scalar(f(x))
            x[index] = original - epsilon
            f_minus = _scalar(f(x))
        finally:
            x[index] = original  # restored even when f fails
        gradient[index] = (f_plus - f_minus) / (2 * epsilon)
    return check_finite(gradient, "numerical_gradient", "f's values differ by too much")


def _check_nudgeable(x):
    """Refuse an x that nudging in place would not reach f through: that gives silent zeros."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.writeable:
        return
    given = f"a {type(x).__name__}"
    if isinstance(x, np.ndarray):
        given = f"a {'' if x.flags.writeable else 'read-only '}numpy array of {x.dtype}"
    raise TypeError("numerical_gradient nudges x in place, so x must be a writable float64 numpy "
                    "array that f reads (a converted copy would be nudged while f reads the "
                    f"original: a silent zero gradient); got {given}. Convert it first and pass "
                    "the converted array, e.g. net.weights[0] = np.array(net.weights[0], "
                    "dtype=float)")


def _scalar(value):
    value = np.asarray(value, dtype=float)
    if value.size != 1 or not np.isfinite(value):
        raise ValueError(f"f must return one finite number, got {value!r}")
    return float(value)
