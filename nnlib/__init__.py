"""nnlib: the small numpy library behind the "Neural networks from scratch" course.

Importing nnlib imports numpy only. Plotting (`nnlib.plots`), widgets (`nnlib.widgets`) and
exercise checks (`nnlib.checks`) load matplotlib / ipywidgets when you import them.
"""

from nnlib import data
from nnlib.activations import sigmoid, sigmoid_derivative, sigmoid_derivative_from_output
from nnlib.gradcheck import numerical_gradient
from nnlib.losses import mse, mse_gradient, sse, sse_gradient
from nnlib.network import Network
from nnlib.neuron import Neuron
from nnlib.perceptron import Perceptron
from nnlib.training import History

__all__ = [
    "History",
    "Network",
    "Neuron",
    "Perceptron",
    "data",
    "mse",
    "mse_gradient",
    "numerical_gradient",
    "sigmoid",
    "sigmoid_derivative",
    "sigmoid_derivative_from_output",
    "sse",
    "sse_gradient",
]
