"""nnlib.diagnostics: every layer's outputs and statistics against a numpy loop written here,
gradients against central differences, update ratios against a step taken by hand, and the
argument checks."""

import subprocess
import sys

import numpy as np
import pytest

import nnlib
from nnlib import diagnostics

rng = np.random.default_rng(3)
X = rng.normal(size=(9, 4))
ONE_HOT = np.eye(3)[rng.integers(0, 3, size=9)]

HIDDEN = {  # f(z) and f'(z), written independently of nnlib
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1, 0.01)),
}
LARGEST = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0}


def network(hidden, seed=0):
    net = nnlib.Network([4, 5, 6, 3], seed=seed, activation=hidden, output="softmax",
                        loss="cross_entropy")
    net.biases = [np.random.default_rng(seed).normal(size=b.shape) for b in net.biases]
    return net


def loop_forward(net, hidden, X):
    """(zs, outputs) of every layer, one line per idea."""
    f, _ = HIDDEN[hidden]
    zs, outputs, a = [], [], X
    for layer, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        z = a @ w + b
        if layer < len(net.weights) - 1:
            a = f(z)
        else:
            exp = np.exp(z - z.max(axis=1, keepdims=True))
            a = exp / exp.sum(axis=1, keepdims=True)
        zs.append(z)
        outputs.append(a)
    return zs, outputs


@pytest.mark.parametrize("hidden", list(HIDDEN))
def test_layer_outputs_are_every_layers_forward_pass(hidden):
    net = network(hidden)
    outputs = diagnostics.layer_outputs(net, X)
    _, expected = loop_forward(net, hidden, X)
    assert [a.shape for a in outputs] == [(9, 5), (9, 6), (9, 3)]
    for ours, theirs in zip(outputs, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(outputs[-1], net.feedforward(X), rtol=1e-12)


@pytest.mark.parametrize("hidden", list(HIDDEN))
def test_layer_statistics_match_a_loop_and_finite_differences(hidden):
    net = network(hidden)
    learning_rate = 0.3
    statistics = diagnostics.layer_statistics(net, X, ONE_HOT, learning_rate=learning_rate)
    zs, outputs = loop_forward(net, hidden, X)
    assert len(statistics) == 3
    for layer, (stat, a, z, w) in enumerate(zip(statistics, outputs, zs, net.weights,
                                               strict=True)):
        assert stat.units == a.shape[1]
        assert stat.mean == pytest.approx(np.mean(a), rel=1e-12, abs=1e-15)
        assert stat.std == pytest.approx(np.std(a), rel=1e-12)
        numerical = nnlib.numerical_gradient(lambda _: net.loss(X, ONE_HOT), w)
        gradient_rms = np.sqrt(np.mean(numerical**2))
        assert stat.gradient_rms == pytest.approx(gradient_rms, rel=1e-5)
        assert stat.weight_rms == pytest.approx(np.sqrt(np.mean(w**2)), rel=1e-12)
        assert stat.update_ratio == pytest.approx(learning_rate * gradient_rms / stat.weight_rms,
                                                  rel=1e-5)
        if layer == 2:  # softmax: no slope of its own
            assert (stat.activation, stat.flat, stat.dead) == ("softmax", None, None)
            continue
        assert stat.activation == hidden
        slope = HIDDEN[hidden][1](z)
        is_flat = slope < 0.1 * LARGEST[hidden]
        assert stat.flat == pytest.approx(np.mean(is_flat))
        assert stat.dead == sum(all(is_flat[:, unit]) for unit in range(z.shape[1]))


def test_a_relu_unit_that_never_fires_is_dead():
    net = network("relu")
    net.biases[0][[1, 3]] = -100.0  # units 1 and 3 of the first layer: z < 0 for every sample
    first = diagnostics.layer_statistics(net, X, ONE_HOT)[0]
    assert first.dead == 2
    assert first.flat >= 2 / 5
    assert first.update_ratio is None


def test_tanh_with_huge_weights_saturates_and_small_weights_do_not():
    big = network("tanh")
    big.weights = [w * 50 for w in big.weights]
    small = network("tanh")
    small.weights = [w * 0.01 for w in small.weights]
    small.biases = [b * 0 for b in small.biases]
    assert diagnostics.layer_statistics(big, X, ONE_HOT)[1].flat > 0.8
    assert diagnostics.layer_statistics(small, X, ONE_HOT)[1].flat == 0.0


def test_vanishing_gradients_in_a_deep_sigmoid_network():
    deep = nnlib.Network([4] + [8] * 8 + [3], seed=0, output="softmax", loss="cross_entropy")
    statistics = diagnostics.layer_statistics(deep, X, ONE_HOT)
    assert statistics[0].gradient_rms < 1e-3 * statistics[-1].gradient_rms


def test_update_ratios_measure_a_step_taken_by_hand():
    net = network("tanh")
    before = [w.copy() for w in net.weights]
    dweights, _ = net.gradients(X, ONE_HOT)
    for w, g in zip(net.weights, dweights, strict=True):
        w -= 0.5 * g
    ratios = diagnostics.update_ratios(before, net.weights)
    expected = [np.sqrt(np.mean((0.5 * g) ** 2)) / np.sqrt(np.mean(w**2))
                for w, g in zip(before, dweights, strict=True)]
    np.testing.assert_allclose(ratios, expected, rtol=1e-9)
    statistics = diagnostics.layer_statistics(network("tanh"), X, ONE_HOT, learning_rate=0.5)
    np.testing.assert_allclose(ratios, [s.update_ratio for s in statistics], rtol=1e-9)


def test_update_ratios_of_weights_that_did_not_move_or_started_at_zero():
    assert diagnostics.update_ratios([np.ones(3)], [np.ones(3)]) == [0.0]
    assert diagnostics.update_ratios([np.zeros(3)], [np.zeros(3)]) == [0.0]
    assert diagnostics.update_ratios([np.zeros(3)], [np.ones(3)]) == [float("inf")]
    assert diagnostics.update_ratios((np.full(4, 2.0),), [np.full(4, 2.2)]) == [
        pytest.approx(0.1)]


def test_relative_error_is_the_distance_over_the_larger_length():
    a = np.array([3.0, 4.0])
    assert diagnostics.relative_error(a, a) == 0.0
    assert diagnostics.relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert diagnostics.relative_error(a, np.zeros(2)) == 1.0
    assert diagnostics.relative_error(a, -a) == 2.0
    assert diagnostics.relative_error(a, [3.0, 4.5]) == pytest.approx(0.5 / np.hypot(3, 4.5))
    assert diagnostics.relative_error(1e-12 * a, 1e-12 * np.array([3.0, 4.5])) == pytest.approx(
        0.5 / np.hypot(3, 4.5))  # relative: the scale of the gradient does not matter
    assert diagnostics.relative_error([[1.0]], [[2.0]]) == 0.5


def test_gradient_check_tells_a_right_backward_pass_from_a_wrong_one():
    net = network("relu")
    dweights, _ = net.gradients(X, ONE_HOT)

    def loss(_):
        return net.loss(X, ONE_HOT)

    assert diagnostics.gradient_check(loss, net.weights[1], dweights[1]) < 1e-7
    assert diagnostics.gradient_check(loss, net.weights[1], 2 * dweights[1]) > 0.4
    assert diagnostics.gradient_check(loss, net.weights[1], dweights[1].T[::-1].T) > 0.1


def test_diagnostics_load_on_use_not_with_import_nnlib():
    code = ("import sys, nnlib\nprint('nnlib.diagnostics' in sys.modules, "
            "'nnlib.batchnorm' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert output == ["False", "False"]


# --- the input contract -------------------------------------------------------------------------


@pytest.mark.parametrize("function", [
    lambda net: diagnostics.layer_outputs(net, X),
    lambda net: diagnostics.layer_statistics(net, X, ONE_HOT),
])
def test_a_network_is_required(function):
    with pytest.raises(TypeError, match="network must be an nnlib.Network, got list"):
        function([np.ones((4, 3))])


@pytest.mark.parametrize(("call", "error", "says"), [
    (lambda net: diagnostics.layer_outputs(net, X[:, :3]), ValueError, "X must have 4 features"),
    (lambda net: diagnostics.layer_outputs(net, X[0]), ValueError, "X must be 2-D"),
    (lambda net: diagnostics.layer_outputs(net, "pixels"), TypeError, "X must be numeric"),
    (lambda net: diagnostics.layer_statistics(net, X, ONE_HOT[:5]), ValueError,
     "same number of rows"),
    (lambda net: diagnostics.layer_statistics(net, X, ONE_HOT * 2), ValueError,
     "y must hold probabilities"),
    (lambda net: diagnostics.layer_statistics(net, X, ONE_HOT, learning_rate=-1), ValueError,
     "learning_rate must be a positive"),
    (lambda net: diagnostics.layer_statistics(net, X, ONE_HOT, learning_rate="0.1"), TypeError,
     "learning_rate must be a number"),
])
def test_bad_data_is_refused_naming_the_argument(call, error, says):
    with pytest.raises(error, match=says):
        call(network("relu"))


def test_weights_that_overflow_are_an_error_not_a_warning():
    net = network("relu")
    net.weights = [w * 1e200 for w in net.weights]
    with pytest.raises(ValueError, match="overflowed"):
        diagnostics.layer_outputs(net, X)


@pytest.mark.parametrize(("before", "after", "error", "says"), [
    (np.ones(3), [np.ones(3)], TypeError, "before and after must be lists"),
    ([np.ones(3)], [np.ones(3), np.ones(3)], ValueError, "one array per layer each, got 1 and 2"),
    ([], [], ValueError, "one array per layer"),
    ([np.ones(3)], [np.ones(4)], ValueError, r"before\[0\] and after\[0\] must have the same"),
    ([np.ones(3)], [[1, 2, np.nan]], ValueError, r"after\[0\] contains 1 NaN"),
])
def test_update_ratios_refuse_mismatched_lists(before, after, error, says):
    with pytest.raises(error, match=says):
        diagnostics.update_ratios(before, after)


def test_relative_error_refuses_gradients_of_different_shapes():
    with pytest.raises(ValueError, match="analytic and numerical must have the same shape"):
        diagnostics.relative_error(np.ones((2, 3)), np.ones((3, 2)))


def test_rms_of_an_array():
    assert diagnostics.rms([[3.0], [-4.0]]) == pytest.approx(np.sqrt(12.5))
    with pytest.raises(ValueError, match="array is empty"):
        diagnostics.rms([])
