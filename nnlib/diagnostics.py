"""Looking inside a network that does not train: every layer's outputs and gradients, how far
one step moves the weights, and how far a backward pass is from a numerical gradient.

Loaded on use (``from nnlib import diagnostics``), not by ``import nnlib``. Every function takes
a `Network` and data and returns numbers; nothing here changes the network.
"""

from typing import NamedTuple

import numpy as np

from nnlib.activations import ACTIVATIONS
from nnlib.gradcheck import numerical_gradient
from nnlib.network import SCALE_HINT, Network
from nnlib.validation import (
    as_array,
    as_matrix,
    check_finite,
    check_learning_rate,
    check_same_shape,
)

# A unit passes "almost no gradient" for a sample where its slope f'(z) is below this share of
# the activation's largest slope: sigmoid outputs below 0.026 or above 0.974, tanh outputs
# beyond +-0.949, and (leaky) ReLU units whose z is negative.
FLAT_SHARE = 0.1
LARGEST_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0}


class LayerStatistics(NamedTuple):
    """What one layer of weights does on a batch (``layer_statistics`` gives one per layer).

    units : the layer's number of units; activation : its activation's name.
    mean, std : of the layer's outputs a over all samples and units.
    flat : share of the outputs (samples x units) where the slope f'(z) is below FLAT_SHARE of
        its largest (a saturated sigmoid or tanh, a ReLU at 0); None for softmax, which has no
        slope of its own.
    dead : units that are flat for EVERY sample of the batch: they pass no gradient back at all
        (None for softmax).
    gradient_rms, weight_rms : root mean square of dL/dweights and of the weights.
    update_ratio : learning_rate * gradient_rms / weight_rms, the size of a plain
        gradient-descent step against the weights' own size (inf for weights all 0 that a
        step would move); None when no learning_rate is given.
    """

    units: int
    activation: str
    mean: float
    std: float
    flat: float | None
    dead: int | None
    gradient_rms: float
    weight_rms: float
    update_ratio: float | None


def rms(array):
    """Root mean square sqrt(mean(array^2)) of a numeric array of any shape, a float."""
    array = as_array(array, "array")
    return float(np.sqrt(np.mean(array * array)))


def layer_outputs(network, X):
    """Every layer's outputs [a_1, ..., a_L] for X (n_samples, n_inputs): a list of arrays
    (n_samples, units of that layer), the last one the network's output."""
    _check_network(network)
    sizes = network.layer_sizes  # checks the weights and biases
    X = as_matrix(X, "X", sizes[0])
    outputs, a = [], X
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
        for weights, biases, name in zip(network.weights, network.biases,
                                         _activation_names(network), strict=True):
            z = a @ weights + biases  # (n_samples, n_out)
            check_finite(z, "the weighted sums z = a @ weights + biases", SCALE_HINT)
            a = ACTIVATIONS[name][0](z)
            outputs.append(a)
    return outputs


def layer_statistics(network, X, y, learning_rate=None):
    """A `LayerStatistics` for every layer of weights, input side first, on the batch X
    (n_samples, n_inputs) with targets y (n_samples, n_outputs); learning_rate, if given,
    sizes a plain gradient-descent step for `update_ratio`."""
    _check_network(network)
    if learning_rate is not None:
        learning_rate = check_learning_rate(learning_rate)
    dweights, _ = network.gradients(X, y)  # checks X and y, and that nothing overflowed
    statistics = []
    for a, name, weights, gradient in zip(layer_outputs(network, X), _activation_names(network),
                                          network.weights, dweights, strict=True):
        flat = dead = None
        backward = ACTIVATIONS[name][1]
        if backward is not None:  # f'(z), read from the output a as backpropagation does
            is_flat = backward(1.0, a) < FLAT_SHARE * LARGEST_SLOPE[name]  # (n_samples, units)
            flat = float(np.mean(is_flat))
            dead = int(np.count_nonzero(is_flat.all(axis=0)))
        gradient_rms, weight_rms = rms(gradient), rms(weights)
        statistics.append(LayerStatistics(
            units=a.shape[1], activation=name, mean=float(a.mean()), std=float(a.std()),
            flat=flat, dead=dead, gradient_rms=gradient_rms, weight_rms=weight_rms,
            update_ratio=None if learning_rate is None else _ratio(learning_rate * gradient_rms,
                                                                  weight_rms),
        ))
    return statistics


def update_ratios(before, after):
    """How far a step moved each array: rms(after - before) / rms(before), one float per array.
    before, after : lists of arrays of matching shapes, e.g. copies of `network.weights` taken
    before and after a step (inf for an array of zeros that moved, 0 for one that did not)."""
    if not isinstance(before, list | tuple) or not isinstance(after, list | tuple):
        raise TypeError("before and after must be lists of arrays, e.g. [w.copy() for w in "
                        f"network.weights], got {type(before).__name__} and "
                        f"{type(after).__name__}")
    if len(before) != len(after) or not before:
        raise ValueError(f"before and after need one array per layer each, got {len(before)} "
                         f"and {len(after)}")
    ratios = []
    for layer, (old, new) in enumerate(zip(before, after, strict=True)):
        old, new = as_array(old, f"before[{layer}]"), as_array(new, f"after[{layer}]")
        check_same_shape(old, new, f"before[{layer}]", f"after[{layer}]")
        ratios.append(_ratio(rms(new - old), rms(old)))
    return ratios


def relative_error(analytic, numerical):
    """How far two gradients of the same shape are apart, relative to their size:
    ||analytic - numerical|| / max(||analytic||, ||numerical||), a float in [0, 2]; 0 when
    both are all zeros. Below about 1e-6 they agree up to rounding; near 1, one is wrong."""
    analytic, numerical = as_array(analytic, "analytic"), as_array(numerical, "numerical")
    check_same_shape(analytic, numerical, "analytic", "numerical")
    size = max(np.linalg.norm(analytic), np.linalg.norm(numerical))
    return 0.0 if size == 0 else float(np.linalg.norm(analytic - numerical) / size)


def gradient_check(f, x, gradient, epsilon=1e-6):
    """The relative error between `gradient` (e.g. from a backward pass you wrote) and the
    numerical gradient of the scalar function f at x, by central differences (see
    `numerical_gradient`, which nudges x in place and restores it)."""
    return relative_error(gradient, numerical_gradient(f, x, epsilon))


def _ratio(step, size):
    if size == 0:
        return float("inf") if step > 0 else 0.0
    return float(step / size)


def _check_network(network):
    if not isinstance(network, Network):
        raise TypeError(f"network must be an nnlib.Network, got {type(network).__name__}")


def _activation_names(network):
    """The activation of every layer, as the network applies them (its own private choice)."""
    return network._names(len(network.layer_sizes))
