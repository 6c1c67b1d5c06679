"""Training behaviour: loss goes down, runs are reproducible, History is complete."""

import numpy as np
import pytest

import nnlib


@pytest.mark.parametrize("layer_sizes", [[3, 1], [3, 4, 1], [3, 4, 4, 1]])
def test_training_lowers_the_loss_on_xor_data(xor, layer_sizes):
    X, y = xor
    network = nnlib.Network(layer_sizes, seed=3)
    before = network.loss(X, y)
    history = network.train(X, y, iterations=200, learning_rate=2.0)
    assert network.loss(X, y) < before
    assert history.losses[0] == pytest.approx(before)


def test_training_lowers_the_loss_on_people(people):
    X, y = people
    network = nnlib.Network([2, 2, 1], seed=1)
    history = network.train(X, y, iterations=300, learning_rate=0.5)
    assert history.losses[-1] < history.losses[0]


def test_same_seed_same_network_different_seed_different_network():
    first, second, other = (nnlib.Network([3, 4, 1], seed=s) for s in (5, 5, 6))
    np.testing.assert_array_equal(first.weights[0], second.weights[0])
    assert not np.array_equal(first.weights[0], other.weights[0])


def test_history_has_one_loss_per_iteration(xor):
    X, y = xor
    history = nnlib.Network([3, 2, 1], seed=0).train(X, y, iterations=37)
    assert isinstance(history.losses, np.ndarray)
    assert history.losses.shape == (37,)
    assert history.validation_losses is None


def test_recorded_loss_is_the_loss_before_each_update(xor):
    X, y = xor
    network = nnlib.Network([3, 2, 1], seed=0)
    twin = nnlib.Network([3, 2, 1], seed=0)
    history = network.train(X, y, iterations=5, learning_rate=1.0)
    for loss in history.losses:
        assert loss == pytest.approx(twin.loss(X, y), rel=1e-12)
        twin.train(X, y, iterations=1, learning_rate=1.0)


def test_training_step_is_gradient_descent(xor):
    X, y = xor
    network = nnlib.Network([3, 2, 1], seed=0)
    dweights, dbiases = network.gradients(X, y)
    expected = [w - 0.5 * d for w, d in zip(network.weights, dweights, strict=True)]
    expected_b = [b - 0.5 * d for b, d in zip(network.biases, dbiases, strict=True)]
    network.train(X, y, iterations=1, learning_rate=0.5)
    for got, want in zip(network.weights + network.biases, expected + expected_b, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-14)


def test_validation_losses_are_recorded_without_training_on_them(xor):
    X, y = xor
    network = nnlib.Network([3, 2, 1], seed=0)
    twin = nnlib.Network([3, 2, 1], seed=0)
    history = network.train(X, y, iterations=10, validation_data=(X[:2], y[:2]))
    twin.train(X, y, iterations=10)
    np.testing.assert_array_equal(network.weights[0], twin.weights[0])
    assert history.validation_losses.shape == (10,)


def test_callback_sees_the_losses_so_far(xor):
    X, y = xor
    calls = []
    nnlib.Network([3, 2, 1], seed=0).train(
        X,
        y,
        iterations=25,
        callback=lambda i, losses: calls.append((i, len(losses))),
        callback_every=10,
    )
    assert calls == [(10, 10), (20, 20), (25, 25)]


def test_sse_network_gradients_are_n_values_times_mse_gradients(xor):
    X, y = xor
    mean_net = nnlib.Network([3, 2, 1], seed=0)
    sum_net = nnlib.Network([3, 2, 1], seed=0, loss="sse")
    dw_mean, _ = mean_net.gradients(X, y)
    dw_sum, _ = sum_net.gradients(X, y)
    np.testing.assert_allclose(dw_sum[0], y.size * dw_mean[0])


def test_assigned_list_weights_are_accepted_like_arrays():
    network = nnlib.Network([2, 1])
    network.weights = [[[1], [1]]]
    network.biases = [[0]]
    assert network.feedforward([0, 0])[0] == 0.5


def test_history_repr_is_short_and_rounded(xor):
    X, y = xor
    history = nnlib.Network([3, 2, 1], seed=0).train(X, y, iterations=3)
    assert repr(history).startswith("History(iterations=3, first_loss=0.")
