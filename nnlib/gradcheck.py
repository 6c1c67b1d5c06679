"""Numerical gradients by central differences, to check hand-derived backpropagation."""

import numpy as np

from nnlib.validation import as_array, check_finite, is_real_number


def numerical_gradient(f, x, epsilon=1e-6):
    """Estimate the gradient of the scalar function f at x: (f(x + e) - f(x - e)) / 2e per entry,
    an array of x's shape. f : callable taking x and returning a number; where numpy would warn
    inside it (overflow, division by zero), a ValueError names f, the entry and epsilon.
    x : writable float64 numpy array of any shape. It is nudged IN PLACE and restored, so f may
        also read it through another reference, e.g. ``numerical_gradient(lambda _:
        net.loss(X, y), net.weights[0])``.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {f!r}")
    _check_nudgeable(x)
    as_array(x, "x")  # finite and not empty
    if not is_real_number(epsilon):
        raise TypeError(f"epsilon must be a small positive number, got {epsilon!r}")
    if not 0 < epsilon < np.inf:
        raise ValueError(f"epsilon must be a small positive number, got {epsilon!r}")

    gradient = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original, where = x[index], f"x[{', '.join(map(str, index))}]"
        with np.errstate(over="ignore"):  # checked just below
            nudged = np.array([original + epsilon, original - epsilon])
        if not np.all(np.isfinite(nudged)):
            raise ValueError(f"epsilon={epsilon:g} is too large: {where}={original:g} plus or "
                             "minus epsilon overflows float64; pass a smaller epsilon")
        if nudged[0] == original:
            raise ValueError(f"epsilon={epsilon:g} is too small to change {where}={original:g} "
                             "(float64 keeps about 16 digits); pass a larger epsilon or scale x")
        try:
            f_plus = _value_of(f, x, index, nudged[0], f"{where} + epsilon (epsilon={epsilon:g})")
            f_minus = _value_of(f, x, index, nudged[1], f"{where} - epsilon (epsilon={epsilon:g})")
        finally:
            x[index] = original  # restored even when f fails
        gradient[index] = (f_plus - f_minus) / 2 / epsilon  # not / (2 * epsilon): that can be inf
    return check_finite(gradient, "numerical_gradient",
                        f"f's values differ by too much for epsilon={epsilon:g}")


def _value_of(f, x, index, nudged, where):
    """f(x) with x[index] set to `nudged`, as a float, or raise naming f and `where`."""
    x[index] = nudged
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise"):  # no warnings out
            value = f(x)
    except FloatingPointError as error:
        raise ValueError(f"f failed ({error}) with {where}; a smaller epsilon may help, or f "
                         "cannot be evaluated there") from None
    # a number or an array; anything else (text, None, a list) becomes an object array
    array = value if isinstance(value, np.ndarray) else np.asarray(
        value if is_real_number(value) else None)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"f must return one number (a float), got {value!r:.80} (a "
                        f"{type(value).__name__}) with {where}")
    if array.size != 1:
        raise ValueError(f"f must return one number (a float), got an array of shape "
                         f"{array.shape} with {where}; for a loss, take its mean or sum")
    number = float(array.reshape(()))
    if not np.isfinite(number):
        raise ValueError(f"f returned {number} with {where}: it must return one finite number")
    return number


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
