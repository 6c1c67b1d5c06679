"""Backpropagation agrees with central differences for several layer shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

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


# --- numerical_gradient nudges x in place: what it cannot nudge is refused, never silent zeros


def _read_only(values):
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


@pytest.mark.parametrize(
    ("x", "given"),
    [
        (np.array([1, -2, 3]), "numpy array of int64"),
        (np.array([1.0, -2.0, 3.0], dtype=np.float32), "numpy array of float32"),
        (np.array([1.0, -2.0, 3.0], dtype=np.float16), "numpy array of float16"),
        (np.array([True, False]), "numpy array of bool"),
        ([1.0, -2.0, 3.0], "list"),
        ((1.0, -2.0, 3.0), "tuple"),
        (_read_only([1.0, -2.0, 3.0]), "read-only numpy array of float64"),
    ],
)
def test_numerical_gradient_refuses_an_x_it_cannot_nudge_in_place(x, given):
    with pytest.raises(TypeError, match=rf"nudges x in place.*writable float64.*got a {given}"):
        nnlib.numerical_gradient(lambda v: np.sum(np.asarray(v, dtype=float) ** 2), x)


def test_integer_weights_assigned_by_a_learner_are_refused_then_checked_after_converting():
    # the article's integer weights: a float copy would be nudged while net.loss reads the
    # integer original, and every entry of the gradient would come out 0
    X, y = np.array([[2.0, 3.0], [-1.0, 0.5]]), np.array([[1.0], [0.0]])
    net = nnlib.Network([2, 2, 1])
    net.weights[0] = np.array([[0, 1], [1, 0]])
    with pytest.raises(TypeError, match=r"net\.weights\[0\] = np\.array\(net\.weights\[0\]"):
        nnlib.numerical_gradient(lambda _: net.loss(X, y), net.weights[0])
    net.weights[0] = np.array(net.weights[0], dtype=float)  # what the message says to do
    numerical = nnlib.numerical_gradient(lambda _: net.loss(X, y), net.weights[0])
    np.testing.assert_allclose(numerical, net.gradients(X, y)[0][0], rtol=1e-6, atol=1e-10)
    assert np.any(numerical != 0)


def test_numerical_gradient_refuses_an_epsilon_too_small_to_change_x():
    # 1e20 + 1e-6 == 1e20 in float64: both nudges would give the same f, a silent zero
    with pytest.raises(ValueError, match=r"epsilon=1e-06 is too small to change x\[1\]=1e\+20"):
        nnlib.numerical_gradient(lambda v: np.sum(v**2), np.array([1.0, 1e20]))


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.array([1.0, 2.0])

    def f(v):
        if v[0] != 1.0:
            raise RuntimeError("f failed while x[0] was nudged")
        return float(np.sum(v))

    with pytest.raises(RuntimeError):
        nnlib.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_that_overflows_says_so():
    with pytest.raises(ValueError, match="numerical_gradient overflowed"):
        nnlib.numerical_gradient(lambda v: 1e308 * np.tanh(v[0] * 1e10), np.array([0.0]))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(hnp.arrays(float, hnp.array_shapes(max_dims=2, max_side=4), elements=st.floats(-5, 5)))
def test_numerical_gradient_matches_a_known_derivative_for_any_shape(x):
    numerical = nnlib.numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_allclose(numerical, np.cos(x), atol=1e-8)


# --- every hidden activation with every output / loss pair, at several depths ------------------

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu"]
OUTPUT_LOSS = [("sigmoid", "mse"), ("sigmoid", "sse"), ("softmax", "cross_entropy")]
DEPTHS = [[3, 4, 2], [3, 5, 4, 3], [4, 3, 3, 3, 3]]


def _targets(rng, n, n_outputs, output):
    if output == "softmax":
        return np.eye(n_outputs)[rng.integers(0, n_outputs, size=n)]  # one-hot rows
    return rng.random((n, n_outputs))


def _assert_backprop_matches_central_differences(network, X, y):
    dweights, dbiases = network.gradients(X, y)
    for analytic, parameter in zip(
        dweights + dbiases, network.weights + network.biases, strict=True
    ):
        numerical = nnlib.numerical_gradient(lambda _: network.loss(X, y), parameter)
        np.testing.assert_allclose(analytic, numerical, rtol=1e-5, atol=1e-8)


def _away_from_kinks(network, X, hidden):
    """(Leaky) ReLU has a kink at z = 0, where a central difference straddles two slopes; the
    seeded data must keep every weighted sum clear of it."""
    a = X
    for weights, biases in zip(network.weights[:-1], network.biases[:-1], strict=True):
        z = a @ weights + biases
        assert np.min(np.abs(z)) > 1e-4
        a = {"sigmoid": nnlib.sigmoid, "tanh": nnlib.tanh, "relu": nnlib.relu,
             "leaky_relu": nnlib.leaky_relu}[hidden](z)


@pytest.mark.parametrize("layer_sizes", DEPTHS, ids=lambda sizes: "-".join(map(str, sizes)))
@pytest.mark.parametrize(("output", "loss"), OUTPUT_LOSS, ids=lambda v: v)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_central_differences_for_every_activation_and_loss(
    hidden, output, loss, layer_sizes
):
    rng = np.random.default_rng(3)
    network = nnlib.Network(layer_sizes, seed=11, activation=hidden, output=output, loss=loss)
    network.biases = [rng.normal(scale=0.5, size=b.shape) for b in network.biases]
    X = rng.normal(size=(7, layer_sizes[0]))
    _away_from_kinks(network, X, hidden)
    _assert_backprop_matches_central_differences(network, X, _targets(rng, 7, layer_sizes[-1],
                                                                      output))


@pytest.mark.parametrize(("output", "loss"), OUTPUT_LOSS, ids=lambda v: v)
def test_backprop_without_hidden_layers_matches_central_differences(output, loss):
    rng = np.random.default_rng(8)
    network = nnlib.Network([4, 3], seed=1, output=output, loss=loss)
    X = rng.normal(size=(5, 4))
    _assert_backprop_matches_central_differences(network, X, _targets(rng, 5, 3, output))


@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_a_hand_written_two_layer_network(hidden):
    # independent of nnlib's layer loop: the 2-layer formulas written out in numpy
    rng = np.random.default_rng(4)
    network = nnlib.Network([3, 5, 4], seed=6, activation=hidden, output="softmax",
                            loss="cross_entropy")
    X = rng.normal(size=(8, 3))
    y = np.eye(4)[rng.integers(0, 4, size=8)]
    (w1, w2), (b1, b2) = network.weights, network.biases
    z1 = X @ w1 + b1
    functions = {
        "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
        "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
        "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: np.where(z > 0, 1.0, 0.0)),
        "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1, 0.01)),
    }
    f, f_prime = functions[hidden]
    a1 = f(z1)
    z2 = a1 @ w2 + b2
    y_hat = np.exp(z2) / np.exp(z2).sum(axis=1, keepdims=True)
    delta2 = (y_hat - y) / 8
    delta1 = (delta2 @ w2.T) * f_prime(z1)
    dweights, dbiases = network.gradients(X, y)
    expected = [X.T @ delta1, a1.T @ delta2, delta1.sum(axis=0), delta2.sum(axis=0)]
    for got, want in zip(dweights + dbiases, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    assert network.loss(X, y) == pytest.approx(-np.mean(np.sum(y * np.log(y_hat), axis=1)))
