"""nnlib: the small numpy library behind the "Neural networks from scratch" course.

Importing nnlib imports numpy only. Generated data sets (`from nnlib import toy_data`) and the
course kit (`nnlib.course`: views, plots, exercise checks) load when you import them.
"""

from nnlib import data
from nnlib.activations import (
    leaky_relu,
    leaky_relu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    sigmoid_derivative_from_output,
    softmax,
    tanh,
    tanh_derivative,
)
from nnlib.gradcheck import numerical_gradient
from nnlib.losses import (
    cross_entropy,
    cross_entropy_gradient,
    mse,
    mse_gradient,
    softmax_cross_entropy_gradient,
    sse,
    sse_gradient,
)
from nnlib.metrics import accuracy, confusion_matrix, one_hot, to_labels
from nnlib.network import Network
from nnlib.neuron import Neuron
from nnlib.perceptron import Perceptron
from nnlib.training import History

__all__ = [  # the math a learner reads; the course kit is nnlib.course
    "History", "Network", "Neuron", "Perceptron", "accuracy", "confusion_matrix", "cross_entropy",
    "cross_entropy_gradient", "data", "leaky_relu", "leaky_relu_derivative", "mse", "mse_gradient",
    "numerical_gradient", "one_hot", "relu", "relu_derivative", "sigmoid", "sigmoid_derivative",
    "sigmoid_derivative_from_output", "softmax", "softmax_cross_entropy_gradient", "sse",
    "sse_gradient", "tanh", "tanh_derivative", "to_labels",
]
