"""A single neuron: weighted sum of the inputs, plus a bias, through the sigmoid."""

import numpy as np

from nnlib.activations import sigmoid
from nnlib.validation import as_array, as_samples


class Neuron:
    """One sigmoid neuron with fixed weights and bias.

    weights : array of shape (n_inputs,), one weight per input.
    bias : number.
    """

    def __init__(self, weights, bias):
        weights = as_array(weights, "weights")
        if weights.ndim != 1:
            raise ValueError(
                f"weights must be 1-D with shape (n_inputs,), got shape {weights.shape}"
            )
        bias = as_array(bias, "bias")
        if bias.ndim != 0:
            raise ValueError(f"bias must be a single number, got shape {bias.shape}")
        self.weights = weights
        self.bias = float(bias)

    def feedforward(self, x):
        """Output sigmoid(x . weights + bias).

        x : shape (n_inputs,) for one input, giving a float; or (n_samples, n_inputs), giving
        an array of shape (n_samples,).
        """
        X, single = as_samples(x, "x", len(self.weights))
        a = sigmoid(X @ self.weights + self.bias)  # (n_samples,)
        return float(a[0]) if single else a

    def __repr__(self):
        return f"Neuron(weights={np.round(self.weights, 4).tolist()}, bias={round(self.bias, 4)})"
