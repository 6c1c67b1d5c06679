"""The sigmoid activation and its derivative.

Two conventions for "the sigmoid derivative" appear in tutorials. nnlib names both:

* ``sigmoid_derivative(z)`` takes the pre-activation ``z`` and returns sigma'(z).
* ``sigmoid_derivative_from_output(a)`` takes the neuron's output ``a = sigma(z)`` and
  returns ``a * (1 - a)``, which is the same number computed from the output.
"""

import numpy as np

from nnlib.validation import as_array


def _sigmoid(z):
    # exp(-z) overflows to inf for z < -709; 1 / (1 + inf) is then exactly 0.0, the right
    # answer, so callers silence the overflow flag around this (see `sigmoid`).
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), elementwise; never overflows or warns.

    z : number or array of any shape. Returns a float or an array of the same shape,
    with values in [0, 1].
    """
    z = as_array(z, "z")
    with np.errstate(over="ignore"):
        a = _sigmoid(z)
    return float(a) if a.ndim == 0 else a


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the PRE-ACTIVATION z: sigma(z) * (1 - sigma(z)).

    z : number or array of any shape (the weighted sum, before the activation).
    """
    a = np.asarray(sigmoid(z))
    derivative = a * (1.0 - a)
    return float(derivative) if derivative.ndim == 0 else derivative


def sigmoid_derivative_from_output(a):
    """Derivative of the sigmoid written in terms of its OUTPUT a = sigma(z): a * (1 - a).

    a : number or array with values in [0, 1] (the neuron's output, after the activation).
    """
    a = as_array(a, "a")
    if np.any((a < 0) | (a > 1)):
        raise ValueError(
            "a must be a sigmoid output in [0, 1]; to differentiate at a pre-activation z "
            "use sigmoid_derivative(z)"
        )
    derivative = a * (1.0 - a)
    return float(derivative) if derivative.ndim == 0 else derivative
