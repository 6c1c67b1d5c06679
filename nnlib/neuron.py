"""A single neuron: weighted sum of the inputs, plus a bias, through the sigmoid."""

import numpy as np

from nnlib.activations import _sigmoid
from nnlib.validation import as_parameter, as_samples, check_finite

SCALE_HINT = "scale the inputs x or the weights down"


class Neuron:
    """One sigmoid neuron with fixed weights and bias.

    weights : array of shape (n_inputs,), one weight per input; bias : number. A learner may
    assign or edit both later; they are checked every time they are used.
    """

    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias
        self._check_parameters()

    def feedforward(self, x):
        """Output sigmoid(x . weights + bias): x (n_inputs,) gives a float; (n_samples, n_inputs)
        gives an array (n_samples,)."""
        weights, bias = self._check_parameters()
        X, single = as_samples(x, "x", len(weights))
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is checked, not warned
            z = check_finite(X @ weights + bias, "z = x . weights + bias", SCALE_HINT)
            a = _sigmoid(z)  # (n_samples,)
        return float(a[0]) if single else a

    def _check_parameters(self):
        """Check (and convert to float) the weights and bias a learner may have assigned."""
        self.weights = as_parameter(self.weights, "Neuron.weights", 1, "1-D (n_inputs,)")
        self.bias = float(as_parameter(self.bias, "Neuron.bias", 0, "a single number"))
        return self.weights, self.bias

    def __repr__(self):
        weights, bias = self._check_parameters()
        return f"Neuron(weights={np.round(weights, 4).tolist()}, bias={round(bias, 4)})"
