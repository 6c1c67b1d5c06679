"""Training behaviour: loss goes down, runs are reproducible, History is complete."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _forward_by_hand(weights, biases, X):
    a = X
    for w, b in zip(weights, biases, strict=True):
        a = 1.0 / (1.0 + np.exp(-(a @ w + b)))
    return a


def test_recorded_losses_match_a_hand_forward_pass_with_the_weights_of_that_iteration(xor):
    X, y = xor
    rng = np.random.default_rng(4)
    X_val, y_val = rng.uniform(-1, 2, size=(5, 3)), rng.uniform(0, 1, size=(5, 1))
    network = nnlib.Network([3, 3, 1], seed=2)
    # weights used at iteration k: the start, then what the callback sees after each update
    used = [([w.copy() for w in network.weights], [b.copy() for b in network.biases])]

    def keep(iteration, losses):
        used.append(([w.copy() for w in network.weights], [b.copy() for b in network.biases]))

    history = network.train(
        X, y, 6, learning_rate=2.0, validation_data=(X_val, y_val), callback=keep, callback_every=1
    )
    for k in range(6):
        weights, biases = used[k]
        train_mse = np.mean((_forward_by_hand(weights, biases, X) - y) ** 2)
        val_mse = np.mean((_forward_by_hand(weights, biases, X_val) - y_val) ** 2)
        assert history.losses[k] == pytest.approx(train_mse, rel=1e-12)
        assert history.validation_losses[k] == pytest.approx(val_mse, rel=1e-12)
    # the two data sets give different curves, so swapping them would fail the checks above
    assert not np.allclose(history.losses, history.validation_losses, rtol=1e-3)


@pytest.mark.parametrize(
    ("losses", "validation_losses", "error", "message"),
    [
        ([], None, ValueError, r"History\.losses is empty"),
        ([[0.5, 0.4]], None, ValueError, r"History\.losses must be 1-D.*\(1, 2\)"),
        ([0.5, np.nan], None, ValueError, r"History\.losses contains 1 NaN"),
        ([0.5, np.inf], None, ValueError, r"History\.losses contains 1 NaN or infinite"),
        ("0.5", None, TypeError, r"History\.losses must be numeric"),
        (None, None, TypeError, r"History\.losses must be numeric"),
        ([0.5 + 1j], None, TypeError, r"History\.losses must hold real numbers"),
        ([0.5, 0.4], [0.6], ValueError, r"validation_losses must .*\(2,\), got shape \(1,\)"),
        ([0.5, 0.4], [[0.6, 0.5]], ValueError, r"History\.validation_losses must be 1-D"),
        ([0.5, 0.4], [0.6, np.nan], ValueError, r"History\.validation_losses contains 1 NaN"),
        ([0.5, 0.4], ["a", "b"], TypeError, r"History\.validation_losses must hold numbers"),
    ],
)
def test_history_refuses_what_is_not_one_finite_loss_per_iteration(
    losses, validation_losses, error, message
):
    with pytest.raises(error, match=message):
        nnlib.History(losses, validation_losses)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    st.lists(st.floats(0, 1e300), min_size=1, max_size=20).flatmap(
        lambda losses: st.tuples(
            st.just(losses),
            st.none() | st.lists(st.floats(0, 1e300), min_size=len(losses), max_size=len(losses)),
        )
    )
)
def test_history_repr_shows_first_and_final_losses(pair):
    losses, validation_losses = pair
    text = repr(nnlib.History(losses, validation_losses))
    assert text.startswith(f"History(iterations={len(losses)}, first_loss={losses[0]:.4g}, ")
    assert f"final_loss={losses[-1]:.4g}" in text
    assert ("final_validation_loss" in text) == (validation_losses is not None)
