"""Activation functions a = f(z) and their derivatives.

Every ``*_derivative(z)`` takes the PRE-ACTIVATION z (the weighted sum, before the activation).
Tutorials also write the sigmoid's derivative through its OUTPUT a = sigma(z) as a * (1 - a);
that convention has its own name, ``sigmoid_derivative_from_output(a)``, and takes a.
"""

import numpy as np

from nnlib.validation import as_array, is_real_number

LEAKY_SLOPE = 0.01  # leaky ReLU's slope for z < 0


def _sigmoid(z):
    # exp(-z) overflows to inf for z < -709; 1 / (1 + inf) is then exactly 0.0, the right
    # answer, so callers silence the overflow flag around this (see `_apply`).
    return 1.0 / (1.0 + np.exp(-z))


def _relu(z):
    return np.maximum(z, 0.0)


def _leaky_relu(z, slope=LEAKY_SLOPE):
    return np.where(z > 0, z, slope * z)


def _softmax(z):
    # subtracting each row's largest z changes nothing mathematically and keeps exp <= 1: no
    # overflow, and the sum is at least 1
    exp = np.exp(z - z.max(axis=-1, keepdims=True))
    exp /= exp.sum(axis=-1, keepdims=True)
    return exp


# delta * f'(z), written through the output a = f(z), which backpropagation keeps
def _sigmoid_backward(delta, a):
    return delta * a * (1.0 - a)


def _tanh_backward(delta, a):
    return delta * (1.0 - a * a)


def _relu_backward(delta, a):
    return delta * (a > 0)


def _leaky_relu_backward(delta, a, slope=LEAKY_SLOPE):
    return delta * np.where(a > 0, 1.0, slope)


# name -> (f, backward), unchecked: for models that validated their inputs already. softmax has
# no elementwise backward; the network pairs it with cross-entropy (see losses.py).
ACTIVATIONS = {
    "sigmoid": (_sigmoid, _sigmoid_backward),
    "tanh": (np.tanh, _tanh_backward),
    "relu": (_relu, _relu_backward),
    "leaky_relu": (_leaky_relu, _leaky_relu_backward),
    "softmax": (_softmax, None),
}


def _apply(function, z, *args):
    z = as_array(z, "z")
    with np.errstate(over="ignore"):
        a = function(z, *args)
    return float(a) if a.ndim == 0 else a


def _slope(slope):
    if not (is_real_number(slope) and 0 <= slope <= 1):
        raise ValueError(f"slope must be a number in [0, 1], got {slope!r}")
    return float(slope)


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), elementwise, in [0, 1]; never overflows or warns.

    z : number or array of any shape. Returns a float or an array of the same shape (so do
    all the functions below but softmax).
    """
    return _apply(_sigmoid, z)


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the PRE-ACTIVATION z: sigma(z) * (1 - sigma(z))."""
    return _apply(lambda z: _sigmoid_backward(1.0, _sigmoid(z)), z)


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
    derivative = _sigmoid_backward(1.0, a)
    return float(derivative) if derivative.ndim == 0 else derivative


def tanh(z):
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise, in [-1, 1]."""
    return _apply(np.tanh, z)


def tanh_derivative(z):
    """Derivative of tanh at the pre-activation z: 1 - tanh(z)^2."""
    return _apply(lambda z: _tanh_backward(1.0, np.tanh(z)), z)


def relu(z):
    """Rectified linear unit max(z, 0), elementwise."""
    return _apply(_relu, z)


def relu_derivative(z):
    """Derivative of ReLU at the pre-activation z: 1 where z > 0, else 0 (0 at z = 0)."""
    return _apply(lambda z: _relu_backward(1.0, z), z)


def leaky_relu(z, slope=LEAKY_SLOPE):
    """Leaky ReLU: z where z > 0, else slope * z, elementwise; slope in [0, 1]."""
    return _apply(_leaky_relu, z, _slope(slope))


def leaky_relu_derivative(z, slope=LEAKY_SLOPE):
    """Derivative of leaky ReLU at the pre-activation z: 1 where z > 0, else slope."""
    return _apply(lambda z, slope: _leaky_relu_backward(1.0, z, slope), z, _slope(slope))


def softmax(z):
    """Probabilities e^z / sum(e^z) over the LAST axis; each row sums to 1. Never overflows.

    z : scores of shape (n_classes,) or (n_samples, n_classes). Returns an array of z's shape.
    """
    z = as_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must hold one score per class, shape (n_classes,) or "
                         "(n_samples, n_classes); got a single number")
    with np.errstate(over="ignore"):  # z - max may overflow to -inf, whose exp is the right 0
        return _softmax(z)
