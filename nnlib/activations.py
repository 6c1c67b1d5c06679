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


def _softmax(z):
    # minus each row's largest z: the same result, but exp <= 1 (no overflow) and the sum >= 1
    z -= z.max(axis=-1, keepdims=True)
    exp = np.exp(z, out=z)
    exp /= exp.sum(axis=-1, keepdims=True)
    return exp


# name -> (f, backward), unchecked, for models that validated their inputs: f may overwrite z
# (a network's z is its own); backward(delta, a) is delta * f'(z), written through the output
# a = f(z), which backpropagation keeps. softmax has no elementwise derivative; networks pair it
# with cross-entropy (see losses.py).
ACTIVATIONS = {
    "sigmoid": (_sigmoid, lambda delta, a: delta * a * (1.0 - a)),
    "tanh": (lambda z: np.tanh(z, out=z), lambda delta, a: delta * (1.0 - a * a)),
    "relu": (lambda z: np.maximum(z, 0.0, out=z), lambda delta, a: delta * (a > 0)),
    "leaky_relu": (lambda z, slope=LEAKY_SLOPE: np.where(z > 0, z, slope * z),
                   lambda delta, a, slope=LEAKY_SLOPE: delta * np.where(a > 0, 1.0, slope)),
    "softmax": (_softmax, None),
}


def _apply(name, part, z, *args):
    """ACTIVATIONS[name]'s f (part 0) at z, or its derivative f'(z) (part 1), checked."""
    z = as_array(z, "z").copy()  # the caller's array stays as it is
    function, backward = ACTIVATIONS[name]
    with np.errstate(over="ignore"):
        a = function(z, *args)
        if part == 1:  # (leaky) ReLU's output has z's sign, so f'(z) reads the same from a
            a = backward(1.0, a, *args)
    return float(a) if a.ndim == 0 else a


def _slope(slope):
    if not is_real_number(slope):
        raise TypeError(f"slope must be a number in [0, 1], got {slope!r}")
    if not 0 <= slope <= 1:
        raise ValueError(f"slope must be a number in [0, 1], got {slope!r}")
    return float(slope)


def sigmoid(z):
    """Logistic function 1 / (1 + e^-z), elementwise, in [0, 1]; never overflows or warns.
    z : number or array of any shape, giving a float or an array of that shape (as below)."""
    return _apply("sigmoid", 0, z)


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the PRE-ACTIVATION z: sigma(z) * (1 - sigma(z))."""
    return _apply("sigmoid", 1, z)


def sigmoid_derivative_from_output(a):
    """Derivative of the sigmoid written in terms of its OUTPUT a = sigma(z): a * (1 - a).
    a : number or array with values in [0, 1] (the neuron's output, after the activation)."""
    a = as_array(a, "a")
    if np.any((a < 0) | (a > 1)):
        raise ValueError("a must be a sigmoid output in [0, 1]; to differentiate at a "
                         "pre-activation z use sigmoid_derivative(z)")
    return float(a * (1.0 - a)) if a.ndim == 0 else a * (1.0 - a)


def tanh(z):
    """Hyperbolic tangent (e^z - e^-z) / (e^z + e^-z), elementwise, in [-1, 1]."""
    return _apply("tanh", 0, z)


def tanh_derivative(z):
    """Derivative of tanh at the pre-activation z: 1 - tanh(z)^2."""
    return _apply("tanh", 1, z)


def relu(z):
    """Rectified linear unit max(z, 0), elementwise."""
    return _apply("relu", 0, z)


def relu_derivative(z):
    """Derivative of ReLU at the pre-activation z: 1 where z > 0, else 0 (0 at z = 0)."""
    return _apply("relu", 1, z)


def leaky_relu(z, slope=LEAKY_SLOPE):
    """Leaky ReLU: z where z > 0, else slope * z, elementwise; slope in [0, 1]."""
    return _apply("leaky_relu", 0, z, _slope(slope))


def leaky_relu_derivative(z, slope=LEAKY_SLOPE):
    """Derivative of leaky ReLU at the pre-activation z: 1 where z > 0, else slope."""
    return _apply("leaky_relu", 1, z, _slope(slope))


def softmax(z):
    """Probabilities e^z / sum(e^z) over the LAST axis, each row summing to 1; never overflows.
    z : scores of shape (n_classes,) or (n_samples, n_classes), giving an array of that shape."""
    if np.ndim(as_array(z, "z")) == 0:
        raise ValueError("z must hold one score per class, (n_classes,) or (n_samples, n_classes)")
    return _apply("softmax", 0, z)  # z - max may overflow to -inf, whose exp is the right 0
