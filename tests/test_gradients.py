"""Backpropagation agrees with central differences for several layer shapes."""

import numpy as np
import pytest

import nnlib


@pytest.mark.parametrize(
    "layer_sizes", [[2, 1], [2, 2, 1], [3, 4, 1], [3, 5, 4, 2], [4, 3, 3, 3, 2]]
)
@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_backprop_matches_numerical_gradient(layer_sizes, loss):
    rng = np.random.default_rng(42)
    network = nnlib.Network(layer_sizes, seed=7, loss=loss)
    network.biases = [rng.normal(size=b.shape) for b in network.biases]
    X = rng.normal(size=(6, layer_sizes[0]))
    y = rng.random((6, layer_sizes[-1]))
    dweights, dbiases = network.gradients(X, y)
    for analytic, parameter in zip(
        dweights + dbiases, network.weights + network.biases, strict=True
    ):
        numerical = nnlib.numerical_gradient(lambda _: network.loss(X, y), parameter)
        np.testing.assert_allclose(analytic, numerical, rtol=1e-5, atol=1e-9)


def test_gradients_have_the_shapes_of_the_parameters():
    network = nnlib.Network([3, 5, 2], seed=0)
    dweights, dbiases = network.gradients(np.ones((4, 3)), np.zeros((4, 2)))
    assert [d.shape for d in dweights] == [(3, 5), (5, 2)]
    assert [d.shape for d in dbiases] == [(5,), (2,)]


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 3.0])
    gradient = nnlib.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(gradient, 2 * x, atol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 3.0])  # restored after nudging
